// Staging off-hours: GoKubeDownscaler's schedule, exclusions, per-environment switch, RBAC and pod spec.
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { platformObjects } from "../components/downscaler/platform-namespaces";
import { downscalerArgs, downscalerObjects, downscalerRules, excludedNamespaces } from "../components/downscaler/spec";
import { kubeObjectsIn, namespacesOf } from "../components/kube/objects";
import { IMAGES } from "../components/versions";
import { ClusterSchema, DOWNSCALER_TIMESPANS } from "../config/schema";
import { loadStack } from "../config/stack";
import { fixtureRepo, stackYaml } from "./helpers/repo";
import { exampleClusters } from "./helpers/stacks";
import { synthesizeExamples } from "./helpers/synth";

const clusters = exampleClusters();
const staging = clusters.find((c) => c.environment === "staging")!;

describe("per-environment switch", () => {
  it("is off by default, on for every staging stack, off for every prod stack", () => {
    expect(ClusterSchema.shape.downscaler.parse(undefined).enabled).toBe(false);
    for (const c of clusters) expect(c.downscaler.enabled, c.stack).toBe(c.environment === "staging");
  });

  it("a stack can switch it off in staging", () => {
    const root = fixtureRepo({ "stacks/Pulumi.quiet.yaml": stackYaml("quiet", "downscaler:\n  enabled: false") });
    const r = loadStack(root, "quiet");
    expect(r.ok && r.cluster.downscaler.enabled).toBe(false);
  });
});

describe("schedule", () => {
  it("defaults to working hours in Paris", () => {
    expect(downscalerArgs(staging)).toContain("--default-uptime=Mon-Fri 07:00-20:00 Europe/Paris");
  });

  it("accepts GoKubeDownscaler relative timespans and rejects anything else", () => {
    for (const ok of ["Mon-Fri 07:00-20:00 Europe/Paris", "Mon-Fri 08:00-20:00 UTC, Sat-Sun 10:00-14:00 America/New_York", "Mon-Sun 00:00-24:00 Asia/Tokyo"]) {
      expect(DOWNSCALER_TIMESPANS.test(ok), ok).toBe(true);
    }
    for (const bad of ["Mon-Fri 7:00-20:00 Europe/Paris", "weekdays 07:00-20:00 Europe/Paris", "Mon-Fri 07:00-20:00", "Mon-Fri 07:00-25:00 UTC", "always"]) {
      expect(DOWNSCALER_TIMESPANS.test(bad), bad).toBe(false);
    }
    expect(ClusterSchema.shape.downscaler.safeParse({ enabled: true, uptime: "Mon-Fri 7-20" }).success).toBe(false);
  });
});

describe("exclusions", () => {
  it("never scales the platform: kube-system, overprovisioning, the alerts namespace, its own namespace", () => {
    expect(staging.alerts.namespace).toBe("monitoring");
    expect(excludedNamespaces(staging)).toEqual(["kube-downscaler", "kube-system", "monitoring", "overprovisioning"]);
    expect(downscalerArgs(staging)).toContain("--exclude-namespaces=^kube-downscaler$,^kube-system$,^monitoring$,^overprovisioning$");
  });

  it("follows the alerts namespace, and keeps it excluded with alerts off (the monitoring stack still runs there)", () => {
    const moved = { ...staging, alerts: { ...staging.alerts, namespace: "observability" } };
    expect(excludedNamespaces(moved)).toEqual(["kube-downscaler", "kube-system", "observability", "overprovisioning"]);
    const off = { ...moved, alerts: { ...moved.alerts, enabled: false } };
    expect(excludedNamespaces(off)).toContain("observability");
  });

  it("derives the platform namespaces from the objects the components render", () => {
    const objects = platformObjects(staging);
    expect(objects.length).toBeGreaterThan(10);
    expect(namespacesOf(objects)).toEqual(["kube-system", "monitoring", "overprovisioning"]);
    for (const ns of namespacesOf(objects)) expect(excludedNamespaces(staging)).toContain(ns);
  });

  it("adds the stack's namespaces, anchored, without duplicates", () => {
    const c = { ...staging, downscaler: { ...staging.downscaler, excludeNamespaces: ["batch-jobs", "kube-system"] } };
    expect(excludedNamespaces(c)).toEqual(["batch-jobs", "kube-downscaler", "kube-system", "monitoring", "overprovisioning"]);
    const arg = downscalerArgs(c).find((a) => a.startsWith("--exclude-namespaces="))!;
    // Each pattern matches its namespace exactly (the downscaler matches whole names anyway).
    for (const p of arg.split("=")[1].split(",")) expect(p).toMatch(/^\^[a-z0-9-]+\$$/);
  });
});

describe("objects", () => {
  const o = downscalerObjects(staging);
  const pod = o.deployment.spec!.template.spec!;
  const c = pod.containers[0];

  it("runs the pinned GoKubeDownscaler image in its own namespace on the admin pool", () => {
    expect(c.image).toBe(IMAGES.downscaler);
    expect(IMAGES.downscaler).toBe("ghcr.io/caas-team/gokubedownscaler:1.3.4");
    expect(o.namespace.metadata!.name).toBe("kube-downscaler");
    expect(o.deployment.metadata!.namespace).toBe("kube-downscaler");
    expect(pod.nodeSelector).toEqual({ "clusterkit.io/pool": "admin" });
    expect(c.args).toEqual(downscalerArgs(staging));
    expect(c.args).toContain("--include-resources=deployments,statefulsets");
  });

  it("is Guaranteed, non-root, read-only, no capabilities", () => {
    expect(c.resources).toEqual({ requests: staging.downscaler.resources, limits: staging.downscaler.resources });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
  });

  it("RBAC: update only the included workload kinds", () => {
    expect(downscalerRules(staging)).toEqual([
      { apiGroups: [""], resources: ["events"], verbs: ["create", "get", "update"] },
      { apiGroups: [""], resources: ["namespaces"], verbs: ["get"] },
      { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["get", "list", "update"] },
    ]);
    const onlyDeployments = { ...staging, downscaler: { ...staging.downscaler, includeResources: ["deployments" as const] } };
    expect(downscalerRules(onlyDeployments)[2].resources).toEqual(["deployments"]);
  });
});

describe("every namespace clusterkit deploys into is excluded (rendered output)", () => {
  it("each downscaled stack: no object synth renders lives in a namespace the downscaler may scale", async () => {
    const downscaled = clusters.filter((c) => c.downscaler.enabled);
    expect(downscaled.length).toBeGreaterThan(0);
    for (const r of await synthesizeExamples(downscaled.map((c) => c.stack))) {
      const cluster = downscaled.find((c) => c.stack === r.stack)!;
      const objects = parseAllDocuments(r.files["manifests.yaml"]).map((d) => d.toJS());
      const used = namespacesOf(kubeObjectsIn(objects));
      // The alerts' namespace is among them (the PrometheusRule and PodMonitors): the case that slipped before.
      expect(used, r.stack).toContain(cluster.alerts.namespace);
      const excluded = excludedNamespaces(cluster);
      expect(used.filter((ns) => !excluded.includes(ns)), `${r.stack}: scaled down at night`).toEqual([]);
    }
  }, 60_000);
});

describe("kubeObjectsIn / namespacesOf", () => {
  it("finds objects nested in records and arrays, a Namespace counting as its own, cluster-scoped ones as none", () => {
    const objects = kubeObjectsIn({
      ns: { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } },
      groups: [{ d: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x", namespace: "b" }, spec: { template: { metadata: { namespace: "ignored" } } } } }],
      role: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "r" } },
      text: "not an object",
    });
    expect(objects.map((o) => o.kind)).toEqual(["Namespace", "Deployment", "ClusterRole"]);
    expect(namespacesOf(objects)).toEqual(["a", "b"]);
  });
});
