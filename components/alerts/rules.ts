// The seed's alerts as Prometheus rule groups, plain data (the same text goes into the PrometheusRule
// objects and into the rule file test/alerts.test.ts runs through `promtool check rules` / `test rules`).
// Metric names as the exporters publish them today:
// - kube-state-metrics v2 replaced kube_pod_container_resource_limits_cpu_cores (the seed's rule) with
//   kube_pod_container_resource_limits{resource="cpu", unit="core"};
// - cluster-autoscaler (metrics/metrics.go): cluster_autoscaler_failed_scale_ups_total{reason},
//   cluster_autoscaler_unschedulable_pods_count{type="unschedulable"|"scheduler_unprocessed"}; on AWS a
//   launch the ASG cannot fulfil (spot shortage) has reason="placeholder-cannot-be-fulfilled";
// - dnsmasq exports nothing in our setup, so node-local DNS health is its DaemonSet's availability
//   (kube-state-metrics) plus the SERVFAIL share CoreDNS answers (coredns_dns_responses_total{rcode}).
// - every series above comes from a scrape clusterkit sets up (scrape-targets.ts) or the monitoring
//   stack's own; a target that stops being scraped silences its alerts, so each has an absent() guard.
import type { Cluster } from "../../config/stack";
import { NODE_LOCAL_DNS_NAME, NODE_LOCAL_DNS_NAMESPACE } from "../dns/dnsmasq";
import { autoscalerName, OVERPROVISIONING_NAMESPACE, overprovisionedGroups, pauseDeploymentName } from "../overprovisioning/spec";
import { scrapeJob, scrapeTargets } from "./scrape-targets";

export type Severity = "notice" | "warning" | "critical";

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: Severity } & Record<string, string>;
  annotations: { summary: string; description: string };
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

/** A node younger than this counts as "joining during a scale-up". */
export const NEW_NODE_SECONDS = 1800;
/** Share of SERVFAIL answers above which DNS is failing for real, not for one broken upstream name. */
export const SERVFAIL_RATIO = 0.01;

/**
 * cluster-autoscaler's failed scale-up reason when an ASG's launch fails (aws auto_scaling_groups.go
 * placeholderUnfulfillableStatus, reported as the error code): a spot shortage, which the priority
 * expander answers with the on-demand tier by design. It is also what any other failed launch reports
 * (on-demand capacity, vCPU quota, subnet addresses); when those leave pods without a node,
 * ClusterAutoscalerUnschedulablePods and OverprovisioningHeadroomGone fire.
 */
export const SPOT_SHORTAGE_REASON = "placeholder-cannot-be-fulfilled";

/** How long a scrape target may be gone before its guard fires: rollouts and leader changes take less. */
export const TARGET_MISSING_FOR = "15m";

type AlertsCluster = Pick<Cluster, "name" | "alerts">;

interface AlertInput {
  alert: string;
  expr: string;
  for?: string;
  severity: Severity;
  /** Labels beyond severity and cluster. */
  labels?: Record<string, string>;
  summary: string;
  description: string;
}

/** Every alert carries its severity and the cluster's name (the seed's cluster_name, known here at render time). */
function alert(cluster: AlertsCluster, a: AlertInput): AlertRule {
  return {
    alert: a.alert,
    expr: a.expr,
    ...(a.for ? { for: a.for } : {}),
    labels: { ...a.labels, severity: a.severity, cluster: cluster.name },
    annotations: { summary: a.summary, description: a.description },
  };
}

/** The seed's "Container getting close to its CPU Limit", on kube-state-metrics v2's metric name. */
function containerRules(cluster: AlertsCluster): RuleGroup {
  const percent = cluster.alerts.cpuLimitPercent;
  return {
    name: "clusterkit.containers",
    rules: [
      alert(cluster, {
        alert: "ContainerCloseToCpuLimit",
        expr: [
          "(",
          '  sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{job="kubelet", container!="POD", container!=""}[1m]))',
          '  / sum by (namespace, pod, container) (kube_pod_container_resource_limits{job="kube-state-metrics", resource="cpu", container!="POD", container!=""})',
          `) * 100 > ${percent}`,
        ].join("\n"),
        // The seed fired on one evaluation; 5 minutes keeps a single 1-minute burst from paging anyone.
        for: "5m",
        severity: "notice",
        summary: `Container using more than ${percent}% of its CPU limit`,
        description:
          '{{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} uses {{ printf "%.0f" $value }}% of its CPU limit: it will soon be throttled, which hurts its latency.',
      }),
    ],
  };
}

/** Unavailable replicas of the named Deployments in the overprovisioning namespace (kube-state-metrics). */
function overprovisioningUnavailable(deployments: readonly string[]): string {
  // Group names are [a-z0-9-] (config/schema.ts): nothing to escape in the regex.
  return `kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="${OVERPROVISIONING_NAMESPACE}", deployment=~"${deployments.join("|")}"} > 0`;
}

/**
 * Spare capacity that stays gone means cluster-autoscaler could not replace it (spot shortage, max size).
 * The pause Deployments and their cluster-proportional-autoscalers share the namespace: each rule names
 * its own Deployments. No overprovisioned group, no Deployment rules.
 */
function overprovisioningRules(cluster: Cluster): RuleGroup {
  const groups = overprovisionedGroups(cluster).map(([name]) => name);
  const deploymentRules =
    groups.length === 0
      ? []
      : [
          alert(cluster, {
            alert: "OverprovisioningHeadroomGone",
            expr: overprovisioningUnavailable(groups.map(pauseDeploymentName)),
            for: "15m",
            severity: "warning",
            summary: "Overprovisioning pause pods pending for 15 minutes",
            description:
              "{{ $value }} pause pod(s) of {{ $labels.deployment }} have been unavailable for 15 minutes: the next application scale-up waits for a new node. Check cluster-autoscaler's failed scale-ups and the ASGs' max size.",
          }),
          alert(cluster, {
            alert: "OverprovisioningAutoscalerUnavailable",
            expr: overprovisioningUnavailable(groups.map(autoscalerName)),
            for: "15m",
            severity: "warning",
            summary: "Overprovisioning ladder frozen: its cluster-proportional-autoscaler is down",
            description:
              "{{ $labels.deployment }} has had no available pod for 15 minutes: its group's pause pods stay at their last count, so the headroom no longer follows the group's size. Check the pod's events and logs.",
          }),
        ];
  return {
    name: "clusterkit.overprovisioning",
    rules: [
      ...deploymentRules,
      alert(cluster, {
        alert: "NodeNotReadyDuringScaleUp",
        expr: [
          'kube_node_status_condition{job="kube-state-metrics", condition="Ready", status="true"} == 0',
          `and on (node) (time() - kube_node_created{job="kube-state-metrics"} < ${NEW_NODE_SECONDS})`,
        ].join("\n"),
        for: "10m",
        severity: "warning",
        summary: "A new node has not become Ready in 10 minutes",
        description:
          "Node {{ $labels.node }} joined during a scale-up and is still NotReady after 10 minutes: pending pods wait on it. Check its kubelet and CNI, and cluster-autoscaler's --max-node-provision-time.",
      }),
    ],
  };
}

function autoscalerRules(cluster: AlertsCluster): RuleGroup {
  return {
    name: "clusterkit.cluster-autoscaler",
    rules: [
      alert(cluster, {
        alert: "ClusterAutoscalerFailedScaleUp",
        // Spot shortages are the designed spot -> on-demand fallback, not a failure to alert on.
        expr: `sum by (reason) (increase(cluster_autoscaler_failed_scale_ups_total{reason!="${SPOT_SHORTAGE_REASON}"}[15m])) > 0`,
        severity: "warning",
        summary: "cluster-autoscaler scale-ups are failing",
        description: `Scale-ups failed in the last 15 minutes ({{ $labels.reason }}): the AWS API refused a scale-up or new nodes did not register in time. Check cluster-autoscaler's log and the ASGs. Spot shortages (${SPOT_SHORTAGE_REASON}) are not counted here: the on-demand tier takes over.`,
      }),
      alert(cluster, {
        alert: "ClusterAutoscalerUnschedulablePods",
        expr: 'cluster_autoscaler_unschedulable_pods_count{type="unschedulable"} > 0',
        for: "15m",
        severity: "warning",
        summary: "Pods unschedulable for 15 minutes",
        description:
          "cluster-autoscaler has seen {{ $value }} unschedulable pod(s) for 15 minutes: no node group can take them (max size, selectors, taints) or every tier is out of capacity.",
      }),
    ],
  };
}

function dnsRules(cluster: AlertsCluster): RuleGroup {
  return {
    name: "clusterkit.dns",
    rules: [
      alert(cluster, {
        alert: "NodeLocalDnsUnavailable",
        expr: `kube_daemonset_status_number_unavailable{job="kube-state-metrics", namespace="${NODE_LOCAL_DNS_NAMESPACE}", daemonset="${NODE_LOCAL_DNS_NAME}"} > 0`,
        for: "10m",
        severity: "warning",
        summary: "Node-local DNS cache down on some nodes",
        description:
          "{{ $value }} node(s) have had no running node-local DNS cache for 10 minutes: their pods fall back to kube-dns directly (slower, conntrack-bound).",
      }),
      alert(cluster, {
        alert: "CoreDnsServfailRatioHigh",
        expr: [
          'sum(rate(coredns_dns_responses_total{rcode="SERVFAIL"}[5m]))',
          "/ sum(rate(coredns_dns_responses_total[5m]))",
          `> ${SERVFAIL_RATIO}`,
        ].join("\n"),
        for: "10m",
        severity: "warning",
        summary: "CoreDNS answers SERVFAIL too often",
        description: `{{ $value | humanizePercentage }} of CoreDNS answers are SERVFAIL (over ${SERVFAIL_RATIO * 100}% for 10 minutes): upstream resolvers fail or time out, and every node-local cache forwards those failures.`,
      }),
    ],
  };
}

/**
 * One guard per PodMonitor: no target of its job up. `== 1` also catches targets that are discovered but
 * fail every scrape, and a Prometheus whose podMonitorSelector does not match (no series at all).
 */
function scrapeTargetRules(cluster: Cluster): RuleGroup {
  return {
    name: "clusterkit.scrape-targets",
    rules: scrapeTargets(cluster).map((t) => {
      const job = scrapeJob(cluster, t);
      return alert(cluster, {
        alert: "MetricsTargetMissing",
        expr: `absent(up{job="${job}"} == 1)`,
        for: TARGET_MISSING_FOR,
        severity: "warning",
        labels: { job },
        summary: `No ${t.name} metrics`,
        description: `Prometheus has scraped no ${t.name} pod (${t.namespace}, job ${job}) for ${TARGET_MISSING_FOR}: the alerts on its metrics cannot fire. Check the pods, the PodMonitor ${job}, and that Prometheus's podMonitorSelector matches its labels.`,
      });
    }),
  };
}

export function alertGroups(cluster: Cluster): RuleGroup[] {
  return [containerRules(cluster), overprovisioningRules(cluster), autoscalerRules(cluster), dnsRules(cluster), scrapeTargetRules(cluster)];
}

/** A Prometheus rule file (what promtool reads): `groups:` with each rule's keys in Prometheus's order. */
export function ruleFile(groups: readonly RuleGroup[]): { groups: { name: string; rules: Record<string, unknown>[] }[] } {
  return {
    groups: groups.map((g) => ({
      name: g.name,
      rules: g.rules.map((r) => ({ alert: r.alert, expr: r.expr, ...(r.for ? { for: r.for } : {}), labels: r.labels, annotations: r.annotations })),
    })),
  };
}
