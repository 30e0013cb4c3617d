// On-demand scale-back as plain data (seed: draino removed on-demand nodes 2 h after a spot shortage, or
// they stayed for days). Two existing engines, no controller of our own (docs/spot-operations.md):
// - cluster-autoscaler per-ASG autoscaling-options tags make on-demand app nodes the first CA removes:
//   removable whenever their pods fit elsewhere (utilization threshold 1), after a short unneeded time;
// - the descheduler moves pods that have run `after` on an on-demand node to a spot node, only when one
//   has room for them right now (DefaultEvictor nodeFit restricted to spot nodes), so it never evicts a
//   pod that has nowhere better to go; the emptied on-demand node is then CA's to remove.
import type { Cluster } from "../../config/stack";
import { LABELS, type NodeGroup } from "../node-pools/plan";

/** cluster-autoscaler reads these per ASG (cloudprovider/aws/aws_manager.go GetAsgOptions). */
export const AUTOSCALING_OPTIONS = "k8s.io/cluster-autoscaler/node-template/autoscaling-options/";
export const UNNEEDED_TIME_TAG = `${AUTOSCALING_OPTIONS}scaledownunneededtime`;
export const UTILIZATION_THRESHOLD_TAG = `${AUTOSCALING_OPTIONS}scaledownutilizationthreshold`;

export const DESCHEDULER_NAME = "descheduler";
export const DESCHEDULER_NAMESPACE = "kube-system";
export const DESCHEDULER_POLICY_KEY = "policy.yaml";
export const SCALE_BACK_PROFILE = "on-demand-scale-back";
/** Namespaces the descheduler never touches: the platform's own pods stay where they are. */
export const UNTOUCHED_NAMESPACES = ["kube-system"] as const;

/** The on-demand fallback ASGs of app groups: the only nodes scale-back acts on (admin is on-demand by design). */
export function isOnDemandFallback(group: Pick<NodeGroup, "kind" | "lifecycle">): boolean {
  return group.kind === "app" && group.lifecycle === "on-demand";
}

/** Go durations CA and the descheduler parse ("2h", "1h30m"): seconds, for PodLifeTime. */
export function durationSeconds(d: string): number {
  const m = /^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$/.exec(d);
  if (!m || d === "") throw new Error(`"${d}" is not a duration like 2h, 90m or 1h30m`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** The per-ASG autoscaling options of an on-demand fallback ASG; none for any other group. */
export function scaleBackAsgTags(cluster: Pick<Cluster, "onDemandScaleBack">, group: Pick<NodeGroup, "kind" | "lifecycle">): Record<string, string> {
  const s = cluster.onDemandScaleBack;
  if (!s.enabled || !isOnDemandFallback(group)) return {};
  return { [UNNEEDED_TIME_TAG]: s.unneededTime, [UTILIZATION_THRESHOLD_TAG]: String(s.utilizationThreshold) };
}

/**
 * The descheduler's policy (descheduler/v1alpha2). One profile:
 * - nodeSelector: only on-demand app nodes are looked at;
 * - PodLifeTime: a pod becomes a candidate once it has run `after` there (the seed's 2 h);
 * - DefaultEvictor nodeFit with a spot nodeSelector: evicted only if it fits a spot node now (resources,
 *   selectors, NoSchedule taints), so the pod lands on spot, not back on on-demand; PDBs are honoured
 *   because the descheduler evicts through the Eviction API. System-critical, DaemonSet and local-storage
 *   pods stay (the evictor's defaults).
 */
export function deschedulerPolicy(cluster: Pick<Cluster, "onDemandScaleBack">): Record<string, unknown> {
  return {
    apiVersion: "descheduler/v1alpha2",
    kind: "DeschedulerPolicy",
    nodeSelector: `${LABELS.lifecycle}=on-demand,${LABELS.pool} notin (admin,monitoring)`,
    profiles: [
      {
        name: SCALE_BACK_PROFILE,
        pluginConfig: [
          {
            name: "DefaultEvictor",
            args: { nodeFit: true, nodeSelector: `${LABELS.lifecycle}=spot` },
          },
          {
            name: "PodLifeTime",
            args: {
              maxPodLifeTimeSeconds: durationSeconds(cluster.onDemandScaleBack.after),
              namespaces: { exclude: [...UNTOUCHED_NAMESPACES] },
            },
          },
        ],
        // Keys as the v1alpha2 Go types spell them (json:"preevictionfilter").
        plugins: { filter: { enabled: ["DefaultEvictor"] }, preevictionfilter: { enabled: ["DefaultEvictor"] }, deschedule: { enabled: ["PodLifeTime"] } },
      },
    ],
  };
}

export function deschedulerArgs(cluster: Pick<Cluster, "onDemandScaleBack">): string[] {
  return [
    `--policy-config-file=/policy-dir/${DESCHEDULER_POLICY_KEY}`,
    `--descheduling-interval=${cluster.onDemandScaleBack.interval}`,
    "--v=3",
  ];
}
