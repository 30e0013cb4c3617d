// cluster-autoscaler: flags, image per minor, placement, security, RBAC and the PDB.
import { describe, expect, it } from "vitest";
import { autoscalerFlags, discoveryTagKeys } from "../components/autoscaler/flags";
import { autoscalerObjects } from "../components/autoscaler/spec";
import { ROLE_ARN_ANNOTATION } from "../components/control-plane/irsa";
import { LABELS } from "../components/node-pools/plan";
import { clusterAutoscalerImage, SUPPORTED_KUBERNETES_MINORS } from "../components/versions";
import { exampleClusters } from "./helpers/stacks";

const clusters = exampleClusters();
const prod = clusters.find((c) => c.stack === "prod-eu-west-1")!;

describe("cluster-autoscaler flags", () => {
  it("discovers this cluster's ASGs by tag and chains priority then least-waste", () => {
    const flags = autoscalerFlags(prod);
    expect(flags).toContain("--cloud-provider=aws");
    expect(flags).toContain("--expander=priority,least-waste");
    expect(flags).toContain(`--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${prod.name}`);
    expect(discoveryTagKeys(prod.name)).toEqual(["k8s.io/cluster-autoscaler/enabled", `k8s.io/cluster-autoscaler/${prod.name}`]);
    expect(flags.some((f) => f.startsWith("--nodes="))).toBe(false);
  });

  it("keeps tiers apart, lets local-storage nodes scale down, and makes only pods below -10 expendable", () => {
    const flags = autoscalerFlags(prod);
    expect(flags).toContain("--balance-similar-node-groups=false");
    expect(flags).toContain("--skip-nodes-with-local-storage=false");
    expect(flags).toContain("--expendable-pods-priority-cutoff=-10");
  });

  it("takes the timings from config (default provision time 5m, as the seed)", () => {
    expect(autoscalerFlags(prod)).toEqual(
      expect.arrayContaining([
        "--max-node-provision-time=5m",
        "--scale-down-unneeded-time=10m",
        "--scale-down-delay-after-add=10m",
        "--scale-down-utilization-threshold=0.5",
        "--initial-node-group-backoff-duration=5m",
        "--max-node-group-backoff-duration=30m",
      ]),
    );
    const tuned = { ...prod, autoscaler: { ...prod.autoscaler, maxNodeProvisionTime: "3m", initialNodeGroupBackoff: "7m" } };
    expect(autoscalerFlags(tuned)).toContain("--max-node-provision-time=3m");
    expect(autoscalerFlags(tuned)).toContain("--initial-node-group-backoff-duration=7m");
  });

  it("has no flag twice", () => {
    const names = autoscalerFlags(prod).map((f) => f.split("=")[0]);
    expect(names).toEqual([...new Set(names)]);
  });
});

describe("cluster-autoscaler Deployment", () => {
  for (const minor of SUPPORTED_KUBERNETES_MINORS) {
    it(`Kubernetes ${minor}: runs the cluster-autoscaler of the same minor`, () => {
      const image = autoscalerObjects({ ...prod, kubernetesVersion: minor }).deployment.spec!.template.spec!.containers[0].image!;
      expect(image).toBe(clusterAutoscalerImage(minor));
      expect(image).toMatch(new RegExp(`:v${minor.replace(".", "\\.")}\\.[0-9]+$`));
    });
  }

  const o = autoscalerObjects(prod);
  const pod = o.deployment.spec!.template.spec!;
  const c = pod.containers[0];

  it("runs on the admin pool at system-cluster-critical with the flags", () => {
    expect(pod.nodeSelector).toEqual({ [LABELS.pool]: "admin" });
    expect(pod.tolerations).toEqual([{ key: "dedicated", operator: "Equal", value: "admin", effect: "NoSchedule" }]);
    expect(pod.priorityClassName).toBe("system-cluster-critical");
    expect(pod.serviceAccountName).toBe("cluster-autoscaler");
    expect(c.args).toEqual(autoscalerFlags(prod));
    expect(c.env).toEqual([{ name: "AWS_REGION", value: prod.region }]);
  });

  it("is Guaranteed from config, non-root, read-only, no capabilities, RuntimeDefault seccomp", () => {
    expect(c.resources).toEqual({ requests: prod.autoscaler.resources, limits: prod.autoscaler.resources });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } });
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
  });

  it("has a PodDisruptionBudget over its own pods that still allows one drain at a time", () => {
    const replicas = o.deployment.spec!.replicas!;
    const pdb = o.podDisruptionBudget.spec!;
    expect(pdb.selector!.matchLabels).toEqual(o.deployment.spec!.selector.matchLabels);
    expect(Object.entries(pdb.selector!.matchLabels!).every(([k, v]) => o.deployment.spec!.template.metadata!.labels![k] === v)).toBe(true);
    expect(Number(pdb.minAvailable)).toBeLessThan(replicas);
  });

  it("leaves the IRSA annotation to the creator and binds RBAC to its ServiceAccount", () => {
    expect(o.serviceAccount.metadata).toMatchObject({ name: "cluster-autoscaler", namespace: "kube-system" });
    expect(o.serviceAccount.metadata!.annotations?.[ROLE_ARN_ANNOTATION]).toBeUndefined();
    for (const b of [o.clusterRoleBinding, o.roleBinding]) expect(b.subjects).toEqual([{ kind: "ServiceAccount", name: "cluster-autoscaler", namespace: "kube-system" }]);
  });

  it("may read and update its priority and status ConfigMaps and its lease, and evict pods", () => {
    const named = o.role.rules!.find((r) => r.resources!.includes("configmaps") && r.resourceNames)!;
    expect(named.resourceNames).toEqual(["cluster-autoscaler-priority-expander", "cluster-autoscaler-status"]);
    expect(named.verbs).toEqual(expect.arrayContaining(["get", "update", "watch"]));
    expect(o.role.rules).toContainEqual({ apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: ["cluster-autoscaler"], verbs: ["get", "update"] });
    expect(o.clusterRole.rules).toContainEqual({ apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] });
    expect(o.clusterRole.rules).toContainEqual({ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "update", "watch"] });
    // Nothing cluster-wide may write secrets or configmaps.
    for (const r of o.clusterRole.rules!) expect(r.resources!.some((x) => x === "secrets" || x === "configmaps"), JSON.stringify(r)).toBe(false);
  });
});
