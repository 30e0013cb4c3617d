import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lookupInstanceType, type InstanceType } from "../config/catalog";
import { amiSsmParameter, asgSpec, imageId, launchTemplateSpec } from "../components/node-pools/launch-template";
import { planNodeGroups, type NodeGroup } from "../components/node-pools/plan";
import { asgTags, caOwnerTag, CA_ENABLED_TAG, MAX_ASG_TAGS, readNodeTemplate, TAG_KEY_MAX, TAG_VALUE_MAX, taintTagValue } from "../components/node-pools/tags";
import { exampleCluster as stack, resolveExample } from "./helpers/stacks";

const prod = stack("prod-eu-west-1");
const groups = planNodeGroups(prod);
const byName = (name: string) => groups.find((g) => g.name === name)!;
const types = (...names: string[]): InstanceType[] => names.map((n) => lookupInstanceType(n)!);
const tagMap = (tags: { key: string; value: string }[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

describe("ASG tags", () => {
  it("carry discovery, ownership and node-template tags derived from the NodeGroup", () => {
    const api = byName("prod-eu-west-1-api-spot-4x-32gb");
    const tags = asgTags(prod, api);
    expect(tagMap(tags)).toEqual({
      Name: "prod-eu-west-1-api-spot-4x-32gb",
      "kubernetes.io/cluster/prod-eu-west-1": "owned",
      [CA_ENABLED_TAG]: "true",
      [caOwnerTag("prod-eu-west-1")]: "owned",
      "k8s.io/cluster-autoscaler/node-template/label/clusterkit.io/lifecycle": "spot",
      "k8s.io/cluster-autoscaler/node-template/label/clusterkit.io/pool": "api",
      "k8s.io/cluster-autoscaler/node-template/taint/dedicated": "api:NoSchedule",
      "k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage": "100Gi",
      // aws-node-termination-handler drains only instances carrying its per-cluster tag.
      "aws-node-termination-handler/prod-eu-west-1": "managed",
    });
    expect(tags.map((t) => t.key)).toEqual([...tags.map((t) => t.key)].sort());
    // Instances inherit ownership, Name and the handler's tag (it reads the instance), not the CA metadata.
    expect(tags.filter((t) => t.propagateAtLaunch).map((t) => t.key)).toEqual(["Name", "aws-node-termination-handler/prod-eu-west-1", "kubernetes.io/cluster/prod-eu-west-1"]);
  });

  it("adds the cluster's configured tags to every ASG and propagates them", () => {
    const c = stack("prod-eu-west-1", (raw) => (raw.tags = { team: "platform", "cost-center": "42" }));
    const tags = asgTags(c, planNodeGroups(c)[0]);
    expect(tags.filter((t) => t.key === "team" || t.key === "cost-center")).toEqual([
      { key: "cost-center", value: "42", propagateAtLaunch: true },
      { key: "team", value: "platform", propagateAtLaunch: true },
    ]);
  });

  it("writes an empty taint value as ':NoSchedule', which cluster-autoscaler reads back as an empty value", () => {
    const g = { ...byName("prod-eu-west-1-workers-spot-4x-32gb"), taints: [{ key: "spot-only", value: "", effect: "NoSchedule" as const }] };
    const tags = asgTags(prod, g);
    expect(tagMap(tags)["k8s.io/cluster-autoscaler/node-template/taint/spot-only"]).toBe(":NoSchedule");
    expect(readNodeTemplate(tags).taints).toEqual([{ key: "spot-only", value: "", effect: "NoSchedule" }]);
  });

  it("refuses a taint value containing ':' (cluster-autoscaler would split it into a wrong effect)", () => {
    expect(() => taintTagValue({ key: "k", value: "a:b", effect: "NoSchedule" })).toThrow(/contains ':'/);
    const g = { ...byName("prod-eu-west-1-workers-spot-4x-32gb"), taints: [{ key: "k", value: "a:b", effect: "NoSchedule" as const }] };
    expect(() => asgTags(prod, g)).toThrow(/contains ':'/);
    // ...and the config schema rejects it before it ever gets here.
    const r = resolveExample("prod-eu-west-1", (raw) => (raw.appGroups.workers.taints = [{ key: "k", value: "a:b", effect: "NoSchedule" }]));
    expect(r.ok).toBe(false);
  });

  it("allows exactly 50 tags and fails on the 51st instead of truncating", () => {
    const g = byName("prod-eu-west-1-workers-spot-4x-32gb");
    const base = asgTags(prod, g).length;
    // Past the config rules on purpose: the builder is the last guard.
    const withTags = (n: number) => ({ ...prod, tags: Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${String(i).padStart(2, "0")}`, "x"])) });
    expect(asgTags(withTags(MAX_ASG_TAGS - base), g)).toHaveLength(50);
    expect(() => asgTags(withTags(MAX_ASG_TAGS - base + 1), g)).toThrow(/51 tags, AWS allows at most 50/);
  });

  it("refuses eks: and aws: keys and over-long keys or values", () => {
    const g = byName("prod-eu-west-1-workers-spot-4x-32gb");
    expect(() => asgTags({ ...prod, tags: { "eks:nodegroup-name": "x" } }, g)).toThrow(/reserved prefix/);
    expect(() => asgTags({ ...prod, tags: { ["k".repeat(TAG_KEY_MAX + 1)]: "v" } }, g)).toThrow(/129 characters/);
    expect(() => asgTags({ ...prod, tags: { k: "v".repeat(TAG_VALUE_MAX + 1) } }, g)).toThrow(/257 characters/);
    expect(() => asgTags({ ...prod, tags: { ["k".repeat(TAG_KEY_MAX)]: "v".repeat(TAG_VALUE_MAX) } }, g)).not.toThrow();
  });

  it("uses the tag limits of AWS's own autoscaling model", () => {
    const model = JSON.parse(readFileSync("/work/shared/aws-api-models/autoscaling.json", "utf8"));
    expect(model.shapes["com.amazonaws.autoscaling#TagKey"].traits["smithy.api#length"]).toEqual({ min: 1, max: TAG_KEY_MAX });
    expect(model.shapes["com.amazonaws.autoscaling#TagValue"].traits["smithy.api#length"]).toEqual({ min: 0, max: TAG_VALUE_MAX });
  });
});

describe("readNodeTemplate (cluster-autoscaler's parsing)", () => {
  it("splits taint values on the first ':' and ignores values without an effect", () => {
    const t = (key: string, value: string) => ({ key: `k8s.io/cluster-autoscaler/node-template/taint/${key}`, value });
    const parsed = readNodeTemplate([t("a", "x:NoSchedule"), t("b", ":NoExecute"), t("c", "novalue"), t("d", "x:Bogus"), t("e", "x:y:NoSchedule")]);
    expect(parsed.taints).toEqual([
      { key: "a", value: "x", effect: "NoSchedule" },
      { key: "b", value: "", effect: "NoExecute" },
      // What CA really does with a ':' in the value: the effect becomes garbage. Hence the refusal above.
      { key: "e", value: "x", effect: "y:NoSchedule" },
    ]);
  });

  it("reads labels with '/' in the key and resources", () => {
    const parsed = readNodeTemplate([
      { key: "k8s.io/cluster-autoscaler/node-template/label/clusterkit.io/pool", value: "api" },
      { key: "k8s.io/cluster-autoscaler/node-template/label/", value: "ignored" },
      { key: "k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage", value: "100Gi" },
      { key: "Name", value: "x" },
    ]);
    expect(parsed).toEqual({ labels: { "clusterkit.io/pool": "api" }, taints: [], resources: { "ephemeral-storage": "100Gi" } });
  });
});

describe("ASG spec", () => {
  it("spot: mixed instances, 0 % on-demand, the group's allocation strategy, capacity rebalance", () => {
    const a = asgSpec(prod, byName("prod-eu-west-1-workers-spot-4x-32gb"));
    expect(a.instancesDistribution).toEqual({ onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: "capacity-optimized" });
    expect(a.capacityRebalance).toBe(true);
    expect(a.instanceRefresh).toEqual({ strategy: "Rolling", preferences: { minHealthyPercentage: 90, skipMatching: true, instanceWarmup: "300" } });
    expect(a.desiredCapacity).toBe(a.minSize);
    const pco = stack("prod-eu-west-1", (raw) => (raw.appGroups.workers.spotAllocationStrategy = "price-capacity-optimized"));
    expect(asgSpec(pco, planNodeGroups(pco).find((g) => g.name === "prod-eu-west-1-workers-spot-4x-32gb")!).instancesDistribution.spotAllocationStrategy).toBe("price-capacity-optimized");
  });

  it("rolls every ASG, spot, on-demand and platform, the same deliberate way on a launch template change", () => {
    const refreshes = groups.map((g) => asgSpec(prod, g).instanceRefresh);
    for (const r of refreshes) {
      expect(r.strategy).toBe("Rolling");
      // Keep at least 90 % in service, replace only instances not yet on the new version, let each join first.
      expect(r.preferences.minHealthyPercentage).toBe(90);
      expect(r.preferences.skipMatching).toBe(true);
      expect(Number(r.preferences.instanceWarmup)).toBeGreaterThanOrEqual(120);
    }
    expect(new Set(refreshes.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it("on-demand: 100 % on-demand, prioritized in override order, no capacity rebalance", () => {
    const a = asgSpec(prod, byName("prod-eu-west-1-workers-on-demand-4x-32gb"));
    expect(a.instancesDistribution).toEqual({ onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100, onDemandAllocationStrategy: "prioritized" });
    expect(a.capacityRebalance).toBe(false);
  });

  it("puts the least-memory type first even when the list comes out of memory order", () => {
    const g: NodeGroup = { ...byName("prod-eu-west-1-workers-spot-8x-mixed"), instanceTypes: types("r5.8xlarge", "m5.8xlarge", "c6i.8xlarge", "m6i.8xlarge") };
    expect(asgSpec(prod, g).instanceTypes).toEqual(["c6i.8xlarge", "m5.8xlarge", "m6i.8xlarge", "r5.8xlarge"]);
  });

  it("refuses one AZ, unequal vCPU and min above max", () => {
    const g = byName("prod-eu-west-1-workers-spot-4x-32gb");
    expect(() => asgSpec(prod, { ...g, availabilityZones: ["eu-west-1a"] })).toThrow(/at least 2/);
    expect(() => asgSpec(prod, { ...g, instanceTypes: types("c5.4xlarge", "c5.9xlarge") })).toThrow(/differ in vCPU/);
    expect(() => asgSpec(prod, { ...g, minSize: 5, maxSize: 4 })).toThrow(/above maxSize/);
  });
});

describe("launch template spec", () => {
  it("resolves the AL2023 EKS AMI through SSM: recommended, or a pinned release", () => {
    expect(amiSsmParameter("1.35", "x86_64")).toBe("/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id");
    expect(amiSsmParameter("1.35", "arm64", "v20251103")).toBe(
      "/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/arm64/standard/amazon-eks-node-al2023-arm64-standard-1.35-v20251103/image_id",
    );
    const g = byName("prod-eu-west-1-workers-spot-4x-32gb");
    expect(imageId(prod, { ...g, instanceTypes: types("c7g.4xlarge", "m7g.4xlarge") })).toBe("resolve:ssm:/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/arm64/standard/recommended/image_id");
    expect(() => imageId(prod, { ...g, instanceTypes: types("c7g.4xlarge", "c6i.4xlarge") })).toThrow(/mix architectures/);
    const pinned = stack("prod-eu-west-1", (raw) => (raw.nodes = { amiReleaseVersion: "v20251103" }));
    expect(launchTemplateSpec(pinned, g).imageId).toContain("amazon-eks-node-al2023-x86_64-standard-1.35-v20251103/image_id");
  });

  it("IMDSv2 only with hop limit 1, encrypted gp3 root volume of the configured size, tagged instances and volumes", () => {
    const c = stack("prod-eu-west-1", (raw) => (raw.nodes = { rootVolumeGiB: 200 }));
    const lt = launchTemplateSpec(c, planNodeGroups(c)[0]);
    expect(lt.metadataOptions).toEqual({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
    expect(lt.rootVolume).toEqual({ deviceName: "/dev/xvda", volumeSize: 200, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" });
    expect(lt.tagSpecifications.map((t) => t.resourceType)).toEqual(["instance", "volume"]);
    for (const spec of lt.tagSpecifications)
      expect(spec.tags).toEqual({ Name: lt.name, "kubernetes.io/cluster/prod-eu-west-1": "owned", "aws-node-termination-handler/prod-eu-west-1": "managed" });
  });
});
