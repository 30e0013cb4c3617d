// summary.md: how on-demand fallback nodes leave after a spot shortage.
import type { Cluster } from "../../config/stack";
import { planNodeGroups } from "../node-pools/plan";
import { deschedulerImage } from "../versions";
import { isOnDemandFallback, UNNEEDED_TIME_TAG, UTILIZATION_THRESHOLD_TAG } from "./spec";

export function scaleBackSummary(cluster: Cluster): string[] {
  const s = cluster.onDemandScaleBack;
  if (!s.enabled) return ["## On-demand scale-back", "", "Off (`onDemandScaleBack.enabled: false`): on-demand nodes leave only through cluster-autoscaler's normal scale-down."];
  const fallbacks = planNodeGroups(cluster).filter(isOnDemandFallback);
  return [
    "## On-demand scale-back",
    "",
    `descheduler (\`${deschedulerImage(cluster.kubernetesVersion)}\`, every ${s.interval}) moves pods that have run ${s.after} on an on-demand app node to a spot node with room for them.`,
    `cluster-autoscaler options on the ${fallbacks.length} on-demand fallback ASGs: \`${UNNEEDED_TIME_TAG.split("/").pop()}=${s.unneededTime}\`, \`${UTILIZATION_THRESHOLD_TAG.split("/").pop()}=${s.utilizationThreshold}\` (removable as soon as their pods fit elsewhere).`,
  ];
}
