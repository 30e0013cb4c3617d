// How the node-local cache rolls out, and how long Pulumi may wait for it. pulumi-kubernetes waits for a
// DaemonSet until every node runs the new pod and it is available, 10 minutes by default: too short for a
// large cluster unless the rollout replaces many nodes at once.
import type { Cluster } from "../../config/stack";
import { planNodeGroups } from "../node-pools/plan";

/** rollingUpdate.maxUnavailable, as upstream NodeLocal DNSCache sets it. */
export const NODE_LOCAL_DNS_MAX_UNAVAILABLE_PERCENT = 10;
/** pulumi-kubernetes' own DaemonSet timeout: never wait less than that. */
export const PULUMI_DAEMONSET_DEFAULT_MINUTES = 10;
/**
 * Budget for one round of replacement. A round is realistically 30-60 s: the 1 s grace period, the new
 * pod created, the image pulled (every node of the round pulls at once), started, then a readiness probe
 * every 10 s. 3 minutes also covers a slow registry and NotReady nodes (spot reclaims in progress),
 * whose pods count against maxUnavailable and shrink the rounds.
 */
export const MINUTES_PER_ROUND = 3;

/** The most nodes the cluster can have: every ASG at its max size. */
export function maxNodeCount(cluster: Cluster): number {
  return planNodeGroups(cluster).reduce((sum, g) => sum + g.maxSize, 0);
}

/** Nodes replaced at once: the DaemonSet controller rounds a percentage up, so at least one. */
export function rolloutBatchSize(nodes: number): number {
  return Math.max(1, Math.ceil((nodes * NODE_LOCAL_DNS_MAX_UNAVAILABLE_PERCENT) / 100));
}

/** Rounds a rollout over `nodes` takes: at most 100 / percent (10), however large the cluster. */
export function rolloutRounds(nodes: number): number {
  return Math.ceil(nodes / rolloutBatchSize(nodes));
}

/** Minutes Pulumi may wait for a rollout over `nodes` nodes. */
export function rolloutTimeoutMinutes(nodes: number): number {
  return Math.max(PULUMI_DAEMONSET_DEFAULT_MINUTES, rolloutRounds(nodes) * MINUTES_PER_ROUND);
}

/** The most any cluster's rollout may take: the rounds never exceed 100 / percent. */
export const MAX_ROLLOUT_TIMEOUT_MINUTES = Math.max(PULUMI_DAEMONSET_DEFAULT_MINUTES, (100 / NODE_LOCAL_DNS_MAX_UNAVAILABLE_PERCENT) * MINUTES_PER_ROUND);

/**
 * The DaemonSet's customTimeouts. An update rolls in rounds; a create starts every node's pod at once,
 * but on a new cluster it also waits for nodes still joining, so it gets the same budget. A longer
 * timeout costs only a slower failure on a rollout that is broken anyway.
 */
export function nodeLocalDnsTimeouts(cluster: Cluster): { create: string; update: string } {
  const minutes = `${rolloutTimeoutMinutes(maxNodeCount(cluster))}m`;
  return { create: minutes, update: minutes };
}
