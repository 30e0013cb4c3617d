// The alert rule groups as one prometheus-operator PrometheusRule (monitoring.coreos.com/v1), in the
// namespace and with the labels the stack's Prometheus selects rules by.
import type { Cluster } from "../../config/stack";
import { monitoringLabels } from "./labels";
import { alertGroups, ruleFile } from "./rules";

export const PROMETHEUS_RULE_NAME = "clusterkit";

export interface PrometheusRuleObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PrometheusRule";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: ReturnType<typeof ruleFile>;
}

export function prometheusRule(cluster: Cluster): PrometheusRuleObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: PROMETHEUS_RULE_NAME, namespace: cluster.alerts.namespace, labels: monitoringLabels(cluster) },
    spec: ruleFile(alertGroups(cluster)),
  };
}
