import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRepo } from "../cli/check";
import { formatProblem } from "../config/problems";
import { INSTANCE_TYPES, lookupInstanceType } from "../config/catalog";
import { mergeLayers, originOf } from "../config/layers";
import { loadSnippets } from "../config/snippets";
import { listStacks, loadStack } from "../config/stack";
import { fixtureRepo, ROOT, stackYaml } from "./helpers/repo";

describe("values layering", () => {
  it("merges maps, replaces lists and scalars, the last layer winning", () => {
    const merged = mergeLayers([
      { file: "a.yaml", data: { x: { keep: 1, over: 1 }, list: [1, 2, 3], s: "a" } },
      { file: "b.yaml", data: { x: { over: 2, add: 3 }, list: [9], s: "b" } },
    ]);
    expect(merged.value).toEqual({ x: { keep: 1, over: 2, add: 3 }, list: [9], s: "b" });
    expect(originOf(merged, ["x", "keep"], "stack")).toBe("a.yaml");
    expect(originOf(merged, ["x", "over"], "stack")).toBe("b.yaml");
    expect(originOf(merged, ["list", 0], "stack")).toBe("b.yaml");
    expect(originOf(merged, ["nowhere"], "stack")).toBe("stack");
  });

  it("does not let a later layer mutate an earlier layer's data", () => {
    const first = { x: { a: 1 } };
    mergeLayers([
      { file: "a", data: {} },
      { file: "b", data: first },
      { file: "c", data: { x: { b: 2 } } },
    ]);
    expect(first).toEqual({ x: { a: 1 } });
  });

  it("layers defaults, then the environment, then the stack", () => {
    const result = loadStack(ROOT, "prod-eu-west-1");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const c = result.cluster;
    expect(c.environment).toBe("prod"); // from prod.yaml
    expect(c.appGroups.workers.maxSize).toBe(150); // stack overrides defaults' 100
    expect(c.appGroups.workers.spot).toEqual(["spot_4x_32Gb", "spot_8x_mixed"]); // from defaults
    expect(c.controlPlane.logTypes).toContain("scheduler"); // prod.yaml list replaced the default
  });

  it("replaces a list from a values file instead of appending", () => {
    const result = loadStack(ROOT, "prod-eu-west-3");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.cluster.appGroups.workers.spot).toEqual(["spot_4x_mixed", "spot_8x_mixed"]);
  });

  it("fills documented defaults", () => {
    const result = loadStack(ROOT, "staging-eu-west-1");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const c = result.cluster;
    expect(c.controlPlane.endpointPublicAccess).toBe(false);
    expect(c.controlPlane.serviceCidr).toBe("172.20.0.0/16");
    expect(c.dns.nodeLocal.ip).toBe("169.254.20.10");
    expect(c.autoscaler.maxNodeProvisionTime).toBe("5m");
    expect(c.rolloutOrder).toBe(100);
    expect(c.appGroups.api.spotAllocationStrategy).toBe("capacity-optimized");
    expect(c.nodes.rootVolumeGiB).toBe(100);
  });

  it("places a values file once even when reached twice", () => {
    const repo = fixtureRepo({
      "snippets/values/base.yaml": "kubernetesVersion: \"1.34\"\n",
      "snippets/values/a.yaml": "extends: [base, staging]\n",
      "snippets/values/b.yaml": "extends: [base]\nkubernetesVersion: \"1.35\"\n",
      "stacks/Pulumi.twice.yaml": stackYaml("twice", "").replace("extends: [defaults, staging]", "extends: [defaults, b, a]"),
    });
    const result = loadStack(repo, "twice");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    // base came in through b (after defaults) and was not re-applied after b's override by a.
    expect(result.cluster.kubernetesVersion).toBe("1.35");
  });
});

describe("instance-type snippets", () => {
  const library = loadSnippets(ROOT);

  it("loads every committed snippet without problems", () => {
    for (const snippet of library.instanceTypes.values()) expect(snippet.problems, snippet.file).toEqual([]);
    expect(library.instanceTypes.size).toBeGreaterThanOrEqual(10);
  });

  it("keeps one vCPU count per snippet and puts the least memory first", () => {
    for (const snippet of library.instanceTypes.values()) {
      expect(new Set(snippet.types.map((t) => t.vcpu)).size, snippet.name).toBe(1);
      const memories = snippet.types.map((t) => t.memoryGiB);
      expect(memories, snippet.name).toEqual([...memories].sort((a, b) => a - b));
    }
  });

  it("sorts an out-of-memory-order list least memory first, by name on ties", () => {
    const repo = fixtureRepo({ "snippets/instance-types/unordered.yaml": "- r5.4xlarge\n- m5.4xlarge\n- c5n.4xlarge\n- c5.4xlarge\n" });
    const snippet = loadSnippets(repo).instanceTypes.get("unordered")!;
    expect(snippet.types.map((t) => t.name)).toEqual(["c5.4xlarge", "c5n.4xlarge", "m5.4xlarge", "r5.4xlarge"]);
  });

  it("knows the seed's types with the right shape", () => {
    expect(lookupInstanceType("c5.4xlarge")).toEqual({ name: "c5.4xlarge", vcpu: 16, memoryGiB: 32, architecture: "x86_64" });
    expect(lookupInstanceType("m5.8xlarge")).toMatchObject({ vcpu: 32, memoryGiB: 128 });
    expect(lookupInstanceType("r5.8xlarge")).toMatchObject({ vcpu: 32, memoryGiB: 256 });
    expect(lookupInstanceType("c5n.4xlarge")).toMatchObject({ vcpu: 16, memoryGiB: 42 });
    expect(lookupInstanceType("m6g.4xlarge")).toMatchObject({ architecture: "arm64" });
    expect(lookupInstanceType("c5.8xlarge")).toBeUndefined(); // c5 jumps from 4xlarge to 9xlarge
    expect(INSTANCE_TYPES.size).toBeGreaterThan(200);
  });
});

describe("stacks", () => {
  it("lists the example stacks and all of them validate", () => {
    const stacks = listStacks(ROOT);
    expect(stacks).toEqual(["prod-eu-west-1", "prod-eu-west-3", "staging-eu-west-1"]);
    for (const s of stacks) expect(loadStack(ROOT, s).ok, s).toBe(true);
  });

  it("gives every example stack admin, monitoring, a shared workers group and a dedicated api group", () => {
    for (const s of listStacks(ROOT)) {
      const r = loadStack(ROOT, s);
      if (!r.ok) throw new Error(s);
      expect(r.cluster.admin.instanceTypes).toBeTruthy();
      expect(r.cluster.monitoring.instanceTypes).toBeTruthy();
      expect(r.cluster.appGroups.workers.dedicated).toBe(false);
      expect(r.cluster.appGroups.api.dedicated).toBe(true);
    }
  });

  it("draws each spot ASG from more instance families in Paris, where spot is scarce", () => {
    const familiesPerAsg = (stack: string, group: string) => {
      const r = loadStack(ROOT, stack);
      if (!r.ok) throw new Error(stack);
      return r.cluster.appGroups[group].spot.map((s) => new Set(r.cluster.instanceTypes[s].map((t) => t.name.split(".")[0])).size);
    };
    for (const group of ["workers", "api"]) {
      const paris = familiesPerAsg("prod-eu-west-3", group);
      const ireland = familiesPerAsg("prod-eu-west-1", group);
      expect(paris[0], group).toBeGreaterThan(ireland[0]);
      expect(paris[1], group).toBeGreaterThanOrEqual(ireland[1]);
    }
  });
});

describe("which file a cross-field rule blames", () => {
  const lines = (root: string, stack: string) => checkRepo(root, [stack]).problems.map(formatProblem);

  it("blames the stack when the stack set one of the fields, even the other one", () => {
    const root = fixtureRepo({ "stacks/Pulumi.narrow.yaml": stackYaml("narrow", "admin:\n  maxSize: 1") });
    expect(lines(root, "narrow")).toEqual(["stacks/Pulumi.narrow.yaml: cluster.admin.minSize: is 2, above maxSize 1: minSize must be <= maxSize"]);
  });

  it("blames the values file when only it set them, and names the stack the combination broke", () => {
    const root = fixtureRepo({
      "snippets/values/tight.yaml": "admin:\n  minSize: 3\n  maxSize: 2\n",
      "stacks/Pulumi.tight.yaml": stackYaml("tight", "").replace("extends: [defaults, staging]", "extends: [defaults, staging, tight]"),
    });
    expect(lines(root, "tight")).toEqual(["snippets/values/tight.yaml: admin.minSize: is 3, above maxSize 2: minSize must be <= maxSize (in stack tight)"]);
  });
});

describe("alerts", () => {
  it("refuses enabled alerts without the labels a Prometheus selects, and accepts them off without", () => {
    const defaults = readFileSync(join(ROOT, "snippets/values/defaults.yaml"), "utf8");
    const withoutAlerts = defaults.slice(0, defaults.indexOf("\nalerts:\n") + 1);
    expect(withoutAlerts).not.toContain("ruleLabels");
    const root = fixtureRepo({
      "snippets/values/defaults.yaml": withoutAlerts,
      "stacks/Pulumi.quiet.yaml": stackYaml("quiet", ""),
      "stacks/Pulumi.loud.yaml": stackYaml("loud", "alerts:\n  enabled: true"),
    });
    expect(checkRepo(root, ["quiet"]).problems).toEqual([]);
    expect(checkRepo(root, ["loud"]).problems.map(formatProblem)).toEqual([
      "stacks/Pulumi.loud.yaml: cluster.alerts.ruleLabels: is empty while alerts are enabled: no Prometheus would select the rules (kube-prometheus-stack selects release: <its release name>); set the labels its ruleSelector and podMonitorSelector match",
    ]);
  });
});
