// createDns under the Pulumi mock runtime: the node-local DaemonSet is registered with the rollout
// timeouts sized for the cluster (resources.json does not record customTimeouts, so they are read here
// from the raw registration request).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { describe, expect, it } from "vitest";
import { createDns } from "../components/dns/create";
import { nodeLocalDnsTimeouts } from "../components/dns/rollout";
import type { Cluster } from "../config/stack";
import { runUnderMocks } from "../synth/recorder";
import { exampleClusters } from "./helpers/stacks";

type Timeouts = { create: string; update: string; delete: string };

class TimeoutsMonitor extends MockMonitor {
  readonly timeouts: Record<string, Timeouts | undefined> = {};

  constructor() {
    super({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) });
  }

  async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
    const t = req.getCustomtimeouts();
    this.timeouts[`${req.getType()}::${req.getName()}`] = t ? { create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() } : undefined;
    return super.registerResource(req, callback);
  }
}

async function registeredTimeouts(cluster: Cluster): Promise<TimeoutsMonitor["timeouts"]> {
  const monitor = new TimeoutsMonitor();
  await runUnderMocks(
    monitor,
    () => {
      const parent = new pulumi.ComponentResource("clusterkit:test:Parent", "parent");
      const provider = new k8s.Provider("test", { kubeconfig: "{}" }, { parent });
      createDns(cluster, { clusterName: cluster.name }, { provider, parent });
    },
    { project: "clusterkit", stack: cluster.stack, config: {} },
  );
  return monitor.timeouts;
}

describe("createDns", () => {
  const prod = exampleClusters().find((c) => c.stack === "prod-eu-west-1")!;

  it("gives the node-local DaemonSet create and update timeouts sized for the cluster's largest node count", async () => {
    const timeouts = await registeredTimeouts(prod);
    expect(nodeLocalDnsTimeouts(prod)).toEqual({ create: "30m", update: "30m" });
    expect(timeouts["kubernetes:apps/v1:DaemonSet::kube-system/node-local-dns"]).toEqual({ create: "30m", update: "30m", delete: "" });
  });
});
