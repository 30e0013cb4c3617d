// Thin wiring: one launch template and one ASG per NodeGroup, from the pure specs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { clusterDnsIps } from "../dns/addresses";
import { nodeLocalDnsUserDataScript } from "../dns/node-setup";
import { asgSpec, launchTemplateSpec } from "./launch-template";
import type { NodeGroup } from "./plan";
import { base64UserData } from "./user-data";

export interface NodePoolsArgs {
  groups: readonly NodeGroup[];
  clusterName: pulumi.Input<string>;
  endpoint: pulumi.Input<string>;
  certificateAuthorityData: pulumi.Input<string>;
  clusterSecurityGroupId: pulumi.Input<string>;
  instanceProfileArn: pulumi.Input<string>;
  privateSubnetIds: Record<string, pulumi.Input<string>>;
  /** Nodes can join only once these exist (the node access entry). */
  dependsOn?: pulumi.Resource[];
}

export class NodePools extends pulumi.ComponentResource {
  readonly asgs: Record<string, aws.autoscaling.Group> = {};

  constructor(cluster: Cluster, args: NodePoolsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("clusterkit:aws:NodePools", `${cluster.name}-node-pools`, {}, opts);
    for (const group of args.groups) {
      const lt = launchTemplateSpec(cluster, group);
      const asg = asgSpec(cluster, group);
      const userData = pulumi
        .all([args.clusterName, args.endpoint, args.certificateAuthorityData])
        .apply(([name, apiServerEndpoint, certificateAuthority]) =>
          base64UserData(
            { name, apiServerEndpoint, certificateAuthority, cidr: cluster.controlPlane.serviceCidr, clusterDns: clusterDnsIps(cluster), maxPods: cluster.nodes.maxPods },
            group,
            // The node-local DNS cache's address must exist on the host: clusterDNS points there first.
            [nodeLocalDnsUserDataScript(cluster)],
          ),
        );
      const template = new aws.ec2.LaunchTemplate(
        lt.name,
        {
          name: lt.name,
          imageId: lt.imageId,
          userData,
          iamInstanceProfile: { arn: args.instanceProfileArn },
          // No public IP and no key pair: nodes sit in private subnets, reached through SSM only.
          networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [args.clusterSecurityGroupId] }],
          metadataOptions: lt.metadataOptions,
          blockDeviceMappings: [
            {
              deviceName: lt.rootVolume.deviceName,
              ebs: { volumeSize: lt.rootVolume.volumeSize, volumeType: lt.rootVolume.volumeType, encrypted: lt.rootVolume.encrypted, deleteOnTermination: lt.rootVolume.deleteOnTermination },
            },
          ],
          tagSpecifications: lt.tagSpecifications,
          tags: lt.tags,
          updateDefaultVersion: true,
        },
        { parent: this },
      );
      this.asgs[group.name] = new aws.autoscaling.Group(
        asg.name,
        {
          name: asg.name,
          minSize: asg.minSize,
          maxSize: asg.maxSize,
          desiredCapacity: asg.desiredCapacity,
          vpcZoneIdentifiers: asg.availabilityZones.map((az) => {
            const id = args.privateSubnetIds[az];
            if (id === undefined) throw new Error(`${asg.name}: no private subnet for ${az}`);
            return id;
          }),
          capacityRebalance: asg.capacityRebalance,
          mixedInstancesPolicy: {
            instancesDistribution: asg.instancesDistribution,
            launchTemplate: {
              // The version number, not "$Latest": a new template version must change the ASG to start a refresh.
              launchTemplateSpecification: { launchTemplateId: template.id, version: template.latestVersion.apply(String) },
              overrides: asg.instanceTypes.map((instanceType) => ({ instanceType })),
            },
          },
          instanceRefresh: asg.instanceRefresh,
          tags: asg.tags,
          // Capacity is cluster-autoscaler's business: do not block `up` on spot availability.
          waitForCapacityTimeout: "0",
        },
        { parent: this, ignoreChanges: ["desiredCapacity"], dependsOn: args.dependsOn },
      );
    }
    this.registerOutputs({});
  }
}
