// createSpotAndCostOperations for every example stack under the Pulumi mock runtime (synth/recorder.ts):
// what it registers, how the pieces reference each other, and the per-stack switches.
import { beforeAll, describe, expect, it } from "vitest";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { planNodeGroups } from "../components/node-pools/plan";
import { createSpotAndCostOperations } from "../components/operations";
import { eventRules, queueName, roleName } from "../components/spot-interruptions/aws";
import type { Cluster } from "../config/stack";
import { MOCK_ACCOUNT, mockState } from "../synth/mock-state";
import { record, type RecordedResource } from "../synth/recorder";
import { exampleClusters } from "./helpers/stacks";

const clusters = exampleClusters();

class Root extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Root", name, {}, {});
  }
}

function program(cluster: Cluster) {
  return () => {
    const root = new Root(cluster.name);
    const provider = new k8s.Provider(`${cluster.name}-k8s`, { kubeconfig: "{}" }, { parent: root });
    const groups = planNodeGroups(cluster);
    createSpotAndCostOperations(
      cluster,
      {
        provider,
        oidcProviderArn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/oidc.eks.${cluster.region}.amazonaws.com/id/MOCK`,
        oidcIssuerUrl: `https://oidc.eks.${cluster.region}.amazonaws.com/id/MOCK`,
        nodeGroups: groups,
        asgNames: Object.fromEntries(groups.map((g) => [g.name, pulumi.output(g.name)])),
      },
      { parent: root },
    );
  };
}

async function recordCluster(cluster: Cluster): Promise<RecordedResource[]> {
  return record(program(cluster), { project: "clusterkit", stack: cluster.stack, config: { "aws:region": cluster.region }, state: mockState(cluster.region) });
}

const recorded = new Map<string, RecordedResource[]>();
beforeAll(async () => {
  // One at a time: the mock runtime is process-global.
  for (const c of clusters) recorded.set(c.stack, await recordCluster(c));
  const staging = clusters.find((c) => c.environment === "staging")!;
  const allOff = {
    ...staging,
    stack: `${staging.stack}-off`,
    spotInterruptions: { ...staging.spotInterruptions, enabled: false },
    onDemandScaleBack: { ...staging.onDemandScaleBack, enabled: false },
    downscaler: { ...staging.downscaler, enabled: false },
    alerts: { ...staging.alerts, enabled: false },
  };
  recorded.set("all-off", await recordCluster(allOff));
});

/** kubernetes-models' own validation (its <group>/<version>/<Kind> layout, core: v1/<Kind>). */
function schemaErrors(object: Record<string, any>): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`kubernetes-models/${object.apiVersion}/${object.kind}`);
  try {
    new (mod[object.kind] ?? mod.default)(object).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const ofType = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type);
const k8sObjects = (rs: RecordedResource[]) => rs.filter((r) => r.type.startsWith("kubernetes:") && typeof r.inputs.kind === "string");

describe.each(clusters.map((c) => [c.stack, c] as const))("%s", (stack, cluster) => {
  const rs = () => recorded.get(stack)!;
  const groups = planNodeGroups(cluster);

  it("creates the queue, one rule + target per event kind, and a termination hook on every ASG", () => {
    const queues = ofType(rs(), "aws:sqs/queue:Queue");
    expect(queues.map((q) => q.inputs)).toEqual([
      { name: queueName(cluster.name), messageRetentionSeconds: 300, sqsManagedSseEnabled: true, tags: { Name: queueName(cluster.name), ...cluster.tags } },
    ]);
    const rules = ofType(rs(), "aws:cloudwatch/eventRule:EventRule");
    expect(rules.map((r) => r.inputs.name).sort()).toEqual(eventRules(cluster).map((r) => r.name).sort());
    const targets = ofType(rs(), "aws:cloudwatch/eventTarget:EventTarget");
    expect(targets).toHaveLength(rules.length);
    for (const t of targets) {
      expect(t.inputs.arn).toBe(`arn:aws:sqs:${cluster.region}:${MOCK_ACCOUNT}:${queueName(cluster.name)}`);
      expect(t.options?.dependsOn).toContain(queueName(cluster.name));
    }
    const hooks = ofType(rs(), "aws:autoscaling/lifecycleHook:LifecycleHook");
    expect(hooks.map((h) => h.inputs.autoscalingGroupName).sort()).toEqual(groups.map((g) => g.name).sort());
    for (const h of hooks) {
      expect(h.inputs).toMatchObject({ lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING", heartbeatTimeout: 300, defaultResult: "CONTINUE" });
    }
  });

  it("lets only this cluster's rules send to the queue", () => {
    const [policy] = ofType(rs(), "aws:sqs/queuePolicy:QueuePolicy");
    expect(policy.inputs.queueUrl).toBe(`https://sqs.${cluster.region}.amazonaws.com/${MOCK_ACCOUNT}/${queueName(cluster.name)}`);
    const doc = JSON.parse(policy.inputs.policy as string);
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0].Principal.Service).toEqual(["events.amazonaws.com", "sqs.amazonaws.com"]);
    expect(doc.Statement[0].Condition.ArnEquals["aws:SourceArn"]).toEqual(
      eventRules(cluster)
        .map((r) => `arn:aws:events:${cluster.region}:${MOCK_ACCOUNT}:rule/${r.name}`)
        .sort(),
    );
  });

  it("gives the handler an IRSA role pinned to its service account, with the queue-scoped policy", () => {
    const role = ofType(rs(), "aws:iam/role:Role").find((r) => r.name === roleName(cluster.name))!;
    const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
    expect(trust.Statement[0].Condition.StringEquals[`oidc.eks.${cluster.region}.amazonaws.com/id/MOCK:sub`]).toBe("system:serviceaccount:kube-system:aws-node-termination-handler");
    const policy = ofType(rs(), "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === roleName(cluster.name))!;
    const statements = JSON.parse(policy.inputs.policy as string).Statement;
    expect(statements[0].Resource).toBe(`arn:aws:sqs:${cluster.region}:${MOCK_ACCOUNT}:${queueName(cluster.name)}`);
  });

  it("wires the queue URL and role ARN into the handler's objects", () => {
    const deployment = k8sObjects(rs()).find((r) => r.inputs.kind === "Deployment" && (r.inputs.metadata as any).name === "aws-node-termination-handler")!;
    const env = (deployment.inputs as any).spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === "QUEUE_URL").value).toBe(`https://sqs.${cluster.region}.amazonaws.com/${MOCK_ACCOUNT}/${queueName(cluster.name)}`);
    const sa = k8sObjects(rs()).find((r) => r.inputs.kind === "ServiceAccount" && (r.inputs.metadata as any).name === "aws-node-termination-handler")!;
    expect((sa.inputs.metadata as any).annotations["eks.amazonaws.com/role-arn"]).toBe(`arn:aws:iam::${MOCK_ACCOUNT}:role/${roleName(cluster.name)}`);
  });

  it("runs the downscaler only where enabled (staging by default, never prod by default)", () => {
    const downscaler = k8sObjects(rs()).filter((r) => (r.inputs.metadata as any).name === "kube-downscaler");
    expect(cluster.downscaler.enabled).toBe(cluster.environment === "staging");
    expect(downscaler.length > 0).toBe(cluster.downscaler.enabled);
  });

  it("renders the descheduler and the PrometheusRule", () => {
    const kinds = k8sObjects(rs()).map((r) => `${r.inputs.kind}/${(r.inputs.metadata as any).name}`);
    expect(kinds).toEqual(expect.arrayContaining(["Deployment/descheduler", "ConfigMap/descheduler-policy", "PrometheusRule/clusterkit"]));
  });

  it("every built-in Kubernetes object is valid against the Kubernetes schemas", () => {
    for (const r of k8sObjects(rs()).filter((o) => o.inputs.apiVersion !== "monitoring.coreos.com/v1")) {
      expect(schemaErrors(r.inputs), `${r.inputs.kind} ${(r.inputs.metadata as any).name}`).toBeUndefined();
    }
  });

  it("every pod template is Guaranteed, non-root, read-only and on the admin pool", () => {
    for (const d of k8sObjects(rs()).filter((r) => r.inputs.kind === "Deployment")) {
      const pod = (d.inputs as any).spec.template.spec;
      expect(pod.nodeSelector, d.name).toEqual({ "clusterkit.io/pool": "admin" });
      expect(pod.securityContext.runAsNonRoot, d.name).toBe(true);
      for (const c of pod.containers) {
        expect(c.resources.requests, d.name).toEqual(c.resources.limits);
        expect(c.securityContext, d.name).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
      }
    }
  });
});

describe("switches", () => {
  it("creates nothing but its component when every feature is off", () => {
    expect(recorded.get("all-off")!.map((r) => r.type).filter((t) => t !== "test:index:Root" && t !== "pulumi:providers:kubernetes")).toEqual(["clusterkit:index:SpotAndCostOperations"]);
  });
});
