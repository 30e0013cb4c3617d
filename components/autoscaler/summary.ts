// summary.md: cluster-autoscaler's flags and the priority expander's tiers, from the same spec functions.
import type { Cluster } from "../../config/stack";
import { planNodeGroups } from "../node-pools/plan";
import { clusterAutoscalerImage } from "../versions";
import { autoscalerFlags } from "./flags";
import { expanderPriorities } from "./priority-expander";

export function autoscalerSummary(cluster: Cluster): string[] {
  const groups = planNodeGroups(cluster);
  const tiers = [...expanderPriorities(groups)].reverse();
  return [
    "## cluster-autoscaler",
    "",
    `Image \`${clusterAutoscalerImage(cluster.kubernetesVersion)}\` on the admin pool, \`system-cluster-critical\`.`,
    "",
    "```",
    ...autoscalerFlags(cluster),
    "```",
    "",
    "Priority expander (`cluster-autoscaler-priority-expander`), highest first:",
    "",
    "| priority | ASGs |",
    "| ---: | --- |",
    ...tiers.map(([tier, patterns]) => `| ${tier} | ${patterns.map((p) => `\`${p}\``).join(", ")} |`),
  ];
}
