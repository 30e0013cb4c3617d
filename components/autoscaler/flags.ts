// cluster-autoscaler's command line, from the config. Values the seed or the reference argue for are
// fixed here with the reason; the timing knobs come from cluster.autoscaler.
import type { Cluster } from "../../config/stack";
import { priorityClassValue, OVERPROVISIONING_PRIORITY_CLASS } from "../priority-classes/spec";

export const AUTOSCALER_NAMESPACE = "kube-system";
export const AUTOSCALER_NAME = "cluster-autoscaler";
/** CA serves /metrics and /health-check here. */
export const AUTOSCALER_PORT = 8085;

/** The ASG tags CA discovers this cluster's groups by (every listed key must be on an ASG). */
export function discoveryTagKeys(clusterName: string): [string, string] {
  return ["k8s.io/cluster-autoscaler/enabled", `k8s.io/cluster-autoscaler/${clusterName}`];
}

export function autoscalerFlags(cluster: Cluster): string[] {
  const a = cluster.autoscaler;
  return [
    "--cloud-provider=aws",
    `--namespace=${AUTOSCALER_NAMESPACE}`,
    `--node-group-auto-discovery=asg:tag=${discoveryTagKeys(cluster.name).join(",")}`,
    // Spot tier first, on-demand fallback; ties inside a tier go to the ASG that wastes least.
    "--expander=priority,least-waste",
    // CA compares resources only; on AWS it ignores the lifecycle label, so balancing would mix tiers.
    "--balance-similar-node-groups=false",
    // Pods with emptyDir must not pin a node forever (the upstream AWS example sets this too).
    "--skip-nodes-with-local-storage=false",
    // Pods strictly below this are expendable: the pause pods sit exactly on it so their eviction scales up.
    `--expendable-pods-priority-cutoff=${priorityClassValue(OVERPROVISIONING_PRIORITY_CLASS)}`,
    // The seed's 5m: instances that launch but never join must not hold the fallback back for 15m.
    `--max-node-provision-time=${a.maxNodeProvisionTime}`,
    `--scale-down-unneeded-time=${a.scaleDownUnneededTime}`,
    `--scale-down-delay-after-add=${a.scaleDownDelayAfterAdd}`,
    `--scale-down-utilization-threshold=${a.scaleDownUtilizationThreshold}`,
    // A dry spot ASG is backed off this long: keep it above (spot ASGs per tier) x (cost per dry ASG), see
    // kubernetes/autoscaler#4958, or CA returns to the first dry ASG and never reaches on-demand.
    `--initial-node-group-backoff-duration=${a.initialNodeGroupBackoff}`,
    `--max-node-group-backoff-duration=${a.maxNodeGroupBackoff}`,
    `--address=:${AUTOSCALER_PORT}`,
    "--logtostderr=true",
    // v=2 logs every scale-up decision ("... chosen as the highest available") without v=4's volume.
    "--v=2",
  ];
}
