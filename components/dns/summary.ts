// summary.md: the node-local cache, where it forwards, and how CoreDNS scales.
import type { Cluster } from "../../config/stack";
import { clusterDnsIps, kubeDnsIp, VPC_RESOLVER_IP } from "./addresses";
import { corednsAddonSpec } from "./coredns";
import { CLUSTER_DOMAIN, NODE_LOCAL_DNS_NAME } from "./dnsmasq";
import { NODE_LOCAL_DNS_INTERFACE } from "./node-setup";

export function dnsSummary(cluster: Cluster, vpcResolverIp: string = VPC_RESOLVER_IP): string[] {
  const n = cluster.dns.nodeLocal;
  const kubeDns = kubeDnsIp(cluster.controlPlane.serviceCidr);
  const coredns = corednsAddonSpec(cluster);
  const c = cluster.dns.coredns;
  return [
    "## DNS",
    "",
    `- Node-local cache: dnsmasq DaemonSet \`kube-system/${NODE_LOCAL_DNS_NAME}\` on every node at \`${n.ip}\` (dummy interface \`${NODE_LOCAL_DNS_INTERFACE}\`, NOTRACK), cache ${n.cacheSize} entries, negative TTL ${n.negTtl}s, ${n.resources.cpu} CPU / ${n.resources.memory}`,
    `- kubelet clusterDNS: ${clusterDnsIps(cluster).map((ip) => `\`${ip}\``).join(", ")} (cache first, kube-dns as fallback)`,
    `- Upstreams: \`${CLUSTER_DOMAIN}\`, \`in-addr.arpa\`, \`ip6.arpa\` → kube-dns \`${kubeDns}\`; everything else → VPC resolver \`${vpcResolverIp}\``,
    `- CoreDNS: EKS add-on \`coredns\` ${coredns.addonVersion} on the admin pool, managed autoscaling ${c.minReplicas}-${c.maxReplicas} replicas, ${c.resources.cpu} CPU / ${c.resources.memory} each, spread across zones, PDB maxUnavailable 1`,
    "- Applications: `snippets/app-dns-config.yaml` (ndots 1, single-request-reopen, use-vc; dnsPolicy ClusterFirst)",
  ];
}
