// Thin creator: GoKubeDownscaler's namespace, RBAC and Deployment.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { downscalerObjects } from "./spec";

const id = (o: { metadata?: { name?: string; namespace?: string } }) => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata!.name!);

export function createDownscaler(cluster: Cluster, opts: { provider: k8s.Provider; parent: pulumi.Resource }): void {
  const o = downscalerObjects(cluster);
  const ns = new k8s.core.v1.Namespace(id(o.namespace), o.namespace as k8s.core.v1.NamespaceArgs, opts);
  const inNs = { ...opts, dependsOn: [ns] };
  const sa = new k8s.core.v1.ServiceAccount(id(o.serviceAccount), o.serviceAccount as k8s.core.v1.ServiceAccountArgs, inNs);
  const role = new k8s.rbac.v1.ClusterRole(id(o.clusterRole), o.clusterRole as k8s.rbac.v1.ClusterRoleArgs, opts);
  const binding = new k8s.rbac.v1.ClusterRoleBinding(id(o.clusterRoleBinding), o.clusterRoleBinding as k8s.rbac.v1.ClusterRoleBindingArgs, { ...opts, dependsOn: [role, sa] });
  new k8s.apps.v1.Deployment(id(o.deployment), o.deployment as k8s.apps.v1.DeploymentArgs, { ...inNs, dependsOn: [ns, binding] });
}
