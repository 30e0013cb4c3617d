// Thin creator: the descheduler's objects (the ASG tags are merged by the node-pools tag builder).
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { scaleBackObjects } from "./manifests";

const id = (o: { metadata?: { name?: string; namespace?: string } }) => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata!.name!);

export function createScaleBack(cluster: Cluster, opts: { provider: k8s.Provider; parent: pulumi.Resource }): void {
  const o = scaleBackObjects(cluster);
  const policy = new k8s.core.v1.ConfigMap(id(o.policy), o.policy as k8s.core.v1.ConfigMapArgs, opts);
  const sa = new k8s.core.v1.ServiceAccount(id(o.serviceAccount), o.serviceAccount as k8s.core.v1.ServiceAccountArgs, opts);
  const role = new k8s.rbac.v1.ClusterRole(id(o.clusterRole), o.clusterRole as k8s.rbac.v1.ClusterRoleArgs, opts);
  const binding = new k8s.rbac.v1.ClusterRoleBinding(id(o.clusterRoleBinding), o.clusterRoleBinding as k8s.rbac.v1.ClusterRoleBindingArgs, { ...opts, dependsOn: [role, sa] });
  new k8s.apps.v1.Deployment(id(o.deployment), o.deployment as k8s.apps.v1.DeploymentArgs, { ...opts, dependsOn: [binding, policy] });
}
