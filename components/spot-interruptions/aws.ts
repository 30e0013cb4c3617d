// The AWS side of aws-node-termination-handler (NTH) in queue mode, as plain data: the SQS queue and its
// policy, the EventBridge rules feeding it, one termination lifecycle hook per ASG, the IRSA policy and
// the tag that marks instances NTH may drain. Facts from aws/aws-node-termination-handler v1.25.6
// (README "Queue Processor", docs/cfn-template.yaml, pkg/monitor/sqsevent).
import type { Cluster } from "../../config/stack";
import { partitionOf, policyJson, type PolicyStatement } from "../control-plane/iam-policies";
import type { ServiceAccountRef } from "../control-plane/irsa";
import { asgNamePrefix, type NodeGroup } from "../node-pools/plan";
import { caOwnerTag } from "../node-pools/tags";

export const NTH_NAME = "aws-node-termination-handler";
export const NTH_NAMESPACE = "kube-system";
export const NTH_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: NTH_NAMESPACE, serviceAccount: NTH_NAME };

/** Upstream's queue: messages older than 5 minutes are stale (the instance is gone), so SQS drops them. */
export const QUEUE_RETENTION_SECONDS = 300;
/** Upstream's hook: 5 minutes to drain before the ASG continues; NTH completes it earlier when done. */
export const LIFECYCLE_HEARTBEAT_SECONDS = 300;
export const LIFECYCLE_HOOK_NAME = "node-termination-handler";
export const TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";

/** sqs CreateQueue: 1-80 characters, letters, digits, '-' and '_' (the model's QueueName is a bare String). */
export const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function queueName(clusterName: string): string {
  return `${clusterName}-node-termination`;
}

export function roleName(clusterName: string): string {
  return `${clusterName}-node-termination-handler`;
}

/**
 * The instance tag NTH checks before draining (CHECK_TAG_BEFORE_DRAINING / MANAGED_TAG). Per cluster: the
 * EC2 events are region-wide, so every cluster's queue sees every instance; with its own key, a cluster's
 * NTH drops other clusters' events at once (NTH deletes messages about unmanaged instances).
 */
export function managedTagKey(clusterName: string): string {
  return `${NTH_NAME}/${clusterName}`;
}
export const MANAGED_TAG_VALUE = "managed";

export interface QueueSpec {
  name: string;
  messageRetentionSeconds: number;
  sqsManagedSseEnabled: true;
}

export function queueSpec(cluster: Pick<Cluster, "name">): QueueSpec {
  const name = queueName(cluster.name);
  if (!QUEUE_NAME.test(name)) throw new Error(`SQS queue name "${name}" is not 1-80 letters, digits, '-' or '_'`);
  return { name, messageRetentionSeconds: QUEUE_RETENTION_SECONDS, sqsManagedSseEnabled: true };
}

export type EventKind = "spot-interruption" | "rebalance" | "state-change" | "scheduled-change" | "asg-termination";

export interface EventRuleSpec {
  kind: EventKind;
  /** EventBridge rule name: 1-64 of [.\-_A-Za-z0-9]. */
  name: string;
  description: string;
  /** Compact JSON, as PutRule takes it. */
  eventPattern: string;
}

/** The instance states NTH acts on (ec2-state-change-event.go); other transitions would only be dropped. */
export const DRAINED_STATES = ["shutting-down", "stopped", "stopping", "terminated"] as const;

export function eventRuleName(clusterName: string, kind: EventKind): string {
  return `${clusterName}-nth-${kind}`;
}

/**
 * The rules upstream lists, two of them narrowed: state changes to the states NTH drains on, and ASG
 * lifecycle actions to this cluster's ASGs (the EC2 events carry only an instance id and cannot be).
 * The rebalance rule follows config: in queue mode NTH drains on every event it receives.
 */
export function eventRules(cluster: Pick<Cluster, "name" | "spotInterruptions">): EventRuleSpec[] {
  const rule = (kind: EventKind, description: string, pattern: object): EventRuleSpec => ({
    kind,
    name: eventRuleName(cluster.name, kind),
    description,
    eventPattern: JSON.stringify(pattern),
  });
  const rules = [
    rule("spot-interruption", "EC2 spot interruption warnings (2 minutes' notice) to aws-node-termination-handler", {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Spot Instance Interruption Warning"],
    }),
    rule("rebalance", "EC2 rebalance recommendations (elevated reclaim risk) to aws-node-termination-handler", {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance Rebalance Recommendation"],
    }),
    rule("state-change", "EC2 instances stopping or terminating to aws-node-termination-handler", {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      detail: { state: [...DRAINED_STATES] },
    }),
    rule("scheduled-change", "AWS Health scheduled EC2 changes to aws-node-termination-handler", {
      source: ["aws.health"],
      "detail-type": ["AWS Health Event"],
      detail: { service: ["EC2"], eventTypeCategory: ["scheduledChange"] },
    }),
    rule("asg-termination", `Termination lifecycle actions of ${cluster.name}'s ASGs to aws-node-termination-handler`, {
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
      // A prefix, not the list of names: PutRule caps a pattern at 4096 characters, which a dozen app
      // groups' names would pass. Every ASG of the cluster is named <cluster>-…, and NTH ignores
      // instances without this cluster's managed tag, so another cluster sharing the prefix is harmless.
      detail: { AutoScalingGroupName: [{ prefix: asgNamePrefix(cluster.name) }] },
    }),
  ];
  return rules.filter((r) => r.kind !== "rebalance" || cluster.spotInterruptions.drainOnRebalanceRecommendation);
}

export interface LifecycleHookSpec {
  /** Pulumi resource name: unique per ASG. */
  resourceName: string;
  name: string;
  asg: string;
  lifecycleTransition: typeof TERMINATING;
  heartbeatTimeout: number;
  defaultResult: "CONTINUE";
}

/** One termination hook per ASG (scale-in, AZ rebalance, capacity rebalance, unhealthy replacement). */
export function lifecycleHooks(groups: readonly Pick<NodeGroup, "name">[]): LifecycleHookSpec[] {
  return groups.map((g) => ({
    resourceName: `${g.name}-${LIFECYCLE_HOOK_NAME}`,
    name: LIFECYCLE_HOOK_NAME,
    asg: g.name,
    lifecycleTransition: TERMINATING,
    heartbeatTimeout: LIFECYCLE_HEARTBEAT_SECONDS,
    // CONTINUE: if NTH is down, the ASG still terminates after the heartbeat, as it would without a hook.
    defaultResult: "CONTINUE",
  }));
}

/** EventBridge may deliver to the queue only for this cluster's rules (upstream: events + sqs principals). */
export function queuePolicyJson(queueArn: string, ruleArns: readonly string[]): string {
  return policyJson([
    {
      Sid: "EventBridgeRules",
      Effect: "Allow",
      Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": [...ruleArns].sort() } },
    },
  ]);
}

/** Read calls NTH makes to map an instance to its node and ASG; none supports resource scoping. */
export const NTH_READ_ACTIONS = ["autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags", "ec2:DescribeInstances"] as const;

export function nthPolicyStatements(cluster: Pick<Cluster, "name" | "region">, queueArn: string): PolicyStatement[] {
  return [
    { Sid: "Queue", Effect: "Allow", Action: ["sqs:DeleteMessage", "sqs:ReceiveMessage"], Resource: queueArn },
    {
      Sid: "CompleteLifecycleActionOfOwnedGroups",
      Effect: "Allow",
      Action: "autoscaling:CompleteLifecycleAction",
      Resource: `arn:${partitionOf(cluster.region)}:autoscaling:${cluster.region}:*:autoScalingGroup:*:autoScalingGroupName/*`,
      Condition: { StringEquals: { [`aws:ResourceTag/${caOwnerTag(cluster.name)}`]: "owned" } },
    },
    { Sid: "Read", Effect: "Allow", Action: [...NTH_READ_ACTIONS], Resource: "*" },
  ];
}

export function nthPolicy(cluster: Pick<Cluster, "name" | "region">, queueArn: string): string {
  return policyJson(nthPolicyStatements(cluster, queueArn));
}
