// CoreDNS: the EKS managed `coredns` add-on, configured through configurationValues.
//
// Why the managed add-on and not a self-managed Deployment + CPA linear: AWS builds, patches and pins the
// CoreDNS image and Corefile per EKS version (clusterkit pins the add-on version in versions.ts); its
// autoscaler runs in the control plane, so DNS keeps scaling even when the admin nodes are under pressure
// and there is no extra controller, RBAC or image to keep current; and everything the seed needs is in
// the add-on's schema: placement on the admin pool, Guaranteed resources, min/max replicas, zone spread
// and a PodDisruptionBudget. Cost: the scaling ratio is AWS's (only min and max replicas are ours), and
// the objects do not show in manifests.yaml (resources.json has them).
import type { Cluster } from "../../config/stack";
import { nodeSelectorFor, planNodeGroups, tolerationsFor } from "../node-pools/plan";
import { guaranteed } from "../overprovisioning/resources";
import { versionsFor } from "../versions";

/** The label EKS's CoreDNS pods carry. */
export const COREDNS_POD_LABELS = { "k8s-app": "kube-dns" } as const;
export const COREDNS_NAMESPACE = "kube-system";
/**
 * The named container port EKS's CoreDNS pods serve Prometheus metrics on (Corefile `prometheus :9153`).
 * The kube-dns Service has no such port (aws/containers-roadmap#965), so metrics are scraped from the pods.
 */
export const COREDNS_METRICS_PORT = { name: "metrics", containerPort: 9153 } as const;

export interface CorednsAddonSpec {
  addonName: "coredns";
  addonVersion: string;
  configuration: Record<string, unknown>;
  /** configurationValues: the configuration as canonical JSON (sorted keys), so diffs are stable. */
  configurationValues: string;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

export function corednsAddonSpec(cluster: Cluster): CorednsAddonSpec {
  const c = cluster.dns.coredns;
  const groups = planNodeGroups(cluster);
  const configuration = {
    autoScaling: { enabled: true, minReplicas: c.minReplicas, maxReplicas: c.maxReplicas },
    nodeSelector: nodeSelectorFor("admin"),
    // The admin taint, plus the add-on's default CriticalAddonsOnly (setting tolerations replaces defaults).
    tolerations: [...tolerationsFor(groups, "admin"), { key: "CriticalAddonsOnly", operator: "Exists" }],
    resources: guaranteed(c.resources),
    // Across zones, best effort: the admin pool is one multi-AZ ASG, so cluster-autoscaler cannot add a
    // node in a chosen zone, and a hard constraint could leave a replica Pending while DNS is under load.
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...COREDNS_POD_LABELS } } },
    ],
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
  };
  return {
    addonName: "coredns",
    addonVersion: versionsFor(cluster.kubernetesVersion).addons.coredns,
    configuration,
    configurationValues: JSON.stringify(canonical(configuration)),
  };
}
