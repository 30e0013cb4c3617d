// What the network layer creates (or reuses), as plain data: a new VPC with a public and a private
// subnet, a NAT gateway and a private route table per AZ (plus, with a transit gateway, the routes of
// the API's private access networks), or an existing VPC's private subnets.
import type { Cluster } from "../../config/stack";
import { bitsFor, formatCidr, parseCidr, SMALLEST_SUBNET_PREFIX, subnet, type Cidr } from "./cidr";
import { clusterTagKey, resourceTags } from "./tags";
import { transitGatewaySpec, type TransitGatewaySpec } from "./transit";

export interface SubnetCidrs {
  az: string;
  privateCidr: string;
  publicCidr: string;
}

/**
 * Carve the VPC deterministically. Nodes and pods (VPC CNI) live in the private subnets, so those get
 * the big blocks: the VPC is split into the smallest power of two of equal blocks that holds one per AZ
 * plus one spare; the last block is split again, the same number of ways, into the public subnets (NAT
 * gateways, load balancers). Both CIDRs of an AZ depend only on that power of two, so adding an AZ
 * keeps every existing subnet (and its NAT gateway) as long as the power of two does not grow.
 */
export function carveSubnets(vpcCidr: string, zones: readonly string[]): SubnetCidrs[] {
  const vpc = parseCidr(vpcCidr);
  const problem = carveProblem(vpc, zones.length);
  if (problem) throw new Error(problem);
  const bits = bitsFor(zones.length + 1);
  const publicBlock = subnet(vpc, bits, 2 ** bits - 1);
  return zones.map((az, i) => ({
    az,
    privateCidr: formatCidr(subnet(vpc, bits, i)),
    publicCidr: formatCidr(subnet(publicBlock, bits, i)),
  }));
}

/** Why the VPC network cannot be carved for this many zones (the config rules report it at network.vpcCidr), or undefined. */
export function carveProblem(vpc: Cidr, zoneCount: number): string | undefined {
  if (zoneCount === 0) return "needs at least one availability zone";
  const smallest = vpc.prefix + 2 * bitsFor(zoneCount + 1);
  if (smallest > SMALLEST_SUBNET_PREFIX) {
    return `${formatCidr(vpc)} is too small for ${zoneCount} availability zones: public subnets would be /${smallest}, AWS allows at most /${SMALLEST_SUBNET_PREFIX}; use a larger VPC (like a /16)`;
  }
  return undefined;
}

export interface Named {
  name: string;
  tags: Record<string, string>;
}

export interface ZoneSpec {
  az: string;
  publicSubnet: Named & { cidr: string };
  privateSubnet: Named & { cidr: string };
  natEip: Named;
  natGateway: Named;
  privateRouteTable: Named;
}

export type NetworkSpec =
  | { kind: "new"; cidr: string; vpc: Named; internetGateway: Named; publicRouteTable: Named; zones: ZoneSpec[]; transitGateway?: TransitGatewaySpec }
  | { kind: "existing"; vpcId: string; privateSubnetIds: { az: string; subnetId: string }[] };

/** Subnet role tags: where the AWS load balancer controller puts internet-facing and internal LBs. */
export const ELB_ROLE_TAG = "kubernetes.io/role/elb";
export const INTERNAL_ELB_ROLE_TAG = "kubernetes.io/role/internal-elb";

export function networkSpec(cluster: Cluster): NetworkSpec {
  const zones = cluster.network.availabilityZones;
  const existing = cluster.network.existingVpc;
  if (existing) {
    return { kind: "existing", vpcId: existing.vpcId, privateSubnetIds: zones.map((az) => ({ az, subnetId: existing.privateSubnetIds[az] })) };
  }
  if (!cluster.network.vpcCidr) throw new Error("network needs vpcCidr or existingVpc");
  const n = cluster.name;
  const shared = { [clusterTagKey(n)]: "shared" };
  const named = (name: string, extra: Record<string, string> = {}): Named => ({ name, tags: resourceTags(cluster, name, extra) });
  const zoneSpecs: ZoneSpec[] = carveSubnets(cluster.network.vpcCidr, zones).map((s) => ({
    az: s.az,
    publicSubnet: { ...named(`${n}-public-${s.az}`, { ...shared, [ELB_ROLE_TAG]: "1" }), cidr: s.publicCidr },
    privateSubnet: { ...named(`${n}-private-${s.az}`, { ...shared, [INTERNAL_ELB_ROLE_TAG]: "1" }), cidr: s.privateCidr },
    natEip: named(`${n}-nat-${s.az}`),
    natGateway: named(`${n}-nat-${s.az}`),
    privateRouteTable: named(`${n}-private-${s.az}`),
  }));
  const transitGateway = transitGatewaySpec(cluster, zoneSpecs);
  return {
    kind: "new",
    cidr: cluster.network.vpcCidr,
    vpc: named(`${n}-vpc`, shared),
    internetGateway: named(`${n}-igw`),
    publicRouteTable: named(`${n}-public`),
    zones: zoneSpecs,
    ...(transitGateway ? { transitGateway } : {}),
  };
}

/** One line for summary.md. */
export function networkSummary(cluster: Cluster): string[] {
  const spec = networkSpec(cluster);
  if (spec.kind === "existing") {
    const tgw = cluster.network.transitGatewayId;
    const routing = tgw ? `; its owner routes the API's private access networks (transit gateway \`${tgw}\` is not attached by clusterkit)` : "";
    return [`- Network: existing VPC \`${spec.vpcId}\`, private subnets ${spec.privateSubnetIds.map((s) => `${s.az} \`${s.subnetId}\``).join(", ")}${routing}`];
  }
  const zones = spec.zones.map((z) => `${z.az} private \`${z.privateSubnet.cidr}\` public \`${z.publicSubnet.cidr}\``).join("; ");
  const tgw = spec.transitGateway;
  const cidrs = tgw ? [...new Set(tgw.routes.map((r) => `\`${r.destinationCidr}\``))] : [];
  const routed = tgw ? `; private subnets attached to transit gateway \`${tgw.transitGatewayId}\`, routing ${cidrs.join(", ") || "no network"} there` : "";
  return [`- Network: new VPC \`${spec.cidr}\`, a NAT gateway per AZ; ${zones}${routed}`];
}
