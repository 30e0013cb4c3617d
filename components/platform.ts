// createPlatform: the Kubernetes platform layer of a cluster, on the cluster's k8s Provider. Thin wiring:
// every object comes from the pure spec modules of priority-classes/, autoscaler/, overprovisioning/ and
// dns/, placed by node-pools/plan.ts and pinned by versions.ts.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../config/stack";
import { createAutoscaler } from "./autoscaler/create";
import { createDns } from "./dns/create";
import { createOverprovisioning } from "./overprovisioning/create";
import { createPriorityClasses } from "./priority-classes/create";

export interface PlatformDeps {
  provider: k8s.Provider;
  /** The EKS cluster's name (an output of the control plane), for the coredns add-on. */
  clusterName: pulumi.Input<string>;
  /** IRSA role cluster-autoscaler assumes (kube-system/cluster-autoscaler). */
  autoscalerRoleArn: pulumi.Input<string>;
  /** Where the node-local cache sends non-cluster names; default the Route 53 Resolver's link-local address. */
  vpcResolverIp?: string;
}

/**
 * `opts.dependsOn`: what must exist before any platform object, at least the node pools (the Deployments
 * and the coredns add-on only become ready once nodes run them).
 */
export function createPlatform(cluster: Cluster, deps: PlatformDeps, opts: { parent: pulumi.Resource; dependsOn?: pulumi.Resource[] }): void {
  const on = { provider: deps.provider, parent: opts.parent, dependsOn: opts.dependsOn };
  const priorityClasses = createPriorityClasses(on);
  createAutoscaler(cluster, deps.autoscalerRoleArn, on);
  createOverprovisioning(cluster, priorityClasses, on);
  createDns(cluster, { clusterName: deps.clusterName, vpcResolverIp: deps.vpcResolverIp }, on);
}
