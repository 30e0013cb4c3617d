// Staging off-hours: GoKubeDownscaler's schedule, exclusions, per-environment switch, RBAC and pod spec.
import { describe, expect, it } from "vitest";
import { downscalerArgs, downscalerObjects, downscalerRules, excludedNamespaces } from "../components/downscaler/spec";
import { IMAGES } from "../components/versions";
import { ClusterSchema, DOWNSCALER_TIMESPANS } from "../config/schema";
import { loadStack } from "../config/stack";
import { fixtureRepo, stackYaml } from "./helpers/repo";
import { exampleClusters } from "./helpers/stacks";

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
  it("never scales the platform: kube-system, overprovisioning, its own namespace", () => {
    expect(excludedNamespaces(staging)).toEqual(["kube-downscaler", "kube-system", "overprovisioning"]);
    expect(downscalerArgs(staging)).toContain("--exclude-namespaces=^kube-downscaler$,^kube-system$,^overprovisioning$");
  });

  it("adds the stack's namespaces, anchored, without duplicates", () => {
    const c = { ...staging, downscaler: { ...staging.downscaler, excludeNamespaces: ["monitoring", "kube-system"] } };
    expect(excludedNamespaces(c)).toEqual(["kube-downscaler", "kube-system", "monitoring", "overprovisioning"]);
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
