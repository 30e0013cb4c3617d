// Staging off-hours as plain Kubernetes objects (seed: kube-downscaler on every staging cluster, 60 %
// fewer instances). GoKubeDownscaler (caas-team), the maintained successor of kube-downscaler: outside
// the uptime window it scales workloads to 0 and records the replicas in `downscaler/original-replicas`;
// cluster-autoscaler then removes the empty nodes. The platform's namespaces are never touched
// (platform-namespaces.ts).
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";
import type { Cluster } from "../../config/stack";
import { onAdminPool, restrictedContainerSecurity, restrictedPodSecurity, serviceAccountClusterRole, type ClusterRbac } from "../kube/objects";
import { planNodeGroups } from "../node-pools/plan";
import { guaranteed } from "../overprovisioning/resources";
import { IMAGES } from "../versions";
import { platformNamespaces } from "./platform-namespaces";

export const DOWNSCALER_NAME = "kube-downscaler";
/** Its own namespace (the upstream default), itself excluded. */
export const DOWNSCALER_NAMESPACE = "kube-downscaler";
/** GoKubeDownscaler serves /healthz and /readyz here. */
export const HEALTH_PORT = 8081;
/** Seconds between scans: a minute late at 07:00 is fine; fewer API calls. */
export const INTERVAL = "60s";

/**
 * Never scaled down: every namespace clusterkit deploys into (kube-system: CoreDNS, cluster-autoscaler, NTH,
 * descheduler; the pause pods, whose CPA owns the replicas and would fight back; the alerts namespace,
 * where the monitoring stack runs), the downscaler's own, then the stack's extras.
 */
export function excludedNamespaces(cluster: Cluster): string[] {
  return [...new Set([...platformNamespaces(cluster), DOWNSCALER_NAMESPACE, ...cluster.downscaler.excludeNamespaces])].sort();
}

/** GoKubeDownscaler matches each pattern against the whole name; anchor and escape anyway, so reading it is unambiguous. */
export function namespacePattern(namespace: string): string {
  return `^${namespace.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
}

export function downscalerArgs(cluster: Cluster): string[] {
  const d = cluster.downscaler;
  return [
    `--default-uptime=${d.uptime}`,
    `--exclude-namespaces=${excludedNamespaces(cluster).map(namespacePattern).join(",")}`,
    `--include-resources=${[...d.includeResources].sort().join(",")}`,
    `--interval=${INTERVAL}`,
    "--json-logs",
  ];
}

const rule = (apiGroups: string[], resources: string[], verbs: string[]): IPolicyRule => ({ apiGroups, resources, verbs });

/** The chart's permissions for the included kinds: read namespaces' annotations, scale workloads, report events. */
export function downscalerRules(cluster: Pick<Cluster, "downscaler">): IPolicyRule[] {
  return [
    rule([""], ["events"], ["create", "get", "update"]),
    rule([""], ["namespaces"], ["get"]),
    rule(["apps"], [...cluster.downscaler.includeResources].sort(), ["get", "list", "update"]),
  ];
}

export interface DownscalerObjects extends ClusterRbac {
  namespace: INamespace;
  serviceAccount: IServiceAccount;
  deployment: IDeployment;
}

const labels = { "app.kubernetes.io/name": DOWNSCALER_NAME, "app.kubernetes.io/managed-by": "clusterkit" };
const selector = { "app.kubernetes.io/name": DOWNSCALER_NAME };

export function downscalerObjects(cluster: Cluster): DownscalerObjects {
  const groups = planNodeGroups(cluster);
  const meta = { name: DOWNSCALER_NAME, namespace: DOWNSCALER_NAMESPACE, labels };
  const probe = (path: string) => ({ httpGet: { path, port: HEALTH_PORT }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 });
  return {
    namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: DOWNSCALER_NAMESPACE, labels } },
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta },
    ...serviceAccountClusterRole(DOWNSCALER_NAME, DOWNSCALER_NAMESPACE, labels, downscalerRules(cluster)),
    deployment: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: {
        // One replica, no leader election: a restart only delays a scale by one interval.
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: DOWNSCALER_NAME,
            ...onAdminPool(groups),
            // The chart's user.
            securityContext: restrictedPodSecurity(1000),
            containers: [
              {
                name: DOWNSCALER_NAME,
                image: IMAGES.downscaler,
                args: downscalerArgs(cluster),
                ports: [{ name: "health", containerPort: HEALTH_PORT, protocol: "TCP" }],
                readinessProbe: probe("/readyz"),
                livenessProbe: probe("/healthz"),
                resources: guaranteed(cluster.downscaler.resources),
                securityContext: { ...restrictedContainerSecurity(), privileged: false },
              },
            ],
          },
        },
      },
    },
  };
}
