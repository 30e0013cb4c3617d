// summary.md: which alerts the cluster's Prometheus gets, from the same rule groups.
import type { Cluster } from "../../config/stack";
import { PROMETHEUS_RULE_NAME } from "./manifests";
import { alertGroups } from "./rules";
import { scrapeJob, scrapeTargets } from "./scrape-targets";

export function alertsSummary(cluster: Cluster): string[] {
  const a = cluster.alerts;
  if (!a.enabled) return ["## Alerts", "", "Off (`alerts.enabled: false`)."];
  return [
    "## Alerts",
    "",
    `PrometheusRule \`${a.namespace}/${PROMETHEUS_RULE_NAME}\` (needs the prometheus-operator CRDs).`,
    "",
    "PodMonitors (same namespace and labels), each guarded by `MetricsTargetMissing`:",
    "",
    "| job | pods | port |",
    "| --- | --- | --- |",
    ...scrapeTargets(cluster).map(
      (t) => `| \`${scrapeJob(cluster, t)}\` | ${t.namespace}, ${Object.entries(t.matchLabels).map(([k, v]) => `\`${k}=${v}\``).join(", ")} | \`${t.port}\` |`,
    ),
    "",
    "| group | alert | for | severity |",
    "| --- | --- | --- | --- |",
    ...alertGroups(cluster).flatMap((g) => g.rules.map((r) => `| ${g.name} | ${r.alert}${r.labels.job ? ` (\`${r.labels.job}\`)` : ""} | ${r.for ?? "-"} | ${r.labels.severity} |`)),
  ];
}
