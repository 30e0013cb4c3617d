// What Prometheus must scrape for the alerts to see anything: cluster-autoscaler, the termination handler
// and CoreDNS, as prometheus-operator PodMonitors (monitoring.coreos.com/v1) next to the PrometheusRule,
// with its labels (a kube-prometheus-stack Prometheus selects monitors and rules by the same label).
// Each target is read off the component's own Deployment: its selector and the name of its metrics port.
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { Cluster } from "../../config/stack";
import { AUTOSCALER_PORT } from "../autoscaler/flags";
import { autoscalerObjects } from "../autoscaler/spec";
import { COREDNS_METRICS_PORT, COREDNS_NAMESPACE, COREDNS_POD_LABELS } from "../dns/coredns";
import { METRICS_PORT as NTH_METRICS_PORT, nthObjects } from "../spot-interruptions/manifests";
import { monitoringLabels } from "./labels";

export const METRICS_PATH = "/metrics";

export interface ScrapeTarget {
  /** The PodMonitor's name, and what the alerts call the target. */
  name: string;
  /** Where the pods run. */
  namespace: string;
  matchLabels: Record<string, string>;
  /** The pods' named metrics port. */
  port: string;
}

export interface PodMonitorObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PodMonitor";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    selector: { matchLabels: Record<string, string> };
    namespaceSelector: { matchNames: string[] };
    podMetricsEndpoints: { port: string; path: string }[];
  };
}

/** The Deployment's pods as a scrape target: its selector, and the name it gives `containerPort`. */
export function deploymentTarget(deployment: IDeployment, containerPort: number): ScrapeTarget {
  const name = deployment.metadata!.name!;
  const ports = deployment.spec!.template.spec!.containers.flatMap((c) => c.ports ?? []);
  const port = ports.find((p) => p.containerPort === containerPort)?.name;
  if (!port) throw new Error(`${name}: no named container port ${containerPort} to scrape`);
  return { name, namespace: deployment.metadata!.namespace!, matchLabels: { ...deployment.spec!.selector.matchLabels }, port };
}

/** The pods whose metrics the alert rules read; NTH only where it runs. */
export function scrapeTargets(cluster: Cluster): ScrapeTarget[] {
  return [
    deploymentTarget(autoscalerObjects(cluster).deployment, AUTOSCALER_PORT),
    // Deploy-time values (queue URL, role ARN) play no part in the pods' selector or ports.
    ...(cluster.spotInterruptions.enabled ? [deploymentTarget(nthObjects(cluster, { queueUrl: "", roleArn: "" }).deployment, NTH_METRICS_PORT)] : []),
    // EKS runs CoreDNS (the managed add-on): its pods' label and port are EKS's.
    { name: "coredns", namespace: COREDNS_NAMESPACE, matchLabels: { ...COREDNS_POD_LABELS }, port: COREDNS_METRICS_PORT.name },
  ];
}

/** The `job` label prometheus-operator gives a PodMonitor's targets (no jobLabel set): `<namespace>/<name>` of the PodMonitor. */
export function scrapeJob(cluster: Pick<Cluster, "alerts">, target: Pick<ScrapeTarget, "name">): string {
  return `${cluster.alerts.namespace}/${target.name}`;
}

export function podMonitor(cluster: Pick<Cluster, "alerts">, target: ScrapeTarget): PodMonitorObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: target.name, namespace: cluster.alerts.namespace, labels: monitoringLabels(cluster) },
    spec: {
      selector: { matchLabels: target.matchLabels },
      namespaceSelector: { matchNames: [target.namespace] },
      podMetricsEndpoints: [{ port: target.port, path: METRICS_PATH }],
    },
  };
}

export function podMonitors(cluster: Cluster): PodMonitorObject[] {
  return scrapeTargets(cluster).map((t) => podMonitor(cluster, t));
}
