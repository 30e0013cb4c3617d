// The node plan: the one source of ASG names, tiers, labels and taints every other component derives from.
import { describe, expect, it } from "vitest";
import { asgName, LABELS, ON_DEMAND_FALLBACK_TAINT, planNodeGroups, PRIORITY_TIERS, sizeClass } from "../components/node-pools/plan";
import { asgTags } from "../components/node-pools/tags";
import { exampleClusters } from "./helpers/stacks";

describe("node plan", () => {
  for (const cluster of exampleClusters()) {
    const groups = planNodeGroups(cluster);

    it(`${cluster.stack}: one admin, one monitoring, and 2 spot + 2 on-demand ASGs per app group, names unique`, () => {
      expect(groups.filter((g) => g.kind === "admin").map((g) => g.lifecycle)).toEqual(["on-demand"]);
      expect(groups.filter((g) => g.kind === "monitoring")).toHaveLength(1);
      for (const name of Object.keys(cluster.appGroups)) {
        const app = groups.filter((g) => g.pool === name);
        expect(app.map((g) => g.lifecycle).sort()).toEqual(["on-demand", "on-demand", "spot", "spot"]);
      }
      expect(new Set(groups.map((g) => g.name)).size).toBe(groups.length);
    });

    it(`${cluster.stack}: spot is the higher tier, on-demand fallbacks start empty`, () => {
      for (const g of groups) expect(g.tier).toBe(PRIORITY_TIERS[g.lifecycle]);
      expect(PRIORITY_TIERS.spot).toBeGreaterThan(PRIORITY_TIERS["on-demand"]);
      for (const g of groups.filter((x) => x.kind === "app" && x.lifecycle === "on-demand")) expect(g.minSize).toBe(0);
    });

    it(`${cluster.stack}: only the on-demand fallbacks of app groups carry the soft fallback taint, and their ASG tags say so`, () => {
      for (const g of groups) {
        const fallback = g.kind === "app" && g.lifecycle === "on-demand";
        expect(g.taints.some((t) => t.key === ON_DEMAND_FALLBACK_TAINT.key), g.name).toBe(fallback);
        const tag = asgTags(cluster, g).find((t) => t.key === `k8s.io/cluster-autoscaler/node-template/taint/${LABELS.lifecycle}`);
        expect(tag?.value, g.name).toBe(fallback ? "on-demand:PreferNoSchedule" : undefined);
      }
    });

    it(`${cluster.stack}: dedicated groups are tainted dedicated=<group>:NoSchedule on every ASG`, () => {
      for (const [name, app] of Object.entries(cluster.appGroups)) {
        for (const g of groups.filter((x) => x.pool === name)) {
          expect(g.taints.some((t) => t.key === "dedicated" && t.value === name && t.effect === "NoSchedule"), g.name).toBe(app.dedicated);
        }
      }
    });
  }

  it("names ASGs by cluster, group, lifecycle and size class", () => {
    expect(sizeClass("spot_4x_32Gb")).toBe("4x-32gb");
    expect(sizeClass("ondemand_8x_128Gb")).toBe("8x-128gb");
    expect(asgName("prod-eu-west-1", "api", "on-demand", "ondemand_4x_32Gb")).toBe("prod-eu-west-1-api-on-demand-4x-32gb");
  });
});
