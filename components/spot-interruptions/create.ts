// Thin creator: NTH's queue, rules, hooks, IRSA role and Kubernetes objects from the pure specs.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { createIrsaRole } from "../control-plane/irsa-role";
import { createClusterRbac } from "../kube/create";
import { resourceName as id } from "../kube/objects";
import { resourceTags } from "../network/tags";
import type { NodeGroup } from "../node-pools/plan";
import { eventRules, lifecycleHooks, NTH_SERVICE_ACCOUNT, nthPolicy, queuePolicyJson, queueSpec, roleName } from "./aws";
import { nthObjects } from "./manifests";

export interface SpotInterruptionDeps {
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  groups: readonly NodeGroup[];
  /** ASG name per NodeGroup name, from the ASG resources, so each hook waits for its ASG. */
  asgNames: Record<string, pulumi.Input<string>>;
}

export function createSpotInterruptions(cluster: Cluster, deps: SpotInterruptionDeps, opts: { provider: k8s.Provider; parent: pulumi.Resource }): void {
  const parent = { parent: opts.parent };
  const q = queueSpec(cluster);
  const queue = new aws.sqs.Queue(q.name, { name: q.name, messageRetentionSeconds: q.messageRetentionSeconds, sqsManagedSseEnabled: q.sqsManagedSseEnabled, tags: resourceTags(cluster, q.name) }, parent);

  const rules = eventRules(cluster).map((r) => ({
    name: r.name,
    rule: new aws.cloudwatch.EventRule(r.name, { name: r.name, description: r.description, eventPattern: r.eventPattern, tags: resourceTags(cluster, r.name) }, parent),
  }));
  const queuePolicy = new aws.sqs.QueuePolicy(
    q.name,
    { queueUrl: queue.url, policy: pulumi.all([queue.arn, ...rules.map((r) => r.rule.arn)]).apply(([queueArn, ...ruleArns]) => queuePolicyJson(queueArn, ruleArns)) },
    { parent: queue },
  );
  // Delivery fails until the queue policy lets EventBridge in: targets come after it.
  for (const { name, rule } of rules) {
    new aws.cloudwatch.EventTarget(name, { rule: rule.name, arn: queue.arn, targetId: "node-termination-queue" }, { parent: rule, dependsOn: [queuePolicy] });
  }

  for (const hook of lifecycleHooks(deps.groups)) {
    const asg = deps.asgNames[hook.asg];
    if (asg === undefined) throw new Error(`${hook.asg}: no ASG to attach the termination hook to`);
    new aws.autoscaling.LifecycleHook(
      hook.resourceName,
      { name: hook.name, autoscalingGroupName: asg, lifecycleTransition: hook.lifecycleTransition, heartbeatTimeout: hook.heartbeatTimeout, defaultResult: hook.defaultResult },
      parent,
    );
  }

  const name = roleName(cluster.name);
  const irsa = createIrsaRole({ name, serviceAccount: NTH_SERVICE_ACCOUNT, oidcProviderArn: deps.oidcProviderArn, oidcIssuerUrl: deps.oidcIssuerUrl, tags: resourceTags(cluster, name) }, parent);
  // The queue ARN is known only once the queue exists, so this policy is attached here, not through createIrsaRole.
  const policy = new aws.iam.RolePolicy(name, { name, role: irsa.role.name, policy: queue.arn.apply((arn) => nthPolicy(cluster, arn)) }, { parent: irsa.role });

  // Deploy-time values go straight into the objects; Pulumi resolves outputs nested in plain data.
  const o = nthObjects(cluster, { queueUrl: queue.url as unknown as string, roleArn: irsa.role.arn as unknown as string });
  const sa = new k8s.core.v1.ServiceAccount(id(o.serviceAccount), o.serviceAccount as k8s.core.v1.ServiceAccountArgs, opts);
  const binding = createClusterRbac(o, sa, opts);
  new k8s.apps.v1.Deployment(id(o.deployment), o.deployment as k8s.apps.v1.DeploymentArgs, { ...opts, dependsOn: [binding, policy, ...irsa.policies] });
  new k8s.policy.v1.PodDisruptionBudget(id(o.podDisruptionBudget), o.podDisruptionBudget as k8s.policy.v1.PodDisruptionBudgetArgs, opts);
}
