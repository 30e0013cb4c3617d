// createSpotAndCostOperations: spot interruption handling, on-demand scale-back, off-hours downscaling
// and the seed's alerts, each switched per stack. Thin wiring over the pure specs of spot-interruptions/,
// scale-back/, downscaler/ and alerts/.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../config/stack";
import { createAlerts } from "./alerts/create";
import { createDownscaler } from "./downscaler/create";
import type { NodeGroup } from "./node-pools/plan";
import { createScaleBack } from "./scale-back/create";
import { createSpotInterruptions } from "./spot-interruptions/create";

export interface OperationsDeps {
  provider: k8s.Provider;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  /** planNodeGroups(cluster): one entry per ASG. */
  nodeGroups: readonly NodeGroup[];
  /** ASG name per NodeGroup name, from the ASG resources (NodePools.asgs[name].name). */
  asgNames: Record<string, pulumi.Input<string>>;
}

export class SpotAndCostOperations extends pulumi.ComponentResource {
  constructor(cluster: Cluster, deps: OperationsDeps, opts?: pulumi.ComponentResourceOptions) {
    super("clusterkit:index:SpotAndCostOperations", `${cluster.name}-operations`, {}, opts);
    const on = { provider: deps.provider, parent: this };
    if (cluster.spotInterruptions.enabled) {
      createSpotInterruptions(cluster, { oidcProviderArn: deps.oidcProviderArn, oidcIssuerUrl: deps.oidcIssuerUrl, groups: deps.nodeGroups, asgNames: deps.asgNames }, on);
    }
    if (cluster.onDemandScaleBack.enabled) createScaleBack(cluster, on);
    if (cluster.downscaler.enabled) createDownscaler(cluster, on);
    if (cluster.alerts.enabled) createAlerts(cluster, on);
    this.registerOutputs({});
  }
}

export function createSpotAndCostOperations(cluster: Cluster, deps: OperationsDeps, opts?: pulumi.ComponentResourceOptions): SpotAndCostOperations {
  return new SpotAndCostOperations(cluster, deps, opts);
}
