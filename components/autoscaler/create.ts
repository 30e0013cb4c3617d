// Thin creator: cluster-autoscaler's objects as typed Kubernetes resources, plus the IRSA annotation.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { ROLE_ARN_ANNOTATION } from "../control-plane/irsa";
import { after, createClusterRbac, type PlatformOpts } from "../kube/create";
import { resourceName as id } from "../kube/objects";
import { autoscalerObjects } from "./spec";

export function createAutoscaler(cluster: Cluster, roleArn: pulumi.Input<string>, opts: PlatformOpts): void {
  const o = autoscalerObjects(cluster);
  const sa = new k8s.core.v1.ServiceAccount(
    id(o.serviceAccount),
    { ...o.serviceAccount, metadata: { ...o.serviceAccount.metadata, annotations: { [ROLE_ARN_ANNOTATION]: roleArn } } } as k8s.core.v1.ServiceAccountArgs,
    opts,
  );
  const role = new k8s.rbac.v1.Role(id(o.role), o.role as k8s.rbac.v1.RoleArgs, opts);
  const bindings = [
    createClusterRbac(o, sa, opts),
    new k8s.rbac.v1.RoleBinding(id(o.roleBinding), o.roleBinding as k8s.rbac.v1.RoleBindingArgs, after(opts, role, sa)),
  ];
  const priorities = new k8s.core.v1.ConfigMap(id(o.priorityExpander), o.priorityExpander as k8s.core.v1.ConfigMapArgs, opts);
  new k8s.apps.v1.Deployment(id(o.deployment), o.deployment as k8s.apps.v1.DeploymentArgs, after(opts, ...bindings, priorities));
  new k8s.policy.v1.PodDisruptionBudget(id(o.podDisruptionBudget), o.podDisruptionBudget as k8s.policy.v1.PodDisruptionBudgetArgs, opts);
}
