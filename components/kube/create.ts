// What every thin Kubernetes creator shares: the options it passes down, and the ClusterRole + binding pair.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { resourceName, type ClusterRbac } from "./objects";

/** Provider and parent for every object; `dependsOn` (e.g. the node pools) applies to each of them. */
export interface PlatformOpts {
  provider: k8s.Provider;
  parent: pulumi.Resource;
  dependsOn?: pulumi.Resource[];
}

export const after = (opts: PlatformOpts, ...resources: pulumi.Resource[]): PlatformOpts => ({ ...opts, dependsOn: [...(opts.dependsOn ?? []), ...resources] });

/** The ClusterRole and its binding, which waits for the role and the ServiceAccount it names. Returns the binding. */
export function createClusterRbac(o: ClusterRbac, serviceAccount: pulumi.Resource, opts: PlatformOpts): k8s.rbac.v1.ClusterRoleBinding {
  const role = new k8s.rbac.v1.ClusterRole(resourceName(o.clusterRole), o.clusterRole as k8s.rbac.v1.ClusterRoleArgs, opts);
  return new k8s.rbac.v1.ClusterRoleBinding(resourceName(o.clusterRoleBinding), o.clusterRoleBinding as k8s.rbac.v1.ClusterRoleBindingArgs, after(opts, role, serviceAccount));
}
