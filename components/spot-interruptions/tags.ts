// The ASG tags spot and cost operations need, for the lead's ASG tag builder (node-pools/tags.ts):
// - instance tags (propagateAtLaunch: true): NTH reads the tag on the instance (ec2:DescribeInstances);
// - ASG-only tags: cluster-autoscaler reads its per-ASG options from the ASG.
import type { Cluster } from "../../config/stack";
import type { NodeGroup } from "../node-pools/plan";
import { scaleBackAsgTags } from "../scale-back/spec";
import { MANAGED_TAG_VALUE, managedTagKey } from "./aws";

type Ops = Pick<Cluster, "name" | "spotInterruptions" | "onDemandScaleBack">;

/** Tags to propagate at launch: every node of the cluster is NTH-managed when interruption handling is on. */
export function spotOperationInstanceTags(cluster: Ops, _group: Pick<NodeGroup, "kind" | "lifecycle">): Record<string, string> {
  return cluster.spotInterruptions.enabled ? { [managedTagKey(cluster.name)]: MANAGED_TAG_VALUE } : {};
}

/** ASG-only tags: cluster-autoscaler's per-ASG scale-down options on the on-demand fallback ASGs. */
export function spotOperationAsgTags(cluster: Ops, group: Pick<NodeGroup, "kind" | "lifecycle">): Record<string, string> {
  return scaleBackAsgTags(cluster, group);
}
