// summary.md: which alerts the cluster's Prometheus gets, from the same rule groups.
import type { Cluster } from "../../config/stack";
import { PROMETHEUS_RULE_NAME } from "./manifests";
import { alertGroups } from "./rules";

export function alertsSummary(cluster: Cluster): string[] {
  const a = cluster.alerts;
  if (!a.enabled) return ["## Alerts", "", "Off (`alerts.enabled: false`)."];
  return [
    "## Alerts",
    "",
    `PrometheusRule \`${a.namespace}/${PROMETHEUS_RULE_NAME}\` (needs the prometheus-operator CRDs).`,
    "",
    "| group | alert | for | severity |",
    "| --- | --- | --- | --- |",
    ...alertGroups(cluster).flatMap((g) => g.rules.map((r) => `| ${g.name} | ${r.alert} | ${r.for ?? "-"} | ${r.labels.severity} |`)),
  ];
}
