// The DNS addresses nodes and pods use, derived once from the config.
import type { Cluster } from "../../config/stack";

/** kube-dns's ClusterIP: the service CIDR's .10, as EKS assigns it. */
export function kubeDnsIp(serviceCidr: string): string {
  const [base] = serviceCidr.split("/");
  const octets = base.split(".");
  octets[3] = "10";
  return octets.join(".");
}

/** kubelet clusterDNS: the node-local cache first, kube-dns second so glibc falls back if the cache is down. */
export function clusterDnsIps(cluster: Cluster): [string, string] {
  return [cluster.dns.nodeLocal.ip, kubeDnsIp(cluster.controlPlane.serviceCidr)];
}

/** The VPC's Route 53 Resolver: reachable at this link-local address from every VPC. */
export const VPC_RESOLVER_IP = "169.254.169.253";
