// Each policy passes a compliant resource and fails a broken one, and the whole pack passes every
// example stack as synth renders it (and fails it once an artifact is broken).
import { describe, expect, it, beforeAll } from "vitest";
import type { Policies } from "@pulumi/policy";
import { policyViolations } from "../cli/synth";
import { POLICIES, kubeletRegistration } from "../policy/policies";
import { runPolicies } from "../synth/policy";
import type { RecordedResource } from "../synth/recorder";
import type { Synthesized } from "../synth/synth";
import { synthesizeExamples } from "./helpers/synth";

const policy = (name: string): Policies => {
  const p = POLICIES.find((x) => x.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return [p];
};

let n = 0;
function resource(type: string, inputs: Record<string, any>, deps: Record<string, string[]> = {}, name = `r${++n}`): RecordedResource {
  return { type, name, parent: null, inputs, urn: `urn:pulumi:s::p::${type}::${name}`, propertyDependencies: deps };
}

const container = (cpu: [string, string], memory: [string, string]) => ({
  name: "c",
  image: "registry.k8s.io/pause:3.10.1",
  resources: { requests: { cpu: cpu[0], memory: memory[0] }, limits: { cpu: cpu[1], memory: memory[1] } },
});
const daemonSet = (c: object) => resource("kubernetes:apps/v1:DaemonSet", { spec: { template: { spec: { containers: [c] } } } });

const spotDistribution = { instancesDistribution: { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0 } };
const odDistribution = { instancesDistribution: { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 } };
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: false }));
const caTags = (pool: string, lifecycle: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "k8s.io/cluster-autoscaler/enabled": "true",
  "k8s.io/cluster-autoscaler/prod": "owned",
  "k8s.io/cluster-autoscaler/node-template/label/clusterkit.io/pool": pool,
  "k8s.io/cluster-autoscaler/node-template/label/clusterkit.io/lifecycle": lifecycle,
  ...extra,
});
const asg = (pool: string, spot: boolean, extra: Record<string, any> = {}, tags: Record<string, string> = caTags(pool, spot ? "spot" : "on-demand")) =>
  resource("aws:autoscaling/group:Group", { vpcZoneIdentifiers: ["subnet-a", "subnet-b"], mixedInstancesPolicy: spot ? spotDistribution : odDistribution, tags: tagList(tags), ...extra });

async function violations(name: string, resources: RecordedResource[]): Promise<string[]> {
  return (await runPolicies(resources, policy(name))).map((v) => v.message);
}

describe("policies, one passing and one failing artifact each", () => {
  it("daemonset-guaranteed-qos", async () => {
    expect(await violations("daemonset-guaranteed-qos", [daemonSet(container(["100m", "100m"], ["64Mi", "64Mi"]))])).toEqual([]);
    expect(await violations("daemonset-guaranteed-qos", [daemonSet(container(["100m", "200m"], ["64Mi", "64Mi"]))])).toEqual([
      'container "c" must set resources.requests equal to resources.limits for cpu and memory',
    ]);
    expect(await violations("daemonset-guaranteed-qos", [daemonSet({ name: "c" })])).toHaveLength(1);
  });

  it("spot-asg-multi-az", async () => {
    expect(await violations("spot-asg-multi-az", [asg("workers", true)])).toEqual([]);
    expect(await violations("spot-asg-multi-az", [asg("workers", true, { vpcZoneIdentifiers: ["subnet-a"] })])).toEqual(["spot ASG spans 1 zone(s); it needs subnets in at least 2"]);
    // an on-demand ASG is not held to it by this policy
    expect(await violations("spot-asg-multi-az", [asg("admin", false, { vpcZoneIdentifiers: ["subnet-a"] })])).toEqual([]);
  });

  it("imdsv2-required", async () => {
    const lt = (httpTokens: string) => resource("aws:ec2/launchTemplate:LaunchTemplate", { metadataOptions: { httpTokens }, blockDeviceMappings: [] });
    expect(await violations("imdsv2-required", [lt("required")])).toEqual([]);
    expect(await violations("imdsv2-required", [lt("optional")])).toEqual(['metadataOptions.httpTokens is "optional"; it must be "required" (IMDSv2 only)']);
  });

  it("encrypted-volumes", async () => {
    const lt = (encrypted: string | boolean) => resource("aws:ec2/launchTemplate:LaunchTemplate", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted, volumeType: "gp3" } }] });
    expect(await violations("encrypted-volumes", [lt("true")])).toEqual([]);
    expect(await violations("encrypted-volumes", [lt("false")])).toEqual(["volume /dev/xvda is not encrypted"]);
    expect(await violations("encrypted-volumes", [resource("aws:ec2/launchTemplate:LaunchTemplate", {})])).toHaveLength(1);
  });

  it("cluster-autoscaler-tags", async () => {
    expect(await violations("cluster-autoscaler-tags", [asg("workers", true)])).toEqual([]);
    const { "k8s.io/cluster-autoscaler/enabled": _enabled, ...noDiscovery } = caTags("workers", "spot");
    expect(await violations("cluster-autoscaler-tags", [asg("workers", true, {}, noDiscovery)])).toEqual([
      "missing tag k8s.io/cluster-autoscaler/enabled=true: cluster-autoscaler will not discover this ASG",
    ]);
    const badTaint = caTags("api", "spot", { "k8s.io/cluster-autoscaler/node-template/taint/dedicated": "api" });
    expect(await violations("cluster-autoscaler-tags", [asg("api", true, {}, badTaint)])).toEqual([
      'taint tag k8s.io/cluster-autoscaler/node-template/taint/dedicated=api is not "<value>:<Effect>": cluster-autoscaler would ignore it',
    ]);
    const emptyValue = caTags("api", "spot", { "k8s.io/cluster-autoscaler/node-template/taint/dedicated": ":NoSchedule" });
    expect(await violations("cluster-autoscaler-tags", [asg("api", true, {}, emptyValue)])).toEqual([]);
    const many = caTags("w", "spot", Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, "x"])));
    expect(await violations("cluster-autoscaler-tags", [asg("w", true, {}, many)])).toEqual(["has 51 tags; an ASG holds at most 50"]);
    expect(await violations("cluster-autoscaler-tags", [asg("w", true, {}, caTags("w", "spot", { "eks:nodegroup-name": "x" }))])).toHaveLength(1);
  });

  it("pause-pods-at-overprovisioning-priority", async () => {
    const pause = (priorityClassName: string) =>
      resource("kubernetes:apps/v1:Deployment", { spec: { template: { spec: { priorityClassName, containers: [container(["1", "1"], ["1Gi", "1Gi"])] } } } });
    const pc = (value: number) => resource("kubernetes:scheduling.k8s.io/v1:PriorityClass", { metadata: { name: "overprovisioning" }, value });
    expect(await violations("pause-pods-at-overprovisioning-priority", [pause("overprovisioning"), pc(-10)])).toEqual([]);
    expect(await violations("pause-pods-at-overprovisioning-priority", [pause("low")])).toEqual(['pause pods run at priorityClassName "low"; they must use "overprovisioning"']);
    expect(await violations("pause-pods-at-overprovisioning-priority", [pc(-11)])).toEqual(["PriorityClass overprovisioning has value -11; it must be -10"]);
  });

  it("no-priority-below-overprovisioning", async () => {
    const pc = (name: string, value: number) => resource("kubernetes:scheduling.k8s.io/v1:PriorityClass", { metadata: { name }, value });
    expect(await violations("no-priority-below-overprovisioning", [pc("low", -5), pc("overprovisioning", -10)])).toEqual([]);
    expect(await violations("no-priority-below-overprovisioning", [pc("batch", -20)])).toEqual(["PriorityClass batch has value -20, below -10"]);
    expect(await violations("no-priority-below-overprovisioning", [pc("batch", -10)])).toEqual(["PriorityClass batch has value -10: only overprovisioning may use it"]);
  });

  it("app-group-two-spot-two-on-demand", async () => {
    const group = (spot: number, od: number) => [...Array.from({ length: spot }, () => asg("workers", true)), ...Array.from({ length: od }, () => asg("workers", false))];
    expect(await violations("app-group-two-spot-two-on-demand", [...group(2, 2), asg("admin", false), asg("monitoring", false)])).toEqual([]);
    expect(await violations("app-group-two-spot-two-on-demand", group(3, 2))).toHaveLength(1);
    expect(await violations("app-group-two-spot-two-on-demand", group(2, 0))).toHaveLength(1);
  });

  it("node-template-tags-match-kubelet", async () => {
    const userData = (flags: string) => Buffer.from(`spec:\n  kubelet:\n    flags:\n      - ${flags}\n`).toString("base64");
    const lt = resource("aws:ec2/launchTemplate:LaunchTemplate", { userData: userData("--node-labels=clusterkit.io/lifecycle=spot,clusterkit.io/pool=api\n      - --register-with-taints=dedicated=api:NoSchedule") }, {}, "lt");
    const tags = caTags("api", "spot", { "k8s.io/cluster-autoscaler/node-template/taint/dedicated": "api:NoSchedule" });
    const ok = resource("aws:autoscaling/group:Group", { tags: tagList(tags) }, { mixedInstancesPolicy: [lt.urn] });
    expect(await violations("node-template-tags-match-kubelet", [lt, ok])).toEqual([]);
    const { "k8s.io/cluster-autoscaler/node-template/taint/dedicated": _t, ...untainted } = tags;
    const bad = resource("aws:autoscaling/group:Group", { tags: tagList(untainted) }, { mixedInstancesPolicy: [lt.urn] }, "bad");
    const found = await violations("node-template-tags-match-kubelet", [lt, bad]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^ASG bad: node-template taint tags \[\] differ from kubelet --register-with-taints/);
    expect(kubeletRegistration(String(lt.inputs.userData)).taints.get("dedicated")).toBe("api:NoSchedule");
  });
});

describe("the pack over the example stacks", () => {
  let results: Synthesized[];
  beforeAll(async () => {
    results = await synthesizeExamples();
  });

  it("can compare tags with user data for every ASG (the check is never skipped on synth output)", () => {
    for (const r of results) {
      const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
      const asgs = r.resources.filter((x) => x.type === "aws:autoscaling/group:Group");
      expect(asgs.length).toBeGreaterThanOrEqual(10);
      for (const a of asgs) {
        const lt = Object.values(a.propertyDependencies).flat().map((u) => byUrn.get(u)).find((x) => x?.type === "aws:ec2/launchTemplate:LaunchTemplate");
        expect(typeof lt?.inputs.userData, a.name).toBe("string");
      }
    }
  });

  it("finds no violation in any example stack", async () => {
    expect(await policyViolations(results)).toEqual([]);
  });

  it("fails synth with stack, policy, resource and reason once an artifact is broken", async () => {
    const broken = structuredClone(results[0]);
    const target = broken.resources.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate");
    expect(target, "synth renders launch templates").toBeDefined();
    target!.inputs.metadataOptions = { ...(target!.inputs.metadataOptions as object), httpTokens: "optional" };
    expect(await policyViolations([broken])).toEqual([
      `${broken.stack}: policy imdsv2-required: aws:ec2/launchTemplate:LaunchTemplate ${target!.name}: metadataOptions.httpTokens is "optional"; it must be "required" (IMDSv2 only)`,
    ]);
  });
});
