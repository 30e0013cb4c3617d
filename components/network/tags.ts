// AWS tags every clusterkit resource carries. Provider defaultTags reach neither ASG tags nor launch
// template tag specifications, so tags are set explicitly everywhere, from here.
import type { Cluster } from "../../config/stack";

/** Marks resources of (owned) or used by (shared) the cluster; EKS and the load balancer controller read it. */
export function clusterTagKey(clusterName: string): string {
  return `kubernetes.io/cluster/${clusterName}`;
}

/** The cluster's configured tags plus a Name, plus resource-specific extras (extras win). */
export function resourceTags(cluster: Pick<Cluster, "tags">, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return sortRecord({ ...cluster.tags, Name: name, ...extra });
}

export function sortRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
