// Launch template and ASG settings per NodeGroup, as plain data. Deploy-time values (cluster endpoint,
// CA, subnet ids, security group, instance profile) are filled in by the thin component.
import type { Architecture } from "../../config/catalog";
import type { Cluster } from "../../config/stack";
import { resourceTags } from "../network/tags";
import type { NodeGroup } from "./plan";
import { asgTags, instanceTags, type AsgTag } from "./tags";

/** AL2023 EKS AMI through SSM, resolved by EC2 at launch: the recommended image, or a pinned release. */
export function amiSsmParameter(minor: string, architecture: Architecture, release?: string): string {
  const base = `/aws/service/eks/optimized-ami/${minor}/amazon-linux-2023/${architecture}/standard`;
  return release ? `${base}/amazon-eks-node-al2023-${architecture}-standard-${minor}-${release}/image_id` : `${base}/recommended/image_id`;
}

export function imageId(cluster: Pick<Cluster, "kubernetesVersion" | "nodes">, group: Pick<NodeGroup, "instanceTypes" | "name">): string {
  const archs = [...new Set(group.instanceTypes.map((t) => t.architecture))];
  if (archs.length !== 1) throw new Error(`${group.name}: instance types mix architectures (${archs.join(", ")}); one launch template has one AMI`);
  return `resolve:ssm:${amiSsmParameter(cluster.kubernetesVersion, archs[0], cluster.nodes.amiReleaseVersion)}`;
}

export interface LaunchTemplateSpec {
  name: string;
  imageId: string;
  metadataOptions: { httpEndpoint: "enabled"; httpTokens: "required"; httpPutResponseHopLimit: 1; instanceMetadataTags: "disabled" };
  rootVolume: { deviceName: string; volumeSize: number; volumeType: "gp3"; encrypted: "true"; deleteOnTermination: "true" };
  tags: Record<string, string>;
  tagSpecifications: { resourceType: "instance" | "volume"; tags: Record<string, string> }[];
}

/** AL2023 EKS AMIs boot from /dev/xvda. */
export const ROOT_DEVICE = "/dev/xvda";

export function launchTemplateSpec(cluster: Cluster, group: NodeGroup): LaunchTemplateSpec {
  const tags = instanceTags(cluster, group);
  return {
    name: group.name,
    imageId: imageId(cluster, group),
    // IMDSv2 only, and hop limit 1 so pods (which use IRSA) cannot reach the node's credentials.
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
    rootVolume: { deviceName: ROOT_DEVICE, volumeSize: cluster.nodes.rootVolumeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
    tags: resourceTags(cluster, group.name),
    tagSpecifications: [
      { resourceType: "instance", tags },
      { resourceType: "volume", tags },
    ],
  };
}

export interface InstancesDistribution {
  onDemandBaseCapacity: number;
  onDemandPercentageAboveBaseCapacity: number;
  onDemandAllocationStrategy?: "prioritized";
  spotAllocationStrategy?: NonNullable<NodeGroup["spotAllocationStrategy"]>;
}

export interface AsgSpec {
  name: string;
  minSize: number;
  maxSize: number;
  /** Only at creation: afterwards cluster-autoscaler owns it (ignoreChanges). */
  desiredCapacity: number;
  availabilityZones: string[];
  /** Override order: least memory first, as the NodeGroup has it. cluster-autoscaler templates from the first. */
  instanceTypes: string[];
  instancesDistribution: InstancesDistribution;
  capacityRebalance: boolean;
  /**
   * The ASG names the launch template's version number (`latestVersion`), not `$Latest`: a template change
   * then changes the ASG's mixed instances policy, which updates the ASG in place and starts this refresh
   * (a refresh never starts on `$Latest`).
   */
  instanceRefresh: InstanceRefreshSpec;
  tags: AsgTag[];
}

export interface InstanceRefreshSpec {
  strategy: "Rolling";
  preferences: { minHealthyPercentage: number; skipMatching: true; instanceWarmup: string };
}

/**
 * Roll nodes deliberately after a launch template change: at most 10 % of an ASG at a time, only
 * instances not yet on the new version, and 5 minutes after each new instance is InService (boot,
 * nodeadm, kubelet Ready, pods rescheduled) before the next batch. Terminations go through the ASG's
 * termination lifecycle hook, so aws-node-termination-handler drains each node first.
 */
export const INSTANCE_REFRESH: InstanceRefreshSpec = {
  strategy: "Rolling",
  preferences: { minHealthyPercentage: 90, skipMatching: true, instanceWarmup: "300" },
};

export function instancesDistribution(group: Pick<NodeGroup, "lifecycle" | "spotAllocationStrategy" | "name">): InstancesDistribution {
  if (group.lifecycle === "spot") {
    if (!group.spotAllocationStrategy) throw new Error(`${group.name}: spot ASG without a spot allocation strategy`);
    return { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: group.spotAllocationStrategy };
  }
  // prioritized: the override order decides, so the least-memory type (the one CA plans with) comes first.
  return { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100, onDemandAllocationStrategy: "prioritized" };
}

/** Least memory first, then name; stable for equal entries. */
export function overrideOrder(types: readonly { name: string; memoryGiB: number }[]): string[] {
  return [...types].sort((a, b) => a.memoryGiB - b.memoryGiB || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((t) => t.name);
}

export function asgSpec(cluster: Cluster, group: NodeGroup): AsgSpec {
  if (group.availabilityZones.length < 2) throw new Error(`${group.name}: spans ${group.availabilityZones.length} availability zone(s); every ASG needs at least 2`);
  if (group.minSize > group.maxSize) throw new Error(`${group.name}: minSize ${group.minSize} is above maxSize ${group.maxSize}`);
  const vcpus = [...new Set(group.instanceTypes.map((t) => t.vcpu))];
  if (vcpus.length !== 1) throw new Error(`${group.name}: instance types differ in vCPU (${vcpus.join(", ")}); cluster-autoscaler sizes the whole ASG from the first`);
  return {
    name: group.name,
    minSize: group.minSize,
    maxSize: group.maxSize,
    desiredCapacity: group.minSize,
    availabilityZones: [...group.availabilityZones],
    instanceTypes: overrideOrder(group.instanceTypes),
    instancesDistribution: instancesDistribution(group),
    capacityRebalance: group.lifecycle === "spot",
    instanceRefresh: INSTANCE_REFRESH,
    tags: asgTags(cluster, group),
  };
}
