// Thin wiring: turns the network spec into VPC resources, or passes an existing VPC's subnets through.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { networkSpec } from "./spec";
import type { TransitGatewaySpec } from "./transit";

export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  /** Private subnet id per availability zone, in the configured AZ order. */
  readonly privateSubnetIds: Record<string, pulumi.Output<string>>;
  /** What carries controlPlane.privateAccessCidrs traffic into a new VPC: the transit gateway attachment and its routes. */
  readonly apiRoutes: pulumi.Resource[];

  constructor(cluster: Cluster, opts?: pulumi.ComponentResourceOptions) {
    super("clusterkit:aws:Network", `${cluster.name}-network`, {}, opts);
    const spec = networkSpec(cluster);
    const parent = { parent: this };

    if (spec.kind === "existing") {
      this.vpcId = pulumi.output(spec.vpcId);
      this.privateSubnetIds = Object.fromEntries(spec.privateSubnetIds.map((s) => [s.az, pulumi.output(s.subnetId)]));
      this.apiRoutes = [];
    } else {
      const vpc = new aws.ec2.Vpc(spec.vpc.name, { cidrBlock: spec.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: spec.vpc.tags }, parent);
      const igw = new aws.ec2.InternetGateway(spec.internetGateway.name, { vpcId: vpc.id, tags: spec.internetGateway.tags }, parent);
      const publicRt = new aws.ec2.RouteTable(spec.publicRouteTable.name, { vpcId: vpc.id, tags: spec.publicRouteTable.tags }, parent);
      new aws.ec2.Route(`${spec.publicRouteTable.name}-default`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, parent);

      const privateIds: Record<string, pulumi.Output<string>> = {};
      const privateRts: Record<string, aws.ec2.RouteTable> = {};
      for (const z of spec.zones) {
        const pub = new aws.ec2.Subnet(
          z.publicSubnet.name,
          // Nothing launches with a public IP: public subnets hold only NAT gateways and load balancers.
          { vpcId: vpc.id, availabilityZone: z.az, cidrBlock: z.publicSubnet.cidr, mapPublicIpOnLaunch: false, tags: z.publicSubnet.tags },
          parent,
        );
        new aws.ec2.RouteTableAssociation(z.publicSubnet.name, { subnetId: pub.id, routeTableId: publicRt.id }, parent);
        const priv = new aws.ec2.Subnet(
          z.privateSubnet.name,
          { vpcId: vpc.id, availabilityZone: z.az, cidrBlock: z.privateSubnet.cidr, mapPublicIpOnLaunch: false, tags: z.privateSubnet.tags },
          parent,
        );
        // A NAT gateway per AZ: losing one AZ must not cut the others' egress.
        const eip = new aws.ec2.Eip(z.natEip.name, { domain: "vpc", tags: z.natEip.tags }, { parent: this, dependsOn: [igw] });
        const nat = new aws.ec2.NatGateway(z.natGateway.name, { allocationId: eip.id, subnetId: pub.id, tags: z.natGateway.tags }, parent);
        const rt = new aws.ec2.RouteTable(z.privateRouteTable.name, { vpcId: vpc.id, tags: z.privateRouteTable.tags }, parent);
        new aws.ec2.Route(`${z.privateRouteTable.name}-default`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, parent);
        new aws.ec2.RouteTableAssociation(z.privateSubnet.name, { subnetId: priv.id, routeTableId: rt.id }, parent);
        privateIds[z.az] = priv.id;
        privateRts[z.az] = rt;
      }
      this.apiRoutes = spec.transitGateway ? transitGatewayRoutes(spec.transitGateway, vpc, privateIds, privateRts, this) : [];
      this.vpcId = vpc.id;
      this.privateSubnetIds = privateIds;
    }
    this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
  }
}

function transitGatewayRoutes(
  spec: TransitGatewaySpec,
  vpc: aws.ec2.Vpc,
  privateIds: Record<string, pulumi.Output<string>>,
  privateRts: Record<string, aws.ec2.RouteTable>,
  parent: pulumi.Resource,
): pulumi.Resource[] {
  // Default route table association and propagation are left to the transit gateway's settings: an
  // attachment to a gateway shared from another account may not set them.
  const attachment = new aws.ec2transitgateway.VpcAttachment(
    spec.attachment.name,
    { transitGatewayId: spec.transitGatewayId, vpcId: vpc.id, subnetIds: spec.subnetAzs.map((az) => privateIds[az]), tags: spec.attachment.tags },
    { parent },
  );
  // A route to a transit gateway the VPC is not attached to yet is rejected: wait for the attachment.
  const routes = spec.routes.map(
    (r) => new aws.ec2.Route(r.name, { routeTableId: privateRts[r.az].id, destinationCidrBlock: r.destinationCidr, transitGatewayId: spec.transitGatewayId }, { parent, dependsOn: [attachment] }),
  );
  return [attachment, ...routes];
}
