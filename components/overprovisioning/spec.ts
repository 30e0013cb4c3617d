// Overprovisioning per app group as plain Kubernetes objects (seed: "Overprovisioning"): a Deployment of
// pause pods at priority `overprovisioning` with the group's placement, and a cluster-proportional-
// autoscaler in ladder mode on the admin pool that sizes it from that group's nodes only.
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import type { IClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import type { AppGroupValues } from "../../config/schema";
import type { Cluster } from "../../config/stack";
import { clusterRoleBinding, onAdminPool, restrictedContainerSecurity, restrictedPodSecurity, serviceAccountRole, type NamespaceRbac } from "../kube/objects";
import { LABELS, nodeSelectorFor, planNodeGroups, tolerationsFor, type NodeGroup } from "../node-pools/plan";
import { OVERPROVISIONING_PRIORITY_CLASS } from "../priority-classes/spec";
import { IMAGES } from "../versions";
import { ladderJson } from "./ladder";
import { guaranteed } from "./resources";

export const OVERPROVISIONING_NAMESPACE = "overprovisioning";
/** One ClusterRole for every group's CPA: reading nodes is the only cluster-wide right they need. */
export const NODE_READER_CLUSTER_ROLE = "overprovisioning-autoscaler-nodes";
/** CPA is a small Go binary watching only its group's nodes. */
export const CPA_RESOURCES = { cpu: "50m", memory: "64Mi" } as const;
/** The images' own non-root user (CPA's Dockerfile: USER 65535; pause runs as anyone). */
const NON_ROOT = 65535;

export const pauseDeploymentName = (group: string) => `overprovisioning-${group}`;
export const autoscalerName = (group: string) => `overprovisioning-${group}-autoscaler`;
export const ladderConfigMapName = (group: string) => `overprovisioning-${group}-ladder`;

export interface GroupOverprovisioning extends NamespaceRbac {
  group: string;
  pause: IDeployment;
  ladder: IConfigMap;
  serviceAccount: IServiceAccount;
  clusterRoleBinding: IClusterRoleBinding;
  autoscaler: IDeployment;
}

export interface OverprovisioningObjects {
  namespace: INamespace;
  nodeReader: IClusterRole;
  groups: GroupOverprovisioning[];
}

const managed = { "app.kubernetes.io/managed-by": "clusterkit" };

const restrictedContainer = { ...restrictedContainerSecurity(), runAsNonRoot: true, runAsUser: NON_ROOT, runAsGroup: NON_ROOT };
const restrictedPod = restrictedPodSecurity(NON_ROOT);

/** App groups with overprovisioning switched on, sorted by name. */
export function overprovisionedGroups(cluster: Cluster): [string, AppGroupValues & { overprovisioning: NonNullable<AppGroupValues["overprovisioning"]> }][] {
  return Object.keys(cluster.appGroups)
    .sort()
    .map((name) => [name, cluster.appGroups[name]] as const)
    .filter((entry): entry is [string, AppGroupValues & { overprovisioning: NonNullable<AppGroupValues["overprovisioning"]> }] => entry[1].overprovisioning?.enabled === true);
}

/** CPA's arguments: ladder mode from our own ConfigMap (no --default-params), counting this group's nodes only. */
export function autoscalerArgs(group: string): string[] {
  return [
    `--namespace=${OVERPROVISIONING_NAMESPACE}`,
    `--target=deployment/${pauseDeploymentName(group)}`,
    `--configmap=${ladderConfigMapName(group)}`,
    `--nodelabels=${LABELS.pool}=${group}`,
    "--logtostderr=true",
    "--v=2",
  ];
}

function groupObjects(group: string, values: AppGroupValues & { overprovisioning: NonNullable<AppGroupValues["overprovisioning"]> }, plan: readonly NodeGroup[]): GroupOverprovisioning {
  const pauseName = pauseDeploymentName(group);
  const cpaName = autoscalerName(group);
  const cmName = ladderConfigMapName(group);
  const ns = OVERPROVISIONING_NAMESPACE;
  const pauseLabels = { "app.kubernetes.io/name": "overprovisioning", "app.kubernetes.io/instance": pauseName };
  const cpaLabels = { "app.kubernetes.io/name": "cluster-proportional-autoscaler", "app.kubernetes.io/instance": cpaName };
  const cpaObjectLabels = { ...cpaLabels, ...managed };
  const meta = (name: string, labels: Record<string, string>) => ({ name, namespace: ns, labels: { ...labels, ...managed } });
  return {
    group,
    pause: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(pauseName, pauseLabels),
      // No `replicas`: the CPA owns it, and server-side apply leaves a field we never set alone.
      spec: {
        selector: { matchLabels: pauseLabels },
        template: {
          metadata: { labels: pauseLabels },
          spec: {
            priorityClassName: OVERPROVISIONING_PRIORITY_CLASS,
            nodeSelector: nodeSelectorFor(group),
            tolerations: tolerationsFor(plan, group),
            // Preempted pause pods must leave at once: the application pod is waiting for their room.
            terminationGracePeriodSeconds: 0,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPod,
            containers: [
              {
                name: "pause",
                image: IMAGES.pause,
                resources: guaranteed(values.overprovisioning.pod),
                securityContext: restrictedContainer,
              },
            ],
          },
        },
      },
    },
    ladder: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta(cmName, cpaLabels),
      data: { ladder: ladderJson(values.overprovisioning.ladder) },
    },
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(cpaName, cpaLabels) },
    // Only its own target and ConfigMap. replicasets/scale is not granted: the target is a Deployment,
    // which CPA scales through deployments/scale.
    ...serviceAccountRole(cpaName, ns, cpaObjectLabels, [
      { apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: [pauseName], verbs: ["get", "update"] },
      { apiGroups: [""], resources: ["configmaps"], resourceNames: [cmName], verbs: ["get"] },
    ]),
    clusterRoleBinding: clusterRoleBinding(cpaName, cpaObjectLabels, NODE_READER_CLUSTER_ROLE, { name: cpaName, namespace: ns }),
    autoscaler: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(cpaName, cpaLabels),
      spec: {
        replicas: 1,
        selector: { matchLabels: cpaLabels },
        template: {
          metadata: { labels: cpaLabels },
          spec: {
            serviceAccountName: cpaName,
            ...onAdminPool(plan),
            securityContext: restrictedPod,
            containers: [
              {
                name: "autoscaler",
                image: IMAGES.clusterProportionalAutoscaler,
                command: ["/cluster-proportional-autoscaler"],
                args: autoscalerArgs(group),
                resources: guaranteed(CPA_RESOURCES),
                securityContext: restrictedContainer,
              },
            ],
          },
        },
      },
    },
  };
}

export function overprovisioningObjects(cluster: Cluster): OverprovisioningObjects {
  const plan = planNodeGroups(cluster);
  return {
    namespace: {
      apiVersion: "v1",
      kind: "Namespace",
      // Everything here meets the restricted Pod Security Standard: enforce it.
      metadata: { name: OVERPROVISIONING_NAMESPACE, labels: { ...managed, "pod-security.kubernetes.io/enforce": "restricted" } },
    },
    nodeReader: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: NODE_READER_CLUSTER_ROLE, labels: managed },
      rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["list", "watch"] }],
    },
    groups: overprovisionedGroups(cluster).map(([name, values]) => groupObjects(name, values, plan)),
  };
}
