// How the networks allowed to the private API endpoint (controlPlane.privateAccessCidrs, the CI/VPN
// network) reach a VPC clusterkit creates: an attachment of its private subnets to the configured
// transit gateway, and a route per network to it in every private route table. Pure data.
import type { Cluster } from "../../config/stack";
import { resourceTags } from "./tags";

export interface TransitRoute {
  /** Pulumi resource name. */
  name: string;
  /** AZ whose private route table carries the route. */
  az: string;
  destinationCidr: string;
}

export interface TransitGatewaySpec {
  transitGatewayId: string;
  attachment: { name: string; tags: Record<string, string> };
  /** AZs whose private subnet the attachment uses: all of them (AWS allows one subnet per AZ per attachment). */
  subnetAzs: string[];
  routes: TransitRoute[];
}

/** A Pulumi-name-safe form of a CIDR: 10.0.0.0/16 -> 10-0-0-0-16. */
export const cidrSlug = (cidr: string): string => cidr.replace(/[./]/g, "-");

/** The attachment and routes for a new VPC, or undefined without network.transitGatewayId. */
export function transitGatewaySpec(cluster: Cluster, zones: readonly { az: string; privateRouteTable: { name: string } }[]): TransitGatewaySpec | undefined {
  const transitGatewayId = cluster.network.transitGatewayId;
  if (!transitGatewayId) return undefined;
  const name = `${cluster.name}-tgw-attachment`;
  // Sorted and deduplicated: the route set, not the order it was written in, is what matters.
  const cidrs = [...new Set(cluster.controlPlane.privateAccessCidrs)].sort();
  return {
    transitGatewayId,
    attachment: { name, tags: resourceTags(cluster, name) },
    subnetAzs: zones.map((z) => z.az),
    routes: zones.flatMap((z) => cidrs.map((cidr) => ({ name: `${z.privateRouteTable.name}-to-${cidrSlug(cidr)}`, az: z.az, destinationCidr: cidr }))),
  };
}
