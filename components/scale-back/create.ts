// Thin creator: the descheduler's objects (the ASG tags are merged by the node-pools tag builder).
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { createClusterRbac } from "../kube/create";
import { resourceName as id } from "../kube/objects";
import { scaleBackObjects } from "./manifests";

export function createScaleBack(cluster: Cluster, opts: { provider: k8s.Provider; parent: pulumi.Resource }): void {
  const o = scaleBackObjects(cluster);
  const policy = new k8s.core.v1.ConfigMap(id(o.policy), o.policy as k8s.core.v1.ConfigMapArgs, opts);
  const sa = new k8s.core.v1.ServiceAccount(id(o.serviceAccount), o.serviceAccount as k8s.core.v1.ServiceAccountArgs, opts);
  const binding = createClusterRbac(o, sa, opts);
  new k8s.apps.v1.Deployment(id(o.deployment), o.deployment as k8s.apps.v1.DeploymentArgs, { ...opts, dependsOn: [binding, policy] });
}
