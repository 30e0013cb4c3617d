// Post-deploy verification of one cluster, as plain commands: a kubeconfig from `aws eks
// update-kubeconfig` into a file of our own (never the operator's ~/.kube/config), then kubectl checks
// that each exit non-zero when the cluster is not healthy. The object names are data in one place.
import { AUTOSCALER_NAME, AUTOSCALER_NAMESPACE } from "../components/autoscaler/flags";
import { PRIORITY_EXPANDER_CONFIGMAP } from "../components/autoscaler/priority-expander";
import { NODE_LOCAL_DNS_NAME } from "../components/dns/dnsmasq";
import { MAX_ROLLOUT_TIMEOUT_MINUTES } from "../components/dns/rollout";
import { IMAGES } from "../components/versions";

// The names come from the components that create the objects, so a rename cannot leave the check behind.
export const VERIFY = {
  namespace: AUTOSCALER_NAMESPACE,
  /** Deployments whose rollout must be complete and available (coredns is the EKS add-on's name). */
  deployments: [AUTOSCALER_NAME, "coredns"],
  /** The node-local DNS cache DaemonSet: every desired pod updated and available. */
  daemonSets: [NODE_LOCAL_DNS_NAME],
  /** cluster-autoscaler's priority expander reads exactly this ConfigMap name. */
  configMaps: [PRIORITY_EXPANDER_CONFIGMAP],
  /** Trailing dot: one query, no search-path expansion, through the pod's resolv.conf (the node cache). */
  dnsName: "kubernetes.default.svc.cluster.local.",
  dnsPod: { name: "clusterkit-dns-check", namespace: "default", image: IMAGES.dnsCheck },
  /** How long each wait may take: new nodes may still be joining right after `pulumi up`. */
  timeout: "5m",
  /** The node-local DaemonSet: at most ten rounds of 10 % on any cluster, the budget Pulumi's customTimeouts get. */
  daemonSetTimeout: `${MAX_ROLLOUT_TIMEOUT_MINUTES}m`,
} as const;

export interface Command {
  command: string;
  args: string[];
}

export interface Check {
  /** What it proves, for the summary. */
  label: string;
  command: Command;
}

export interface ClusterTarget {
  stack: string;
  /** The EKS cluster name (components/control-plane names the cluster after `name`). */
  name: string;
  region: string;
}

export function kubeconfigCommand(cluster: ClusterTarget, kubeconfig: string): Command {
  return { command: "aws", args: ["eks", "update-kubeconfig", "--name", cluster.name, "--region", cluster.region, "--kubeconfig", kubeconfig] };
}

/** The pod runs under the "restricted" Pod Security profile: non-root, no capabilities, read-only root. */
function dnsPodOverrides(): string {
  return JSON.stringify({
    apiVersion: "v1",
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: VERIFY.dnsPod.name,
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          resources: { requests: { cpu: "50m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
        },
      ],
    },
  });
}

export function verificationChecks(kubeconfig: string): Check[] {
  const kubectl = (...args: string[]): Command => ({ command: "kubectl", args: ["--kubeconfig", kubeconfig, ...args] });
  const ns = VERIFY.namespace;
  const wait = `--timeout=${VERIFY.timeout}`;
  const pod = VERIFY.dnsPod;
  return [
    { label: "all nodes Ready", command: kubectl("wait", "--for=condition=Ready", "nodes", "--all", wait) },
    ...VERIFY.deployments.map((d) => ({ label: `deployment ${ns}/${d} available`, command: kubectl("-n", ns, "rollout", "status", `deployment/${d}`, wait) })),
    ...VERIFY.daemonSets.map((d) => ({ label: `daemonset ${ns}/${d} fully available`, command: kubectl("-n", ns, "rollout", "status", `daemonset/${d}`, `--timeout=${VERIFY.daemonSetTimeout}`) })),
    ...VERIFY.configMaps.map((c) => ({ label: `configmap ${ns}/${c} present`, command: kubectl("-n", ns, "get", "configmap", c, "-o", "name") })),
    // A pod left by an interrupted earlier check would make `run` fail with AlreadyExists.
    { label: "no stale DNS check pod", command: kubectl("-n", pod.namespace, "delete", "pod", pod.name, "--ignore-not-found", "--wait=true") },
    {
      label: `DNS resolves ${VERIFY.dnsName} from a pod`,
      command: kubectl(
        "-n",
        pod.namespace,
        "run",
        pod.name,
        `--image=${pod.image}`,
        "--restart=Never",
        "--rm",
        "-i",
        "--quiet",
        `--pod-running-timeout=${VERIFY.timeout}`,
        "--override-type=strategic",
        `--overrides=${dnsPodOverrides()}`,
        "--command",
        "--",
        "nslookup",
        VERIFY.dnsName,
      ),
    },
  ];
}
