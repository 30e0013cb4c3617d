// The DNS addresses nodes and pods use, derived once from the config.
import type { Cluster } from "../../config/stack";
import { formatIp, networkOf } from "../network/cidr";

/**
 * kube-dns's ClusterIP: the .10 of the service CIDR's network address, as EKS assigns it. Host bits are
 * cleared first (172.20.0.0/12 is the network 172.16.0.0/12, so 172.16.0.10); config/rules.ts rejects
 * such a CIDR anyway, this keeps nodes and EKS agreeing whatever gets through.
 */
export function kubeDnsIp(serviceCidr: string): string {
  return formatIp(networkOf(serviceCidr).base + 10);
}

/** kubelet clusterDNS: the node-local cache first, kube-dns second so glibc falls back if the cache is down. */
export function clusterDnsIps(cluster: Cluster): [string, string] {
  return [cluster.dns.nodeLocal.ip, kubeDnsIp(cluster.controlPlane.serviceCidr)];
}

/** The VPC's Route 53 Resolver: reachable at this link-local address from every VPC. */
export const VPC_RESOLVER_IP = "169.254.169.253";
