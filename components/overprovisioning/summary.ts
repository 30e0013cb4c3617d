// summary.md: each group's ladder and the pause pods it yields at a few sizes, plus the per-node overhead.
import type { Cluster } from "../../config/stack";
import { ladderReplicas, type Steps } from "./ladder";
import { fixedNodeOverhead } from "./node-overhead";
import { formatAmount } from "./resources";
import { ladderJson } from "./ladder";
import { overprovisionedGroups } from "./spec";

/** 0, every threshold, and twice the last: where the ladder changes and what it does beyond. */
function samplePoints(steps: Steps | undefined): number[] {
  if (!steps || steps.length === 0) return [];
  const thresholds = steps.map((s) => s[0]);
  return [...new Set([0, ...thresholds, 2 * Math.max(...thresholds)])].sort((a, b) => a - b);
}

export function overprovisioningSummary(cluster: Cluster): string[] {
  const lines = ["## Overprovisioning ladders", ""];
  const groups = overprovisionedGroups(cluster);
  if (groups.length === 0) return [...lines, "No app group has overprovisioning enabled."];
  for (const [name, g] of groups) {
    const op = g.overprovisioning;
    lines.push(`### ${name}`, "", `Pause pod ${op.pod.cpu} CPU / ${op.pod.memory} (largest app pod: ${g.largestPod ? `${g.largestPod.cpu} / ${g.largestPod.memory}` : "not declared"}); ladder \`${ladderJson(op.ladder)}\``, "");
    const cores = samplePoints(op.ladder.coresToReplicas);
    const nodes = samplePoints(op.ladder.nodesToReplicas);
    if (cores.length > 0) lines.push(`- by cores: ${cores.map((c) => `${c} → ${ladderReplicas(op.ladder, { cores: c, nodes: 0 })}`).join(", ")}`);
    if (nodes.length > 0) lines.push(`- by nodes: ${nodes.map((n) => `${n} → ${ladderReplicas(op.ladder, { cores: 0, nodes: n })}`).join(", ")}`);
    lines.push("");
  }
  return lines.slice(0, -1);
}

export function nodeOverheadSummary(cluster: Cluster): string[] {
  const o = fixedNodeOverhead(cluster);
  return [
    "## Fixed per-node overhead",
    "",
    "DaemonSets clusterkit ships, all Guaranteed QoS (requests == limits). Not included: the EKS add-ons aws-node and kube-proxy, and kubelet's reservation.",
    "",
    "| DaemonSet | per node |",
    "| --- | --- |",
    ...o.entries.map((e) => `| \`${e.name}\` | ${formatAmount(e.perNode)} |`),
    `| **total** | ${formatAmount(o.total)} |`,
  ];
}
