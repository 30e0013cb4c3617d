// Thin creator: cluster-autoscaler's objects as typed Kubernetes resources, plus the IRSA annotation.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { autoscalerObjects, ROLE_ARN_ANNOTATION } from "./spec";

/** Provider and parent for every object; `dependsOn` (e.g. the node pools) applies to each of them. */
export interface PlatformOpts {
  provider: k8s.Provider;
  parent: pulumi.Resource;
  dependsOn?: pulumi.Resource[];
}

export const after = (opts: PlatformOpts, ...resources: pulumi.Resource[]): PlatformOpts => ({ ...opts, dependsOn: [...(opts.dependsOn ?? []), ...resources] });

const id = (o: { metadata?: { name?: string; namespace?: string } }) => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata!.name!);

export function createAutoscaler(cluster: Cluster, roleArn: pulumi.Input<string>, opts: PlatformOpts): void {
  const o = autoscalerObjects(cluster);
  const sa = new k8s.core.v1.ServiceAccount(
    id(o.serviceAccount),
    { ...o.serviceAccount, metadata: { ...o.serviceAccount.metadata, annotations: { [ROLE_ARN_ANNOTATION]: roleArn } } } as k8s.core.v1.ServiceAccountArgs,
    opts,
  );
  const clusterRole = new k8s.rbac.v1.ClusterRole(id(o.clusterRole), o.clusterRole as k8s.rbac.v1.ClusterRoleArgs, opts);
  const role = new k8s.rbac.v1.Role(id(o.role), o.role as k8s.rbac.v1.RoleArgs, opts);
  const bindings = [
    new k8s.rbac.v1.ClusterRoleBinding(id(o.clusterRoleBinding), o.clusterRoleBinding as k8s.rbac.v1.ClusterRoleBindingArgs, after(opts, clusterRole, sa)),
    new k8s.rbac.v1.RoleBinding(id(o.roleBinding), o.roleBinding as k8s.rbac.v1.RoleBindingArgs, after(opts, role, sa)),
  ];
  const priorities = new k8s.core.v1.ConfigMap(id(o.priorityExpander), o.priorityExpander as k8s.core.v1.ConfigMapArgs, opts);
  new k8s.apps.v1.Deployment(id(o.deployment), o.deployment as k8s.apps.v1.DeploymentArgs, after(opts, ...bindings, priorities));
  new k8s.policy.v1.PodDisruptionBudget(id(o.podDisruptionBudget), o.podDisruptionBudget as k8s.policy.v1.PodDisruptionBudgetArgs, opts);
}
