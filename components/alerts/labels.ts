// The labels on every monitoring object clusterkit renders (PrometheusRule, PodMonitors): the stack's
// selector labels plus managed-by, sorted so output is stable.
import type { Cluster } from "../../config/stack";

export function monitoringLabels(cluster: Pick<Cluster, "alerts">): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ ...cluster.alerts.ruleLabels, "app.kubernetes.io/managed-by": "clusterkit" }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
