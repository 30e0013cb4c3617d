// The alert rules checked by the real tool: Debian's promtool (package `prometheus`, /usr/bin/promtool)
// parses every rendered rule file and runs unit tests on synthetic series. A missing promtool fails these
// tests; it never skips them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { prometheusRule } from "../components/alerts/manifests";
import { alertGroups, ruleFile } from "../components/alerts/rules";
import { deploymentTarget, podMonitors, scrapeJob, scrapeTargets } from "../components/alerts/scrape-targets";
import { AUTOSCALER_PORT } from "../components/autoscaler/flags";
import { autoscalerObjects } from "../components/autoscaler/spec";
import { METRICS_PORT as NTH_METRICS_PORT, nthObjects } from "../components/spot-interruptions/manifests";
import { exampleClusters } from "./helpers/stacks";

const clusters = exampleClusters();
const prod = clusters.find((c) => c.stack === "prod-eu-west-1")!;
const jobs = Object.fromEntries(scrapeTargets(prod).map((t) => [t.name, scrapeJob(prod, t)]));

function promtool(args: string[]): { status: number | null; output: string } {
  const r = spawnSync("promtool", args, { encoding: "utf8", timeout: 60_000 });
  if (r.error) throw new Error(`promtool could not run (${r.error.message}): install Debian's "prometheus" package, which ships /usr/bin/promtool`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function writeRules(dir: string, rules: unknown): string {
  const file = join(dir, "rules.yaml");
  writeFileSync(file, stringify(rules));
  return file;
}

describe("promtool check rules", () => {
  it.each(clusters.map((c) => [c.stack, c] as const))("%s: the rendered PrometheusRule's groups pass", (_stack, cluster) => {
    const dir = mkdtempSync(join(tmpdir(), "clusterkit-alerts-"));
    // Exactly what the PrometheusRule object carries, not a re-rendering.
    const file = writeRules(dir, prometheusRule(cluster).spec);
    const r = promtool(["check", "rules", file]);
    expect(r.output).toContain(`SUCCESS: ${alertGroups(cluster).flatMap((g) => g.rules).length} rules found`);
    expect(r.status).toBe(0);
  });

  it("rejects a rule with broken PromQL", () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterkit-alerts-"));
    const groups = alertGroups(prod);
    groups[0].rules[0] = { ...groups[0].rules[0], expr: "sum by (namespace (rate(container_cpu_usage_seconds_total[1m]))" };
    const r = promtool(["check", "rules", writeRules(dir, ruleFile(groups))]);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/parse error/);
  });

  it("uses kube-state-metrics v2's CPU limit metric, not the seed's removed one", () => {
    const expr = alertGroups(prod)[0].rules[0].expr;
    expect(expr).toContain('kube_pod_container_resource_limits{job="kube-state-metrics", resource="cpu"');
    expect(expr).not.toContain("kube_pod_container_resource_limits_cpu_cores");
  });
});

// ---- promtool test rules ------------------------------------------------------------------------

const base = { severity: "warning", cluster: prod.name };

/** Synthetic series and expected alerts: each alert fires on its signal and stays quiet on the look-alikes. */
const unitTests = [
  {
    name: "container close to its CPU limit (the seed's rule)",
    interval: "30s",
    input_series: [
      // 28.5 CPU-seconds every 30 s = 0.95 cores against a 1-core limit.
      { series: 'container_cpu_usage_seconds_total{job="kubelet", namespace="api", pod="api-1", container="php"}', values: "0+28.5x40" },
      { series: 'kube_pod_container_resource_limits{job="kube-state-metrics", namespace="api", pod="api-1", container="php", resource="cpu", unit="core"}', values: "1x40" },
      // 0.5 cores against 1 core: quiet.
      { series: 'container_cpu_usage_seconds_total{job="kubelet", namespace="api", pod="api-2", container="php"}', values: "0+15x40" },
      { series: 'kube_pod_container_resource_limits{job="kube-state-metrics", namespace="api", pod="api-2", container="php", resource="cpu", unit="core"}', values: "1x40" },
      // A memory limit of the same container is not a CPU limit.
      { series: 'kube_pod_container_resource_limits{job="kube-state-metrics", namespace="api", pod="api-1", container="php", resource="memory", unit="byte"}', values: "1x40" },
    ],
    alert_rule_test: [
      { eval_time: "3m", alertname: "ContainerCloseToCpuLimit", exp_alerts: [] },
      {
        eval_time: "10m",
        alertname: "ContainerCloseToCpuLimit",
        exp_alerts: [
          {
            exp_labels: { severity: "notice", cluster: prod.name, namespace: "api", pod: "api-1", container: "php" },
            exp_annotations: {
              summary: "Container using more than 90% of its CPU limit",
              description: "api/api-1/php uses 95% of its CPU limit: it will soon be throttled, which hurts its latency.",
            },
          },
        ],
      },
    ],
  },
  {
    name: "overprovisioning headroom gone: only the pause Deployments; a dead CPA is its own alert",
    interval: "1m",
    input_series: [
      { series: 'kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="overprovisioning", deployment="overprovisioning-workers"}', values: "0 0 2x30" },
      { series: 'kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="api", deployment="api"}', values: "3x30" },
      // The api group's cluster-proportional-autoscaler, in the same namespace, crash-looping.
      { series: 'kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="overprovisioning", deployment="overprovisioning-api-autoscaler"}', values: "0 0 1x30" },
      { series: 'kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="overprovisioning", deployment="overprovisioning-workers-autoscaler"}', values: "0x32" },
    ],
    alert_rule_test: [
      { eval_time: "10m", alertname: "OverprovisioningHeadroomGone", exp_alerts: [] },
      {
        eval_time: "20m",
        alertname: "OverprovisioningHeadroomGone",
        exp_alerts: [
          {
            exp_labels: { ...base, job: "kube-state-metrics", namespace: "overprovisioning", deployment: "overprovisioning-workers" },
            exp_annotations: {
              summary: "Overprovisioning pause pods pending for 15 minutes",
              description:
                "2 pause pod(s) of overprovisioning-workers have been unavailable for 15 minutes: the next application scale-up waits for a new node. Check cluster-autoscaler's failed scale-ups and the ASGs' max size.",
            },
          },
        ],
      },
      { eval_time: "10m", alertname: "OverprovisioningAutoscalerUnavailable", exp_alerts: [] },
      {
        eval_time: "20m",
        alertname: "OverprovisioningAutoscalerUnavailable",
        exp_alerts: [
          {
            exp_labels: { ...base, job: "kube-state-metrics", namespace: "overprovisioning", deployment: "overprovisioning-api-autoscaler" },
            exp_annotations: {
              summary: "Overprovisioning ladder frozen: its cluster-proportional-autoscaler is down",
              description:
                "overprovisioning-api-autoscaler has had no available pod for 15 minutes: its group's pause pods stay at their last count, so the headroom no longer follows the group's size. Check the pod's events and logs.",
            },
          },
        ],
      },
    ],
  },
  {
    name: "a new node NotReady for 10 minutes; an old NotReady node is some other alert's business",
    interval: "1m",
    input_series: [
      { series: 'kube_node_status_condition{job="kube-state-metrics", node="ip-10-0-1-1", condition="Ready", status="true"}', values: "0x30" },
      { series: 'kube_node_created{job="kube-state-metrics", node="ip-10-0-1-1"}', values: "60x30" },
      { series: 'kube_node_status_condition{job="kube-state-metrics", node="ip-10-0-1-2", condition="Ready", status="true"}', values: "0x30" },
      { series: 'kube_node_created{job="kube-state-metrics", node="ip-10-0-1-2"}', values: "-86400x30" },
      { series: 'kube_node_status_condition{job="kube-state-metrics", node="ip-10-0-1-3", condition="Ready", status="true"}', values: "1x30" },
      { series: 'kube_node_created{job="kube-state-metrics", node="ip-10-0-1-3"}', values: "60x30" },
    ],
    alert_rule_test: [
      { eval_time: "5m", alertname: "NodeNotReadyDuringScaleUp", exp_alerts: [] },
      {
        eval_time: "12m",
        alertname: "NodeNotReadyDuringScaleUp",
        exp_alerts: [
          {
            exp_labels: { ...base, job: "kube-state-metrics", node: "ip-10-0-1-1", condition: "Ready", status: "true" },
            exp_annotations: {
              summary: "A new node has not become Ready in 10 minutes",
              description:
                "Node ip-10-0-1-1 joined during a scale-up and is still NotReady after 10 minutes: pending pods wait on it. Check its kubelet and CNI, and cluster-autoscaler's --max-node-provision-time.",
            },
          },
        ],
      },
    ],
  },
  {
    name: "cluster-autoscaler failed scale-ups (not spot shortages) and unschedulable pods",
    interval: "1m",
    input_series: [
      // A spot shortage, as CA records it on AWS: the designed fallback to on-demand, quiet.
      { series: 'cluster_autoscaler_failed_scale_ups_total{reason="placeholder-cannot-be-fulfilled"}', values: "0 0 1 2 3 4 5x25" },
      // SetDesiredCapacity itself failing: real breakage.
      { series: 'cluster_autoscaler_failed_scale_ups_total{reason="cloudProviderError"}', values: "0 0 0 1 1 1 2x25" },
      { series: 'cluster_autoscaler_failed_scale_ups_total{reason="timeout"}', values: "0x30" },
      { series: 'cluster_autoscaler_unschedulable_pods_count{type="unschedulable"}', values: "0 3x30" },
      { series: 'cluster_autoscaler_unschedulable_pods_count{type="scheduler_unprocessed"}', values: "5x30" },
    ],
    alert_rule_test: [
      { eval_time: "2m", alertname: "ClusterAutoscalerFailedScaleUp", exp_alerts: [] },
      {
        eval_time: "8m",
        alertname: "ClusterAutoscalerFailedScaleUp",
        exp_alerts: [
          {
            exp_labels: { ...base, reason: "cloudProviderError" },
            exp_annotations: {
              summary: "cluster-autoscaler scale-ups are failing",
              description:
                "Scale-ups failed in the last 15 minutes (cloudProviderError): the AWS API refused a scale-up or new nodes did not register in time. Check cluster-autoscaler's log and the ASGs. Spot shortages (placeholder-cannot-be-fulfilled) are not counted here: the on-demand tier takes over.",
            },
          },
        ],
      },
      { eval_time: "10m", alertname: "ClusterAutoscalerUnschedulablePods", exp_alerts: [] },
      {
        eval_time: "20m",
        alertname: "ClusterAutoscalerUnschedulablePods",
        exp_alerts: [
          {
            exp_labels: { ...base, type: "unschedulable" },
            exp_annotations: {
              summary: "Pods unschedulable for 15 minutes",
              description:
                "cluster-autoscaler has seen 3 unschedulable pod(s) for 15 minutes: no node group can take them (max size, selectors, taints) or every tier is out of capacity.",
            },
          },
        ],
      },
    ],
  },
  {
    name: "node-local DNS unavailable; CoreDNS SERVFAIL share",
    interval: "1m",
    input_series: [
      { series: 'kube_daemonset_status_number_unavailable{job="kube-state-metrics", namespace="kube-system", daemonset="node-local-dns"}', values: "1x30" },
      { series: 'kube_daemonset_status_number_unavailable{job="kube-state-metrics", namespace="kube-system", daemonset="aws-node"}', values: "1x30" },
      // 50 SERVFAIL in every 1000 answers: 5 %.
      { series: 'coredns_dns_responses_total{rcode="NOERROR", server="dns://:53", zone="."}', values: "0+950x30" },
      { series: 'coredns_dns_responses_total{rcode="SERVFAIL", server="dns://:53", zone="."}', values: "0+50x30" },
    ],
    alert_rule_test: [
      {
        eval_time: "15m",
        alertname: "NodeLocalDnsUnavailable",
        exp_alerts: [
          {
            exp_labels: { ...base, job: "kube-state-metrics", namespace: "kube-system", daemonset: "node-local-dns" },
            exp_annotations: {
              summary: "Node-local DNS cache down on some nodes",
              description: "1 node(s) have had no running node-local DNS cache for 10 minutes: their pods fall back to kube-dns directly (slower, conntrack-bound).",
            },
          },
        ],
      },
      {
        eval_time: "20m",
        alertname: "CoreDnsServfailRatioHigh",
        exp_alerts: [
          {
            exp_labels: base,
            exp_annotations: {
              summary: "CoreDNS answers SERVFAIL too often",
              description:
                "5% of CoreDNS answers are SERVFAIL (over 1% for 10 minutes): upstream resolvers fail or time out, and every node-local cache forwards those failures.",
            },
          },
        ],
      },
    ],
  },
  {
    name: "a scrape target gone or failing every scrape; a healthy one stays quiet",
    interval: "1m",
    input_series: [
      // No cluster-autoscaler series at all (no pod matched, or Prometheus ignores the PodMonitor).
      // NTH discovered but every scrape fails; CoreDNS one of two pods up.
      { series: `up{job="${jobs["aws-node-termination-handler"]}", namespace="kube-system", pod="aws-node-termination-handler-1"}`, values: "0x30" },
      { series: `up{job="${jobs.coredns}", namespace="kube-system", pod="coredns-1"}`, values: "1x30" },
      { series: `up{job="${jobs.coredns}", namespace="kube-system", pod="coredns-2"}`, values: "0x30" },
    ],
    alert_rule_test: [
      { eval_time: "10m", alertname: "MetricsTargetMissing", exp_alerts: [] },
      {
        eval_time: "20m",
        alertname: "MetricsTargetMissing",
        exp_alerts: [
          {
            exp_labels: { ...base, job: "monitoring/cluster-autoscaler" },
            exp_annotations: {
              summary: "No cluster-autoscaler metrics",
              description:
                "Prometheus has scraped no cluster-autoscaler pod (kube-system, job monitoring/cluster-autoscaler) for 15m: the alerts on its metrics cannot fire. Check the pods, the PodMonitor monitoring/cluster-autoscaler, and that Prometheus's podMonitorSelector matches its labels.",
            },
          },
          {
            exp_labels: { ...base, job: "monitoring/aws-node-termination-handler" },
            exp_annotations: {
              summary: "No aws-node-termination-handler metrics",
              description:
                "Prometheus has scraped no aws-node-termination-handler pod (kube-system, job monitoring/aws-node-termination-handler) for 15m: the alerts on its metrics cannot fire. Check the pods, the PodMonitor monitoring/aws-node-termination-handler, and that Prometheus's podMonitorSelector matches its labels.",
            },
          },
        ],
      },
    ],
  },
  {
    name: "CoreDNS scrapes stop (pods up, targets gone); the others keep reporting",
    interval: "1m",
    input_series: [
      { series: `up{job="${jobs["cluster-autoscaler"]}", namespace="kube-system", pod="cluster-autoscaler-1"}`, values: "1x30" },
      { series: `up{job="${jobs["aws-node-termination-handler"]}", namespace="kube-system", pod="aws-node-termination-handler-1"}`, values: "1x30" },
      { series: `up{job="${jobs.coredns}", namespace="kube-system", pod="coredns-1"}`, values: "1x2" },
    ],
    alert_rule_test: [
      {
        eval_time: "25m",
        alertname: "MetricsTargetMissing",
        exp_alerts: [
          {
            exp_labels: { ...base, job: "monitoring/coredns" },
            exp_annotations: {
              summary: "No coredns metrics",
              description:
                "Prometheus has scraped no coredns pod (kube-system, job monitoring/coredns) for 15m: the alerts on its metrics cannot fire. Check the pods, the PodMonitor monitoring/coredns, and that Prometheus's podMonitorSelector matches its labels.",
            },
          },
        ],
      },
    ],
  },
  {
    name: "a spot shortage alone (placeholder-cannot-be-fulfilled) never fires ClusterAutoscalerFailedScaleUp",
    interval: "1m",
    input_series: [{ series: 'cluster_autoscaler_failed_scale_ups_total{reason="placeholder-cannot-be-fulfilled"}', values: "0+1x30" }],
    alert_rule_test: [
      { eval_time: "5m", alertname: "ClusterAutoscalerFailedScaleUp", exp_alerts: [] },
      { eval_time: "25m", alertname: "ClusterAutoscalerFailedScaleUp", exp_alerts: [] },
    ],
  },
  {
    name: "healthy DNS: a low SERVFAIL share stays quiet",
    interval: "1m",
    input_series: [
      { series: 'coredns_dns_responses_total{rcode="NOERROR", server="dns://:53", zone="."}', values: "0+999x30" },
      { series: 'coredns_dns_responses_total{rcode="SERVFAIL", server="dns://:53", zone="."}', values: "0+1x30" },
    ],
    alert_rule_test: [{ eval_time: "20m", alertname: "CoreDnsServfailRatioHigh", exp_alerts: [] }],
  },
];

describe("promtool test rules", () => {
  it("every alert fires on its synthetic signal with the exact labels and text, and only there", () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterkit-alerts-"));
    writeRules(dir, prometheusRule(prod).spec);
    const testFile = join(dir, "tests.yaml");
    writeFileSync(testFile, stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests: unitTests }));
    const r = promtool(["test", "rules", testFile]);
    expect(r.output).toContain("SUCCESS");
    expect(r.status, r.output).toBe(0);
  });

  it("every alert the rules define is exercised by a unit test", () => {
    const tested = new Set(unitTests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    expect([...tested].sort()).toEqual([...new Set(alertGroups(prod).flatMap((g) => g.rules.map((r) => r.alert)))].sort());
    // One MetricsTargetMissing rule per job: each guard fires in some test.
    const firedJobs = unitTests.flatMap((t) => t.alert_rule_test.filter((a) => a.alertname === "MetricsTargetMissing").flatMap((a) => a.exp_alerts.map((e) => (e.exp_labels as Record<string, string>).job)));
    expect([...new Set(firedJobs)].sort()).toEqual(Object.values(jobs).sort());
  });

  it("fails when an expectation is wrong (the unit test can fail)", () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterkit-alerts-"));
    writeRules(dir, prometheusRule(prod).spec);
    const wrong = [{ ...unitTests[0], alert_rule_test: [{ eval_time: "3m", alertname: "ContainerCloseToCpuLimit", exp_alerts: unitTests[0].alert_rule_test[1].exp_alerts }] }];
    const testFile = join(dir, "tests.yaml");
    writeFileSync(testFile, stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests: wrong }));
    expect(promtool(["test", "rules", testFile]).status).not.toBe(0);
  });
});

describe("overprovisioning Deployment rules", () => {
  it("name the pause Deployments and the CPA Deployments of the overprovisioned groups apart", () => {
    const rules = Object.fromEntries(alertGroups(prod).flatMap((g) => g.rules).map((r) => [r.alert, r.expr]));
    expect(rules.OverprovisioningHeadroomGone).toBe(
      'kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="overprovisioning", deployment=~"overprovisioning-api|overprovisioning-workers"} > 0',
    );
    expect(rules.OverprovisioningAutoscalerUnavailable).toBe(
      'kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="overprovisioning", deployment=~"overprovisioning-api-autoscaler|overprovisioning-workers-autoscaler"} > 0',
    );
  });

  it("are left out when no group is overprovisioned", () => {
    const off = { ...prod, appGroups: Object.fromEntries(Object.entries(prod.appGroups).map(([n, g]) => [n, { ...g, overprovisioning: undefined }])) };
    const names = alertGroups(off).flatMap((g) => g.rules).map((r) => r.alert);
    expect(names).not.toContain("OverprovisioningHeadroomGone");
    expect(names).not.toContain("OverprovisioningAutoscalerUnavailable");
    expect(names).toContain("NodeNotReadyDuringScaleUp");
  });
});

describe("PrometheusRule object", () => {
  it("is a monitoring.coreos.com/v1 PrometheusRule in the configured namespace with the configured labels", () => {
    const tuned = { ...prod, alerts: { ...prod.alerts, namespace: "observability", ruleLabels: { release: "kube-prometheus" }, cpuLimitPercent: 80 } };
    const o = prometheusRule(tuned);
    expect(o.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(o.kind).toBe("PrometheusRule");
    expect(o.metadata).toEqual({ name: "clusterkit", namespace: "observability", labels: { "app.kubernetes.io/managed-by": "clusterkit", release: "kube-prometheus" } });
    expect(o.spec.groups[0].rules[0].expr).toMatch(/\* 100 > 80$/);
    expect(o.spec.groups.flatMap((g) => g.rules).every((r) => (r.labels as Record<string, string>).cluster === prod.name)).toBe(true);
  });
});

describe("PodMonitors: what the alerts read is scraped", () => {
  const byName = (c = prod) => Object.fromEntries(podMonitors(c).map((m) => [m.metadata.name, m]));

  it("scrape cluster-autoscaler, the termination handler and CoreDNS, next to the PrometheusRule with its labels", () => {
    const tuned = { ...prod, alerts: { ...prod.alerts, namespace: "observability", ruleLabels: { release: "kube-prometheus" } } };
    const monitors = podMonitors(tuned);
    expect(monitors.map((m) => m.metadata.name)).toEqual(["cluster-autoscaler", "aws-node-termination-handler", "coredns"]);
    for (const m of monitors) {
      expect(m.apiVersion).toBe("monitoring.coreos.com/v1");
      expect(m.kind).toBe("PodMonitor");
      // Prometheus selects rules and monitors by the same label in kube-prometheus-stack: keep them equal.
      expect(m.metadata.namespace).toBe("observability");
      expect(m.metadata.labels).toEqual(prometheusRule(tuned).metadata.labels);
    }
  });

  it("select each Deployment's own pods on its named metrics port", () => {
    const m = byName();
    const ca = autoscalerObjects(prod).deployment;
    const caPod = ca.spec!.template;
    expect(m["cluster-autoscaler"].spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "cluster-autoscaler" } },
      namespaceSelector: { matchNames: ["kube-system"] },
      podMetricsEndpoints: [{ port: "metrics", path: "/metrics" }],
    });
    expect(caPod.metadata!.labels).toMatchObject(m["cluster-autoscaler"].spec.selector.matchLabels);
    expect(caPod.spec!.containers[0].ports).toContainEqual({ name: "metrics", containerPort: AUTOSCALER_PORT, protocol: "TCP" });
    expect(caPod.spec!.containers[0].args).toContain(`--address=:${AUTOSCALER_PORT}`);

    const nth = nthObjects(prod, { queueUrl: "q", roleArn: "r" }).deployment.spec!.template;
    expect(m["aws-node-termination-handler"].spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "aws-node-termination-handler" } },
      namespaceSelector: { matchNames: ["kube-system"] },
      podMetricsEndpoints: [{ port: "http-metrics", path: "/metrics" }],
    });
    expect(nth.metadata!.labels).toMatchObject(m["aws-node-termination-handler"].spec.selector.matchLabels);
    // NTH serves metrics only with its Prometheus server on, on the port the pod names.
    const env = Object.fromEntries(nth.spec!.containers[0].env!.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ ENABLE_PROMETHEUS_SERVER: "true", PROMETHEUS_SERVER_PORT: String(NTH_METRICS_PORT) });
    expect(nth.spec!.containers[0].ports).toContainEqual({ name: "http-metrics", containerPort: NTH_METRICS_PORT, protocol: "TCP" });

    // EKS's CoreDNS pods (k8s-app=kube-dns) name 9153 "metrics"; the kube-dns Service has no metrics port.
    expect(m.coredns.spec).toEqual({
      selector: { matchLabels: { "k8s-app": "kube-dns" } },
      namespaceSelector: { matchNames: ["kube-system"] },
      podMetricsEndpoints: [{ port: "metrics", path: "/metrics" }],
    });
  });

  it("a Deployment without a named port for its metrics is an error, not a silent monitor", () => {
    const d = autoscalerObjects(prod).deployment;
    expect(deploymentTarget(d, AUTOSCALER_PORT).port).toBe("metrics");
    const unnamed = structuredClone(d);
    unnamed.spec!.template.spec!.containers[0].ports = [{ containerPort: AUTOSCALER_PORT }];
    expect(() => deploymentTarget(unnamed, AUTOSCALER_PORT)).toThrow("cluster-autoscaler: no named container port 8085 to scrape");
  });

  it("jobs are prometheus-operator's <namespace>/<PodMonitor name>, and each has its absent() guard", () => {
    expect(Object.values(jobs)).toEqual(["monitoring/cluster-autoscaler", "monitoring/aws-node-termination-handler", "monitoring/coredns"]);
    const guards = alertGroups(prod).flatMap((g) => g.rules).filter((r) => r.alert === "MetricsTargetMissing");
    expect(guards.map((r) => r.expr)).toEqual(Object.values(jobs).map((j) => `absent(up{job="${j}"} == 1)`));
    expect(guards.map((r) => r.labels.job)).toEqual(Object.values(jobs));
  });

  it("without the termination handler: no NTH monitor, no NTH guard", () => {
    const off = { ...prod, spotInterruptions: { ...prod.spotInterruptions, enabled: false } };
    expect(podMonitors(off).map((m) => m.metadata.name)).toEqual(["cluster-autoscaler", "coredns"]);
    expect(prometheusRule(off).spec.groups.flatMap((g) => g.rules).map((r) => r.expr).join("\n")).not.toContain("aws-node-termination-handler");
  });
});
