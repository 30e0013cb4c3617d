// The node groups of a cluster as plain data: one entry per ASG, with the name, purchase option,
// priority tier, instance types, sizes, labels and taints. Everything that must agree (kubelet flags,
// cluster-autoscaler's node-template tags, the priority expander, pod selectors and tolerations) is
// derived from these entries, never restated.
import type { InstanceType } from "../../config/catalog";
import type { Taint } from "../../config/schema";
import type { Cluster } from "../../config/stack";
import { spotOperationAsgTags, spotOperationInstanceTags } from "../spot-interruptions/tags";

export type Lifecycle = "spot" | "on-demand";
export type PoolKind = "admin" | "monitoring" | "app";

/** Priority expander tiers: cluster-autoscaler tries the highest first, then falls back. */
export const PRIORITY_TIERS: Readonly<Record<Lifecycle, number>> = { spot: 20, "on-demand": 10 };

/** Label keys clusterkit puts on every node: pods select on these. */
export const LABELS = {
  pool: "clusterkit.io/pool",
  lifecycle: "clusterkit.io/lifecycle",
} as const;

/** Pools that are not app groups: one ASG each, and names app groups may not take. */
export const PLATFORM_POOLS = ["admin", "monitoring"] as const;

/** Taint key of dedicated pools: dedicated=<pool>:NoSchedule. */
export const DEDICATED_TAINT_KEY = "dedicated";

export interface NodeGroup {
  /** ASG name, also the node group id cluster-autoscaler matches priority patterns against. */
  name: string;
  /** Pool (admin, monitoring, or the app group name) this ASG belongs to. */
  pool: string;
  kind: PoolKind;
  lifecycle: Lifecycle;
  tier: number;
  /** Snippet the instance types come from. */
  snippet: string;
  /** Least memory first: the first is what cluster-autoscaler templates the ASG from. */
  instanceTypes: InstanceType[];
  vcpu: number;
  minSize: number;
  maxSize: number;
  availabilityZones: string[];
  spotAllocationStrategy?: "capacity-optimized" | "price-capacity-optimized";
  /** Sorted by key. */
  labels: Record<string, string>;
  taints: Taint[];
  /** Tags other concerns need on this ASG (spot interruption handling, on-demand scale-back). */
  operationTags: { instance: Record<string, string>; asg: Record<string, string> };
}

/** "spot_4x_32Gb" -> "4x-32gb": the size class part of an ASG name. */
export function sizeClass(snippet: string): string {
  return snippet
    .replace(/^(spot|ondemand|on-demand|od)[_-]/i, "")
    .replace(/_/g, "-")
    .toLowerCase();
}

export function asgName(cluster: string, pool: string, lifecycle: Lifecycle, snippet: string): string {
  return `${asgNamePrefix(cluster)}${pool}-${lifecycle}-${sizeClass(snippet)}`;
}

/** What every ASG name of the cluster starts with (EventBridge matches the cluster's ASGs by it). */
export function asgNamePrefix(cluster: string): string {
  return `${cluster}-`;
}

function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Soft taint on the on-demand fallback nodes of app groups: schedule there only when no spot node fits. */
export const ON_DEMAND_FALLBACK_TAINT: Taint = { key: LABELS.lifecycle, value: "on-demand", effect: "PreferNoSchedule" };

function dedicatedTaint(pool: string): Taint {
  return { key: DEDICATED_TAINT_KEY, value: pool, effect: "NoSchedule" };
}

export function planNodeGroups(cluster: Cluster): NodeGroup[] {
  const zones = cluster.network.availabilityZones;
  const group = (
    pool: string,
    kind: PoolKind,
    lifecycle: Lifecycle,
    snippet: string,
    size: { minSize: number; maxSize: number },
    extra: { labels?: Record<string, string>; taints?: Taint[]; spotAllocationStrategy?: NodeGroup["spotAllocationStrategy"] },
  ): NodeGroup => {
    const instanceTypes = cluster.instanceTypes[snippet];
    return {
      name: asgName(cluster.name, pool, lifecycle, snippet),
      pool,
      kind,
      lifecycle,
      tier: PRIORITY_TIERS[lifecycle],
      snippet,
      instanceTypes,
      vcpu: instanceTypes[0].vcpu,
      minSize: size.minSize,
      maxSize: size.maxSize,
      availabilityZones: [...zones],
      ...(lifecycle === "spot" ? { spotAllocationStrategy: extra.spotAllocationStrategy ?? "capacity-optimized" } : {}),
      labels: sortedLabels({ ...extra.labels, [LABELS.pool]: pool, [LABELS.lifecycle]: lifecycle }),
      taints: extra.taints ?? [],
      operationTags: {
        instance: spotOperationInstanceTags(cluster, { kind, lifecycle }),
        asg: spotOperationAsgTags(cluster, { kind, lifecycle }),
      },
    };
  };

  const groups: NodeGroup[] = [
    group("admin", "admin", "on-demand", cluster.admin.instanceTypes, cluster.admin, { taints: [dedicatedTaint("admin")] }),
    group("monitoring", "monitoring", cluster.monitoring.lifecycle, cluster.monitoring.instanceTypes, cluster.monitoring, {
      taints: [dedicatedTaint("monitoring")],
    }),
  ];
  for (const name of Object.keys(cluster.appGroups).sort()) {
    const g = cluster.appGroups[name];
    const taints = [...(g.dedicated ? [dedicatedTaint(name)] : []), ...g.taints];
    const extra = { labels: g.labels, taints, spotAllocationStrategy: g.spotAllocationStrategy };
    for (const snippet of g.spot) groups.push(group(name, "app", "spot", snippet, g, extra));
    // On-demand ASGs are fallbacks: they start empty and grow only when spot cannot. Their soft taint
    // makes the scheduler prefer spot nodes whenever one fits, so pods moved off on-demand nodes (and
    // pause pods) land on spot, and the emptied on-demand nodes can be scaled down.
    const fallback = { ...extra, taints: [...taints, ON_DEMAND_FALLBACK_TAINT] };
    for (const snippet of g.onDemand) groups.push(group(name, "app", "on-demand", snippet, { minSize: 0, maxSize: g.maxSize }, fallback));
  }
  return groups;
}

/** The toleration a pod needs to run on a pool (none for an untainted pool). */
export interface Toleration {
  key: string;
  operator: "Equal";
  value: string;
  effect: Taint["effect"];
}

export function tolerationsFor(groups: readonly NodeGroup[], pool: string): Toleration[] {
  const first = groups.find((g) => g.pool === pool);
  return (first?.taints ?? []).map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
}

/** The node selector that pins a pod to a pool. */
export function nodeSelectorFor(pool: string): Record<string, string> {
  return { [LABELS.pool]: pool };
}
