// Thin creator: the overprovisioning namespace, and per group the pause Deployment and its ladder CPA.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { after, type PlatformOpts } from "../kube/create";
import { resourceName as id } from "../kube/objects";
import { overprovisioningObjects } from "./spec";

/** @pulumi/kubernetes: create or update without waiting for readiness. */
const SKIP_AWAIT = "pulumi.com/skipAwait";

/** `priorityClasses` must exist before pause pods are admitted. */
export function createOverprovisioning(
  cluster: Cluster,
  priorityClasses: pulumi.Resource[],
  opts: PlatformOpts,
): void {
  const o = overprovisioningObjects(cluster);
  if (o.groups.length === 0) return;
  const ns = new k8s.core.v1.Namespace(id(o.namespace), o.namespace as k8s.core.v1.NamespaceArgs, opts);
  const inNs = after(opts, ns);
  const nodeReader = new k8s.rbac.v1.ClusterRole(id(o.nodeReader), o.nodeReader as k8s.rbac.v1.ClusterRoleArgs, opts);
  for (const g of o.groups) {
    // Pause pods are preemptible by design and often Pending until cluster-autoscaler adds a node: a deploy
    // must not wait for them to be ready.
    const pauseObject = { ...g.pause, metadata: { ...g.pause.metadata, annotations: { ...g.pause.metadata?.annotations, [SKIP_AWAIT]: "true" } } };
    const pause = new k8s.apps.v1.Deployment(id(g.pause), pauseObject as k8s.apps.v1.DeploymentArgs, after(opts, ns, ...priorityClasses));
    const ladder = new k8s.core.v1.ConfigMap(id(g.ladder), g.ladder as k8s.core.v1.ConfigMapArgs, inNs);
    const sa = new k8s.core.v1.ServiceAccount(id(g.serviceAccount), g.serviceAccount as k8s.core.v1.ServiceAccountArgs, inNs);
    const role = new k8s.rbac.v1.Role(id(g.role), g.role as k8s.rbac.v1.RoleArgs, inNs);
    const roleBinding = new k8s.rbac.v1.RoleBinding(id(g.roleBinding), g.roleBinding as k8s.rbac.v1.RoleBindingArgs, after(opts, role, sa));
    const clusterBinding = new k8s.rbac.v1.ClusterRoleBinding(id(g.clusterRoleBinding), g.clusterRoleBinding as k8s.rbac.v1.ClusterRoleBindingArgs, after(opts, nodeReader, sa));
    new k8s.apps.v1.Deployment(id(g.autoscaler), g.autoscaler as k8s.apps.v1.DeploymentArgs, after(opts, pause, ladder, roleBinding, clusterBinding));
  }
}
