// Thin creator: GoKubeDownscaler's namespace, RBAC and Deployment.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { createClusterRbac } from "../kube/create";
import { resourceName as id } from "../kube/objects";
import { downscalerObjects } from "./spec";

export function createDownscaler(cluster: Cluster, opts: { provider: k8s.Provider; parent: pulumi.Resource }): void {
  const o = downscalerObjects(cluster);
  const ns = new k8s.core.v1.Namespace(id(o.namespace), o.namespace as k8s.core.v1.NamespaceArgs, opts);
  const inNs = { ...opts, dependsOn: [ns] };
  const sa = new k8s.core.v1.ServiceAccount(id(o.serviceAccount), o.serviceAccount as k8s.core.v1.ServiceAccountArgs, inNs);
  const binding = createClusterRbac(o, sa, opts);
  new k8s.apps.v1.Deployment(id(o.deployment), o.deployment as k8s.apps.v1.DeploymentArgs, { ...inNs, dependsOn: [ns, binding] });
}
