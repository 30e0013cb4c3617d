// createCluster: the whole cluster from one validated Cluster value. Thin wiring only: every rule lives
// in the pure spec modules of each component folder, which take plain config and return plain data.
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../config/stack";

export class ClusterComponent extends pulumi.ComponentResource {
  constructor(cluster: Cluster, opts?: pulumi.ComponentResourceOptions) {
    super("clusterkit:index:Cluster", cluster.name, {}, opts);
    this.registerOutputs({});
  }
}

export function createCluster(cluster: Cluster, opts?: pulumi.ComponentResourceOptions): ClusterComponent {
  return new ClusterComponent(cluster, opts);
}
