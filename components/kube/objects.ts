// Kubernetes object shapes every platform controller repeats: its RBAC bound to its own ServiceAccount,
// its place on the admin pool, and the restricted security contexts. Plain data, no @pulumi import.
import type { IPodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";
import type { IToleration } from "kubernetes-models/v1/Toleration";
import type { ITopologySpreadConstraint } from "kubernetes-models/v1/TopologySpreadConstraint";
import type { IClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import type { IClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import type { IPolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { nodeSelectorFor, tolerationsFor, type NodeGroup } from "../node-pools/plan";

const RBAC_API_GROUP = "rbac.authorization.k8s.io";
const RBAC_API_VERSION = `${RBAC_API_GROUP}/v1`;

type Labels = Record<string, string>;

/** The Pulumi resource name of an object: `namespace/name`, or `name` when it is cluster-scoped. */
export const resourceName = (o: { metadata?: { name?: string; namespace?: string } }): string =>
  o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata!.name!;

export interface ClusterRbac {
  clusterRole: IClusterRole;
  clusterRoleBinding: IClusterRoleBinding;
}

export interface NamespaceRbac {
  role: IRole;
  roleBinding: IRoleBinding;
}

/** Binds ClusterRole `roleName` to the ServiceAccount `serviceAccount` in `namespace`. */
export function clusterRoleBinding(name: string, labels: Labels, roleName: string, serviceAccount: { name: string; namespace: string }): IClusterRoleBinding {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: "ClusterRoleBinding",
    metadata: { name, labels },
    roleRef: { apiGroup: RBAC_API_GROUP, kind: "ClusterRole", name: roleName },
    subjects: [{ kind: "ServiceAccount", name: serviceAccount.name, namespace: serviceAccount.namespace }],
  };
}

/** A ClusterRole named after a controller, bound to the controller's ServiceAccount of the same name. */
export function serviceAccountClusterRole(name: string, namespace: string, labels: Labels, rules: IPolicyRule[]): ClusterRbac {
  return {
    clusterRole: { apiVersion: RBAC_API_VERSION, kind: "ClusterRole", metadata: { name, labels }, rules },
    clusterRoleBinding: clusterRoleBinding(name, labels, name, { name, namespace }),
  };
}

/** The namespaced counterpart: a Role in `namespace` bound to the ServiceAccount of the same name there. */
export function serviceAccountRole(name: string, namespace: string, labels: Labels, rules: IPolicyRule[]): NamespaceRbac {
  return {
    role: { apiVersion: RBAC_API_VERSION, kind: "Role", metadata: { name, namespace, labels }, rules },
    roleBinding: {
      apiVersion: RBAC_API_VERSION,
      kind: "RoleBinding",
      metadata: { name, namespace, labels },
      roleRef: { apiGroup: RBAC_API_GROUP, kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name, namespace }],
    },
  };
}

/** Pins a platform controller to the admin pool, tolerating its taint. */
export function onAdminPool(groups: readonly NodeGroup[]): { nodeSelector: Record<string, string>; tolerations: IToleration[] } {
  return { nodeSelector: nodeSelectorFor("admin"), tolerations: tolerationsFor(groups, "admin") };
}

/** One replica per node when possible (best effort), so one node drain never takes them all. */
export function spreadAcrossNodes(matchLabels: Labels): ITopologySpreadConstraint[] {
  return [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels } }];
}

/** The restricted Pod Security Standard at pod level, running as the image's non-root `user` (and group). */
export function restrictedPodSecurity(user: number): IPodSecurityContext {
  return { runAsNonRoot: true, runAsUser: user, runAsGroup: user, seccompProfile: { type: "RuntimeDefault" } };
}

/** The restricted Pod Security Standard at container level: no escalation, no capabilities, read-only root. */
export function restrictedContainerSecurity(): ISecurityContext {
  return { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
}

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
}

const isKubeObject = (v: unknown): v is KubeObject =>
  typeof v === "object" && v !== null && typeof (v as KubeObject).apiVersion === "string" && typeof (v as KubeObject).kind === "string";

/** Every Kubernetes object in a spec's plain data (objects, arrays and records of them, nested), in order. */
export function kubeObjectsIn(value: unknown): KubeObject[] {
  if (isKubeObject(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(kubeObjectsIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(kubeObjectsIn);
  return [];
}

/** The namespaces objects live in (a Namespace counts as its own), sorted, without duplicates. */
export function namespacesOf(objects: readonly KubeObject[]): string[] {
  const names = objects.map((o) => (o.kind === "Namespace" && o.apiVersion === "v1" ? o.metadata?.name : o.metadata?.namespace));
  return [...new Set(names.filter((n): n is string => !!n))].sort();
}
