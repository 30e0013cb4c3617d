// cluster-autoscaler as plain Kubernetes objects: ServiceAccount (IRSA), RBAC, the priority expander
// ConfigMap, a Deployment on the admin pool and its PodDisruptionBudget. The IRSA role ARN exists only
// at deploy time, so the creator adds that one annotation (ROLE_ARN_ANNOTATION).
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IPolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";
import type { Cluster } from "../../config/stack";
import {
  onAdminPool,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  serviceAccountClusterRole,
  serviceAccountRole,
  spreadAcrossNodes,
  type ClusterRbac,
  type NamespaceRbac,
} from "../kube/objects";
import { planNodeGroups } from "../node-pools/plan";
import { guaranteed } from "../overprovisioning/resources";
import { clusterAutoscalerImage } from "../versions";
import { AUTOSCALER_NAME, AUTOSCALER_NAMESPACE, AUTOSCALER_PORT, autoscalerFlags } from "./flags";
import { PRIORITIES_KEY, PRIORITY_EXPANDER_CONFIGMAP, priorityExpanderText } from "./priority-expander";

/** CA's own status ConfigMap (--write-status-configmap, default on). */
export const STATUS_CONFIGMAP = "cluster-autoscaler-status";
/** Two replicas with leader election: draining an admin node hands over in seconds, and the PDB means something. */
export const AUTOSCALER_REPLICAS = 2;

const labels = { "app.kubernetes.io/name": AUTOSCALER_NAME, "app.kubernetes.io/managed-by": "clusterkit" };
const selector = { "app.kubernetes.io/name": AUTOSCALER_NAME };
const meta = { name: AUTOSCALER_NAME, namespace: AUTOSCALER_NAMESPACE, labels };

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): IPolicyRule => ({
  apiGroups,
  resources,
  ...(resourceNames ? { resourceNames } : {}),
  verbs,
});
const READ = ["get", "list", "watch"];

/**
 * What CA reads and writes cluster-wide, after the upstream AWS example and chart. Left out: the
 * `extensions` group (served by no supported Kubernetes), legacy endpoints leader election (CA uses
 * leases, namespaced below), and the alpha APIs CA only watches when their flags are on.
 */
export function autoscalerClusterRules(): IPolicyRule[] {
  return [
    rule([""], ["events"], ["create", "patch"]),
    rule([""], ["pods/eviction"], ["create"]),
    rule([""], ["pods/status"], ["update"]),
    rule([""], ["nodes"], ["get", "list", "update", "watch"]),
    rule([""], ["namespaces", "persistentvolumeclaims", "persistentvolumes", "pods", "replicationcontrollers", "services"], READ),
    rule(["apps"], ["daemonsets", "deployments", "replicasets", "statefulsets"], READ),
    rule(["batch"], ["cronjobs", "jobs"], READ),
    rule(["policy"], ["poddisruptionbudgets"], ["list", "watch"]),
    rule(["storage.k8s.io"], ["csidrivers", "csinodes", "csistoragecapacities", "storageclasses", "volumeattachments"], READ),
    rule(["resource.k8s.io"], ["deviceclasses", "resourceclaims", "resourceslices"], READ),
  ];
}

/** Namespaced: its status and priority ConfigMaps, its leader-election lease. */
export function autoscalerNamespaceRules(): IPolicyRule[] {
  return [
    rule([""], ["configmaps"], ["create", "list", "watch"]),
    rule([""], ["configmaps"], ["delete", "get", "update", "watch"], [PRIORITY_EXPANDER_CONFIGMAP, STATUS_CONFIGMAP].sort()),
    rule(["coordination.k8s.io"], ["leases"], ["create"]),
    rule(["coordination.k8s.io"], ["leases"], ["get", "update"], [AUTOSCALER_NAME]),
  ];
}

export interface AutoscalerObjects extends ClusterRbac, NamespaceRbac {
  serviceAccount: IServiceAccount;
  priorityExpander: IConfigMap;
  deployment: IDeployment;
  podDisruptionBudget: IPodDisruptionBudget;
}

export function autoscalerObjects(cluster: Cluster): AutoscalerObjects {
  const groups = planNodeGroups(cluster);
  return {
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta },
    ...serviceAccountClusterRole(AUTOSCALER_NAME, AUTOSCALER_NAMESPACE, labels, autoscalerClusterRules()),
    ...serviceAccountRole(AUTOSCALER_NAME, AUTOSCALER_NAMESPACE, labels, autoscalerNamespaceRules()),
    priorityExpander: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: PRIORITY_EXPANDER_CONFIGMAP, namespace: AUTOSCALER_NAMESPACE, labels },
      data: { [PRIORITIES_KEY]: priorityExpanderText(groups) },
    },
    deployment: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: {
        replicas: AUTOSCALER_REPLICAS,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: AUTOSCALER_NAME,
            priorityClassName: "system-cluster-critical",
            ...onAdminPool(groups),
            // One replica per admin node when possible, so one drain never takes both.
            topologySpreadConstraints: spreadAcrossNodes(selector),
            // 65534 (nobody) as upstream; fsGroup lets it read the projected IRSA token.
            securityContext: { ...restrictedPodSecurity(65534), fsGroup: 65534 },
            containers: [
              {
                name: AUTOSCALER_NAME,
                image: clusterAutoscalerImage(cluster.kubernetesVersion),
                command: ["/cluster-autoscaler"],
                args: autoscalerFlags(cluster),
                // IMDS is out of reach of pods (hop limit 1): CA must be told its region.
                env: [{ name: "AWS_REGION", value: cluster.region }],
                ports: [{ name: "metrics", containerPort: AUTOSCALER_PORT, protocol: "TCP" }],
                livenessProbe: { httpGet: { path: "/health-check", port: AUTOSCALER_PORT }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 },
                resources: guaranteed(cluster.autoscaler.resources),
                securityContext: restrictedContainerSecurity(),
              },
            ],
          },
        },
      },
    },
    podDisruptionBudget: {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta,
      spec: { minAvailable: 1, selector: { matchLabels: selector } },
    },
  };
}
