// summary.md: what a reviewer needs at a glance. Each component contributes its own section from its
// pure spec (components/*/summary), so the summary shows the same values the resources are built from.
import type { Cluster } from "../config/stack";
import { SUMMARY_SECTIONS } from "../components/summaries";
import type { RecordedResource } from "./recorder";

export function renderSummary(cluster: Cluster, resources: readonly RecordedResource[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const lines = [
    `# ${cluster.name}`,
    "",
    `Stack \`${cluster.stack}\` · ${cluster.environment} · ${cluster.region} · Kubernetes ${cluster.kubernetesVersion} · rollout order ${cluster.rolloutOrder}`,
    "",
  ];
  for (const section of SUMMARY_SECTIONS) lines.push(...section(cluster), "");
  lines.push("## Resources", "", "| type | count |", "| --- | ---: |");
  for (const type of [...counts.keys()].sort()) lines.push(`| \`${type}\` | ${counts.get(type)} |`);
  lines.push(`| **total** | ${resources.length} |`, "");
  return lines.join("\n");
}
