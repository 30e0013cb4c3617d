// The node-local DNS cache (seed: "a local DNS cache on each worker node, with dnsmasq"): a DaemonSet on
// every node, listening only on the link-local address, forwarding the cluster zones to kube-dns and
// everything else to the VPC resolver. The address itself is set up on the host (node-setup.ts).
import type { IDaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import type { Cluster } from "../../config/stack";
import { guaranteed } from "../overprovisioning/resources";
import { IMAGES } from "../versions";
import { kubeDnsIp, VPC_RESOLVER_IP } from "./addresses";
import { NODE_LOCAL_DNS_MAX_UNAVAILABLE_PERCENT } from "./rollout";

export const NODE_LOCAL_DNS_NAME = "node-local-dns";
export const NODE_LOCAL_DNS_NAMESPACE = "kube-system";
export const CLUSTER_DOMAIN = "cluster.local";
/** Concurrent upstream queries (dnsmasq's default 150 is low for a node of busy pods). */
export const DNS_FORWARD_MAX = 1000;
/**
 * The container's only capability: :53 on the host network. dnsmasq needs no other one because it keeps
 * its uid and gid (`--user=root --group=`); test/dnsmasq.test.ts runs it under exactly this set.
 */
export const DNSMASQ_CAPABILITIES = ["NET_BIND_SERVICE"] as const;

export interface DnsmasqOverrides {
  /** Address to listen on; default the cluster's dns.nodeLocal.ip. */
  listenAddress?: string;
  /** Port to listen on; default 53. */
  port?: number;
  /** kube-dns server for the cluster zones, dnsmasq syntax (`ip` or `ip#port`); default the kube-dns service IP. */
  clusterDns?: string;
  /** Servers for everything else (`ip` or `ip#port`); default the VPC resolver. */
  upstreams?: string[];
}

/**
 * dnsmasq's exact argument list (the reference's configuration, run for real on Debian's dnsmasq 2.90).
 * Tests call it with loopback addresses and `#port` servers and run it in a real dnsmasq.
 */
export function dnsmasqArgs(cluster: Pick<Cluster, "dns" | "controlPlane">, overrides: DnsmasqOverrides = {}): string[] {
  const n = cluster.dns.nodeLocal;
  const kubeDns = overrides.clusterDns ?? kubeDnsIp(cluster.controlPlane.serviceCidr);
  const upstreams = overrides.upstreams ?? [VPC_RESOLVER_IP];
  return [
    "--keep-in-foreground",
    // Keep the uid and the gid: a switch needs CAP_SETUID/CAP_SETGID, which the container drops. `--user=root`
    // alone is not enough: started as root, dnsmasq still calls setgroups() and setgid() to its group (`dip`,
    // else the user's) unless the group is empty, and exits "failed to change group-id" without CAP_SETGID.
    "--user=root",
    "--group=",
    // No pid file: the root filesystem is read-only and nothing reads it.
    "--pid-file=",
    `--port=${overrides.port ?? 53}`,
    `--listen-address=${overrides.listenAddress ?? n.ip}`,
    // Bind only that address: the node's own resolver (and anything else on :53) keeps working.
    "--bind-interfaces",
    "--no-resolv",
    "--no-hosts",
    "--domain-needed",
    `--cache-size=${n.cacheSize}`,
    `--neg-ttl=${n.negTtl}`,
    `--dns-forward-max=${DNS_FORWARD_MAX}`,
    "--dns-loop-detect",
    "--log-facility=-",
    `--server=/${CLUSTER_DOMAIN}/${kubeDns}`,
    `--server=/in-addr.arpa/${kubeDns}`,
    `--server=/ip6.arpa/${kubeDns}`,
    ...upstreams.map((u) => `--server=${u}`),
  ];
}

const labels = { "app.kubernetes.io/name": NODE_LOCAL_DNS_NAME };

export function nodeLocalDnsDaemonSet(cluster: Cluster, overrides: DnsmasqOverrides = {}): IDaemonSet {
  const ip = cluster.dns.nodeLocal.ip;
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: NODE_LOCAL_DNS_NAME, namespace: NODE_LOCAL_DNS_NAMESPACE, labels: { ...labels, "app.kubernetes.io/managed-by": "clusterkit" } },
    spec: {
      selector: { matchLabels: labels },
      // 10 %, upstream NodeLocal DNSCache's value: a rollout takes at most ten rounds however many nodes
      // (one node at a time outlasted Pulumi's wait on large clusters), and one NotReady node (a spot
      // reclaim) no longer stalls it. Pods on the nodes being replaced fall back to kube-dns (the
      // kubelet's second clusterDNS) at once: the address stays on the host, so they get port-unreachable.
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: `${NODE_LOCAL_DNS_MAX_UNAVAILABLE_PERCENT}%` } },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          // Its own upstreams are explicit; never resolve through itself.
          dnsPolicy: "Default",
          priorityClassName: "system-node-critical",
          // Every node, whatever its taints: a node without its cache has slow DNS for all its pods.
          tolerations: [{ operator: "Exists" }],
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          // The image's STOPSIGNAL is SIGCONT (kubernetes/dns images/dnsmasq/Dockerfile.cross, inherited by
          // the nanny image), which dnsmasq ignores: it never sees SIGTERM and always runs until the SIGKILL
          // at the end of the grace period. The replacement cannot start before the old pod is gone, so a
          // longer grace only lengthens every rollout round, with no gain.
          terminationGracePeriodSeconds: 1,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "dnsmasq",
              image: IMAGES.dnsmasq,
              // The plain binary, not the nanny: the image has no shell, and the nanny adds nothing we use.
              command: ["/usr/sbin/dnsmasq"],
              args: dnsmasqArgs(cluster, overrides),
              ports: [
                { name: "dns", containerPort: 53, protocol: "UDP" },
                { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
              ],
              // No shell or dig in the image: a TCP connect to the cache's own address proves it listens.
              livenessProbe: { tcpSocket: { host: ip, port: 53 }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
              readinessProbe: { tcpSocket: { host: ip, port: 53 }, periodSeconds: 10, timeoutSeconds: 2 },
              resources: guaranteed(cluster.dns.nodeLocal.resources),
              // Root (the image's user, and :53 on the host network) with nothing but NET_BIND_SERVICE.
              securityContext: {
                runAsUser: 0,
                runAsNonRoot: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"], add: [...DNSMASQ_CAPABILITIES] },
              },
            },
          ],
        },
      },
    },
  };
}
