// aws-node-termination-handler in queue mode as plain Kubernetes objects: ServiceAccount (IRSA),
// ClusterRole with what it uses to cordon, taint, label and drain, a Deployment on the admin pool and its
// PodDisruptionBudget. The queue URL and role ARN exist only at deploy time: they come in as parameters.
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IPolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";
import type { Cluster } from "../../config/stack";
import { ROLE_ARN_ANNOTATION } from "../control-plane/irsa";
import { onAdminPool, restrictedContainerSecurity, restrictedPodSecurity, serviceAccountClusterRole, spreadAcrossNodes, type ClusterRbac } from "../kube/objects";
import { planNodeGroups } from "../node-pools/plan";
import { guaranteed } from "../overprovisioning/resources";
import { IMAGES } from "../versions";
import { managedTagKey, NTH_NAME, NTH_NAMESPACE } from "./aws";

export const PROBES_PORT = 8080;
export const METRICS_PORT = 9092;
/** The spot warning gives 2 minutes: pods get what is left of it (NODE_TERMINATION_GRACE_PERIOD). */
export const NODE_TERMINATION_GRACE_SECONDS = 120;

const labels = { "app.kubernetes.io/name": NTH_NAME, "app.kubernetes.io/managed-by": "clusterkit" };
const selector = { "app.kubernetes.io/name": NTH_NAME };

/** What NTH calls (upstream chart's ClusterRole, minus the `extensions` group no supported Kubernetes serves). */
export function nthRules(): IPolicyRule[] {
  return [
    { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
    { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "patch", "update"] },
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
    { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
    { apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["get"] },
  ];
}

const value = (name: string, v: string): IEnvVar => ({ name, value: v });
const field = (name: string, fieldPath: string): IEnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });

/** Queue-processor settings (pkg/config/config.go names). Sorted after the three downward-API variables. */
export function nthEnv(cluster: Pick<Cluster, "name" | "region">, queueUrl: string): IEnvVar[] {
  return [
    field("NODE_NAME", "spec.nodeName"),
    field("POD_NAME", "metadata.name"),
    field("NAMESPACE", "metadata.namespace"),
    value("AWS_REGION", cluster.region),
    // Drain only instances carrying this cluster's tag (propagated from its ASGs).
    value("CHECK_TAG_BEFORE_DRAINING", "true"),
    value("DELETE_LOCAL_DATA", "true"),
    // The queue is this cluster's alone: a message about an instance that is not one of its nodes is
    // noise, and for a lifecycle hook NTH then completes the action instead of holding it 5 minutes.
    value("DELETE_SQS_MSG_IF_NODE_NOT_FOUND", "true"),
    value("EMIT_KUBERNETES_EVENTS", "true"),
    value("ENABLE_PROBES_SERVER", "true"),
    value("ENABLE_PROMETHEUS_SERVER", "true"),
    value("ENABLE_SQS_TERMINATION_DRAINING", "true"),
    value("IGNORE_DAEMON_SETS", "true"),
    value("MANAGED_TAG", managedTagKey(cluster.name)),
    value("NODE_TERMINATION_GRACE_PERIOD", String(NODE_TERMINATION_GRACE_SECONDS)),
    // -1: each pod's own terminationGracePeriodSeconds.
    value("POD_TERMINATION_GRACE_PERIOD", "-1"),
    value("PROBES_SERVER_ENDPOINT", "/healthz"),
    value("PROBES_SERVER_PORT", String(PROBES_PORT)),
    value("PROMETHEUS_SERVER_PORT", String(METRICS_PORT)),
    value("QUEUE_URL", queueUrl),
  ];
}

export interface NthObjects extends ClusterRbac {
  serviceAccount: IServiceAccount;
  deployment: IDeployment;
  podDisruptionBudget: IPodDisruptionBudget;
}

export function nthObjects(cluster: Cluster, deps: { queueUrl: string; roleArn: string }): NthObjects {
  const groups = planNodeGroups(cluster);
  const s = cluster.spotInterruptions;
  const meta = { name: NTH_NAME, namespace: NTH_NAMESPACE, labels };
  return {
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: { ...meta, annotations: { [ROLE_ARN_ANNOTATION]: deps.roleArn } } },
    ...serviceAccountClusterRole(NTH_NAME, NTH_NAMESPACE, labels, nthRules()),
    deployment: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: {
        replicas: s.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NTH_NAME,
            priorityClassName: "system-cluster-critical",
            ...onAdminPool(groups),
            topologySpreadConstraints: spreadAcrossNodes(selector),
            // The chart's user; fsGroup lets it read the projected IRSA token.
            securityContext: { ...restrictedPodSecurity(1000), fsGroup: 1000 },
            containers: [
              {
                name: NTH_NAME,
                image: IMAGES.nodeTerminationHandler,
                env: nthEnv(cluster, deps.queueUrl),
                ports: [
                  { name: "liveness-probe", containerPort: PROBES_PORT, protocol: "TCP" },
                  { name: "http-metrics", containerPort: METRICS_PORT, protocol: "TCP" },
                ],
                livenessProbe: { httpGet: { path: "/healthz", port: PROBES_PORT }, initialDelaySeconds: 5, periodSeconds: 5 },
                resources: guaranteed(s.resources),
                securityContext: restrictedContainerSecurity(),
              },
            ],
          },
        },
      },
    },
    podDisruptionBudget: {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta,
      // With one replica, minAvailable 1 would block every admin node drain; maxUnavailable 1 never does.
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    },
  };
}
