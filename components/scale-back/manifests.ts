// The descheduler of on-demand scale-back as plain Kubernetes objects: its policy ConfigMap, RBAC (only
// what PodLifeTime + DefaultEvictor use) and one replica on the admin pool.
import { createHash } from "node:crypto";
import { stringify } from "yaml";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";
import type { Cluster } from "../../config/stack";
import { onAdminPool, restrictedContainerSecurity, restrictedPodSecurity, serviceAccountClusterRole, type ClusterRbac } from "../kube/objects";
import { planNodeGroups } from "../node-pools/plan";
import { guaranteed } from "../overprovisioning/resources";
import { deschedulerImage } from "../versions";
import { DESCHEDULER_NAME, DESCHEDULER_NAMESPACE, DESCHEDULER_POLICY_KEY, deschedulerArgs, deschedulerPolicy } from "./spec";

const labels = { "app.kubernetes.io/name": DESCHEDULER_NAME, "app.kubernetes.io/managed-by": "clusterkit" };
const selector = { "app.kubernetes.io/name": DESCHEDULER_NAME };
const POLICY_CONFIGMAP = `${DESCHEDULER_NAME}-policy`;
/** The descheduler serves /healthz over HTTPS here. */
const SECURE_PORT = 10258;
const READ = ["get", "list", "watch"];
/**
 * On the pod template: the sha256 of the policy file's text. The descheduler reads its policy once, at
 * start, and never reloads it, so a policy change must change the template to roll the pod.
 */
export const POLICY_HASH_ANNOTATION = "clusterkit.io/policy-sha256";

export function deschedulerRules(): IPolicyRule[] {
  return [
    { apiGroups: [""], resources: ["namespaces", "nodes", "persistentvolumeclaims"], verbs: READ },
    { apiGroups: [""], resources: ["pods"], verbs: [...READ, "delete"] },
    { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: ["create", "update"] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
    { apiGroups: ["scheduling.k8s.io"], resources: ["priorityclasses"], verbs: READ },
  ];
}

export interface ScaleBackObjects extends ClusterRbac {
  policy: IConfigMap;
  serviceAccount: IServiceAccount;
  deployment: IDeployment;
}

export function scaleBackObjects(cluster: Cluster): ScaleBackObjects {
  const groups = planNodeGroups(cluster);
  const meta = { name: DESCHEDULER_NAME, namespace: DESCHEDULER_NAMESPACE, labels };
  const policyYaml = stringify(deschedulerPolicy(cluster));
  return {
    policy: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { ...meta, name: POLICY_CONFIGMAP },
      data: { [DESCHEDULER_POLICY_KEY]: policyYaml },
    },
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta },
    ...serviceAccountClusterRole(DESCHEDULER_NAME, DESCHEDULER_NAMESPACE, labels, deschedulerRules()),
    deployment: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: {
        // One replica, no leader election: a missed loop while it restarts only delays a move.
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, annotations: { [POLICY_HASH_ANNOTATION]: createHash("sha256").update(policyYaml).digest("hex") } },
          spec: {
            serviceAccountName: DESCHEDULER_NAME,
            priorityClassName: "system-cluster-critical",
            ...onAdminPool(groups),
            securityContext: restrictedPodSecurity(65534),
            containers: [
              {
                name: DESCHEDULER_NAME,
                image: deschedulerImage(cluster.kubernetesVersion),
                command: ["/bin/descheduler"],
                args: deschedulerArgs(cluster),
                ports: [{ name: "https", containerPort: SECURE_PORT, protocol: "TCP" }],
                livenessProbe: { httpGet: { path: "/healthz", port: SECURE_PORT, scheme: "HTTPS" }, initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 },
                resources: guaranteed(cluster.onDemandScaleBack.resources),
                securityContext: restrictedContainerSecurity(),
                volumeMounts: [{ name: "policy", mountPath: "/policy-dir", readOnly: true }],
              },
            ],
            volumes: [{ name: "policy", configMap: { name: POLICY_CONFIGMAP } }],
          },
        },
      },
    },
  };
}
