// aws-node-termination-handler in queue mode: names and values against AWS's own API models, the event
// patterns, least-privilege IAM, the instance tag that must agree with MANAGED_TAG, and the pod spec.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { asgSpec } from "../components/node-pools/launch-template";
import { planNodeGroups } from "../components/node-pools/plan";
import { asgTags, caOwnerTag } from "../components/node-pools/tags";
import {
  DRAINED_STATES,
  eventRules,
  LIFECYCLE_HOOK_NAME,
  lifecycleHooks,
  managedTagKey,
  NTH_SERVICE_ACCOUNT,
  nthPolicyStatements,
  queuePolicyJson,
  queueSpec,
  roleName,
} from "../components/spot-interruptions/aws";
import { nthEnv, nthObjects, nthRules } from "../components/spot-interruptions/manifests";
import { spotOperationAsgTags, spotOperationInstanceTags } from "../components/spot-interruptions/tags";
import { IMAGES } from "../components/versions";
import type { Cluster } from "../config/stack";
import { exampleClusters } from "./helpers/stacks";

const clusters = exampleClusters();
const prod = clusters.find((c) => c.stack === "prod-eu-west-1")!;

const model = (service: string) => JSON.parse(readFileSync(`/work/shared/aws-api-models/${service}.json`, "utf8")).shapes;
const shapes = { events: model("eventbridge"), autoscaling: model("autoscaling"), sqs: model("sqs"), iam: model("iam") };

/** A checker from a Smithy shape's length and pattern traits. */
function check(s: any, id: string, value: string): string | undefined {
  const traits = s[id]?.traits;
  if (!traits) throw new Error(`no shape ${id} in the model`);
  const length = traits["smithy.api#length"];
  const pattern = traits["smithy.api#pattern"] ? new RegExp(traits["smithy.api#pattern"], "u") : undefined;
  if (length && (value.length < (length.min ?? 0) || value.length > (length.max ?? Infinity))) return `${id}: "${value}" has length ${value.length}, allowed ${length.min}-${length.max}`;
  if (pattern && !pattern.test(value)) return `${id}: "${value}" does not match ${pattern}`;
  return undefined;
}

/** The longest cluster name the schema allows (39 characters) with the most app groups an example has. */
const longest: Cluster = { ...prod, name: `c${"x".repeat(37)}1` };

describe("AWS names and values against the API models", () => {
  for (const cluster of [...clusters, longest]) {
    const groups = planNodeGroups(cluster);
    it(`${cluster.name}: EventBridge rule names, target id and patterns fit PutRule/PutTargets`, () => {
      for (const r of eventRules(cluster)) {
        expect(check(shapes.events, "com.amazonaws.eventbridge#RuleName", r.name)).toBeUndefined();
        expect(check(shapes.events, "com.amazonaws.eventbridge#EventPattern", r.eventPattern)).toBeUndefined();
      }
      expect(check(shapes.events, "com.amazonaws.eventbridge#TargetId", "node-termination-queue")).toBeUndefined();
    });

    it(`${cluster.name}: lifecycle hooks fit PutLifecycleHook`, () => {
      for (const h of lifecycleHooks(groups)) {
        expect(check(shapes.autoscaling, "com.amazonaws.autoscaling#AsciiStringMaxLen255", h.name)).toBeUndefined();
        expect(check(shapes.autoscaling, "com.amazonaws.autoscaling#XmlStringMaxLen255", h.asg)).toBeUndefined();
      }
    });

    it(`${cluster.name}: queue name (SQS: 1-80 of [A-Za-z0-9_-]) and IAM role name fit`, () => {
      expect(queueSpec(cluster).name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
      const roleShape = shapes.iam["com.amazonaws.iam#CreateRoleRequest"].members.RoleName.target;
      expect(check(shapes.iam, roleShape, roleName(cluster.name))).toBeUndefined();
    });
  }

  it("the checks can fail: a 65-character rule name is rejected by the model", () => {
    expect(check(shapes.events, "com.amazonaws.eventbridge#RuleName", "r".repeat(65))).toMatch(/length 65/);
  });

  it("the queue attributes clusterkit sets exist in CreateQueue's model", () => {
    const names = Object.values(shapes.sqs["com.amazonaws.sqs#QueueAttributeName"].members).map((m: any) => m.traits["smithy.api#enumValue"]);
    expect(names).toEqual(expect.arrayContaining(["MessageRetentionPeriod", "SqsManagedSseEnabled", "Policy"]));
  });
});

describe("queue and rules", () => {
  const groups = planNodeGroups(prod);

  it("keeps messages 300 s (upstream's value) with SQS-managed encryption", () => {
    expect(queueSpec(prod)).toEqual({ name: "prod-eu-west-1-node-termination", messageRetentionSeconds: 300, sqsManagedSseEnabled: true });
  });

  it("routes the event kinds upstream lists, the ASG one narrowed to this cluster's ASGs, rebalance only when asked", () => {
    const on = { ...prod, spotInterruptions: { ...prod.spotInterruptions, drainOnRebalanceRecommendation: true } };
    const rules = Object.fromEntries(eventRules(on).map((r) => [r.kind, JSON.parse(r.eventPattern)]));
    expect(Object.keys(rules)).toEqual(["spot-interruption", "rebalance", "state-change", "scheduled-change", "asg-termination"]);
    expect(rules["spot-interruption"]).toEqual({ source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] });
    expect(rules.rebalance).toEqual({ source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] });
    expect(rules["state-change"]).toEqual({ source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: [...DRAINED_STATES] } });
    expect(rules["scheduled-change"]).toEqual({ source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EC2"], eventTypeCategory: ["scheduledChange"] } });
    expect(rules["asg-termination"]).toEqual({
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
      detail: { AutoScalingGroupName: [{ prefix: "prod-eu-west-1-" }] },
    });
    // The prefix matches every ASG of the cluster, and the pattern no longer grows with them.
    for (const g of groups) expect(g.name.startsWith("prod-eu-west-1-"), g.name).toBe(true);
  });

  it("drops the rebalance rule by default: spot ASGs rebalance capacity, and their termination hook drains", () => {
    expect(prod.spotInterruptions.drainOnRebalanceRecommendation).toBe(false);
    expect(eventRules(prod).map((r) => r.kind)).toEqual(["spot-interruption", "state-change", "scheduled-change", "asg-termination"]);
    // The drain still happens: every spot ASG has Capacity Rebalancing and a termination hook NTH answers.
    const hooked = new Set(lifecycleHooks(groups).map((h) => h.asg));
    for (const g of groups.filter((x) => x.lifecycle === "spot")) {
      expect(asgSpec(prod, g).capacityRebalance).toBe(true);
      expect(hooked.has(g.name)).toBe(true);
    }
  });

  it("hooks every ASG, admin and monitoring included, with upstream's heartbeat and CONTINUE", () => {
    const hooks = lifecycleHooks(groups);
    expect(hooks.map((h) => h.asg)).toEqual(groups.map((g) => g.name));
    expect(new Set(hooks.map((h) => h.resourceName)).size).toBe(groups.length);
    for (const h of hooks) expect(h).toMatchObject({ name: LIFECYCLE_HOOK_NAME, lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING", heartbeatTimeout: 300, defaultResult: "CONTINUE" });
  });

  it("queue policy: SendMessage only, from EventBridge and SQS, only for the given rules", () => {
    const doc = JSON.parse(queuePolicyJson("arn:aws:sqs:eu-west-1:1:q", ["arn:aws:events:eu-west-1:1:rule/b", "arn:aws:events:eu-west-1:1:rule/a"]));
    expect(doc.Statement).toEqual([
      {
        Sid: "EventBridgeRules",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
        Action: "sqs:SendMessage",
        Resource: "arn:aws:sqs:eu-west-1:1:q",
        Condition: { ArnEquals: { "aws:SourceArn": ["arn:aws:events:eu-west-1:1:rule/a", "arn:aws:events:eu-west-1:1:rule/b"] } },
      },
    ]);
  });
});

describe("IRSA policy (least privilege)", () => {
  const statements = nthPolicyStatements(prod, "arn:aws:sqs:eu-west-1:123456789012:q");

  it("grants exactly upstream's six actions, no wildcard action", () => {
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
    expect(actions).toEqual([
      "autoscaling:CompleteLifecycleAction",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeTags",
      "ec2:DescribeInstances",
      "sqs:DeleteMessage",
      "sqs:ReceiveMessage",
    ]);
    expect(actions.some((a) => a.includes("*"))).toBe(false);
  });

  it("scopes the queue actions to the queue and CompleteLifecycleAction to the cluster's ASGs by tag", () => {
    expect(statements.find((s) => s.Sid === "Queue")!.Resource).toBe("arn:aws:sqs:eu-west-1:123456789012:q");
    const complete = statements.find((s) => s.Sid === "CompleteLifecycleActionOfOwnedGroups")!;
    expect(complete.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/${caOwnerTag(prod.name)}`]: "owned" } });
    expect(complete.Resource).toBe("arn:aws:autoscaling:eu-west-1:*:autoScalingGroup:*:autoScalingGroupName/*");
    // The condition's tag is one every ASG of the cluster carries.
    for (const g of planNodeGroups(prod)) expect(asgTags(prod, g).some((t) => t.key === caOwnerTag(prod.name) && t.value === "owned")).toBe(true);
  });

  it("uses the partition of the region", () => {
    const cn = nthPolicyStatements({ name: "x", region: "cn-north-1" }, "q").find((s) => s.Sid === "CompleteLifecycleActionOfOwnedGroups")!;
    expect(cn.Resource).toMatch(/^arn:aws-cn:autoscaling:cn-north-1:/);
  });

  it("trusts only kube-system/aws-node-termination-handler", () => {
    expect(NTH_SERVICE_ACCOUNT).toEqual({ namespace: "kube-system", serviceAccount: "aws-node-termination-handler" });
  });
});

describe("ASG tags", () => {
  it("tags every node's instances with this cluster's MANAGED_TAG, the key the handler checks", () => {
    const env = Object.fromEntries(nthEnv(prod, "https://q").filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
    expect(env.CHECK_TAG_BEFORE_DRAINING).toBe("true");
    for (const g of planNodeGroups(prod)) expect(spotOperationInstanceTags(prod, g)).toEqual({ [env.MANAGED_TAG!]: "managed" });
    expect(managedTagKey("a")).not.toBe(managedTagKey("b"));
  });

  it("adds no instance tag when interruption handling is off", () => {
    const off = { ...prod, spotInterruptions: { ...prod.spotInterruptions, enabled: false } };
    expect(spotOperationInstanceTags(off, planNodeGroups(off)[0])).toEqual({});
  });

  it("keeps every ASG within 50 tags and 128/256-character keys/values once merged", () => {
    for (const cluster of clusters) {
      for (const g of planNodeGroups(cluster)) {
        const merged = { ...Object.fromEntries(asgTags(cluster, g).map((t) => [t.key, t.value])), ...spotOperationInstanceTags(cluster, g), ...spotOperationAsgTags(cluster, g) };
        expect(Object.keys(merged).length, g.name).toBeLessThanOrEqual(50);
        for (const [k, v] of Object.entries(merged)) {
          expect(k.length).toBeLessThanOrEqual(128);
          expect(v.length).toBeLessThanOrEqual(256);
        }
      }
    }
  });
});

describe("handler Deployment", () => {
  const o = nthObjects(prod, { queueUrl: "https://sqs.eu-west-1.amazonaws.com/1/q", roleArn: "arn:aws:iam::1:role/r" });
  const pod = o.deployment.spec!.template.spec!;
  const c = pod.containers[0];
  const env = Object.fromEntries(c.env!.map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef?.fieldPath]));

  it("runs queue mode with the queue, region and tag check", () => {
    expect(c.image).toBe(IMAGES.nodeTerminationHandler);
    expect(env).toMatchObject({
      ENABLE_SQS_TERMINATION_DRAINING: "true",
      QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/q",
      AWS_REGION: "eu-west-1",
      CHECK_TAG_BEFORE_DRAINING: "true",
      MANAGED_TAG: managedTagKey(prod.name),
      DELETE_SQS_MSG_IF_NODE_NOT_FOUND: "true",
      NODE_NAME: "spec.nodeName",
    });
    // IMDS-mode switches would be inert in queue mode: none is set.
    expect(Object.keys(env).filter((k) => /REBALANCE|SPOT_INTERRUPTION|SCHEDULED_EVENT/.test(k))).toEqual([]);
    expect(new Set(c.env!.map((e) => e.name)).size).toBe(c.env!.length);
  });

  it("is Guaranteed, non-root, read-only, no capabilities, on the admin pool, with a PDB that never blocks a drain", () => {
    expect(c.resources).toEqual({ requests: prod.spotInterruptions.resources, limits: prod.spotInterruptions.resources });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(pod.nodeSelector).toEqual({ "clusterkit.io/pool": "admin" });
    expect(pod.tolerations).toEqual([{ key: "dedicated", operator: "Equal", value: "admin", effect: "NoSchedule" }]);
    expect(o.deployment.spec!.replicas).toBe(prod.spotInterruptions.replicas);
    expect(o.podDisruptionBudget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: o.deployment.spec!.selector.matchLabels } });
    expect(o.serviceAccount.metadata!.annotations).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/r" });
  });

  it("RBAC: cordon/taint/label nodes, read pods, evict, read DaemonSets, emit events; nothing else", () => {
    expect(nthRules()).toEqual([
      { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
      { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "patch", "update"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
      { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
      { apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["get"] },
    ]);
    expect(nthRules().some((r) => r.verbs.includes("*") || r.resources!.includes("*") || r.resources!.includes("secrets"))).toBe(false);
  });
});
