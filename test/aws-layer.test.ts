// The real program for every example stack under the Pulumi mock runtime: what resources.json holds.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSnippets } from "../config/snippets";
import { listStacks, readStackSource, resolveCluster, type Cluster, type StackSource } from "../config/stack";
import { SUPPORTED_KUBERNETES_MINORS, versionsFor } from "../components/versions";
import { planNodeGroups } from "../components/node-pools/plan";
import { readNodeTemplate } from "../components/node-pools/tags";
import { mimeParts, readNodeUserData } from "../components/node-pools/user-data-reader";
import type { RecordedResource } from "../synth/recorder";
import { mockState } from "../synth/mock-state";
import { record } from "../synth/recorder";
import { PROJECT, recordStack } from "../synth/synth";
import { runProgram } from "../program";

const ROOT = resolve(__dirname, "..");
const library = loadSnippets(ROOT);
const STACKS = listStacks(ROOT);

const model = (service: string) => JSON.parse(readFileSync(`/work/shared/aws-api-models/${service}.json`, "utf8")).shapes;
const autoscalingShapes = model("autoscaling");
const iamShapes = model("iam");
const eksShapes = model("eks");

/** A checker from a Smithy shape's length and pattern traits. */
function shapeCheck(shapes: any, id: string): (value: string) => string | undefined {
  const traits = shapes[id]?.traits;
  if (!traits) throw new Error(`no shape ${id} in the model`);
  const length = traits["smithy.api#length"];
  const pattern = traits["smithy.api#pattern"] ? new RegExp(traits["smithy.api#pattern"], "u") : undefined;
  return (value) => {
    if (length && (value.length < (length.min ?? 0) || value.length > (length.max ?? Infinity))) return `${id}: "${value}" has length ${value.length}, allowed ${length.min}-${length.max}`;
    if (pattern && !pattern.test(value)) return `${id}: "${value}" does not match ${pattern}`;
    return undefined;
  };
}

function source(stack: string): StackSource {
  const read = readStackSource(ROOT, stack);
  if (!read.ok) throw new Error(`cannot read ${stack}`);
  return read.source;
}

function resolved(src: StackSource): Cluster {
  const r = resolveCluster(src, library);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.cluster;
}

const ofType = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type);
const ASG = "aws:autoscaling/group:Group";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const propertyDeps = (r: RecordedResource, property: string) => r.propertyDependencies[property] ?? [];
const byKey = <T extends { key: string }>(list: T[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : 1));

const recorded = new Map<string, RecordedResource[]>();

beforeAll(async () => {
  // One stack at a time: the mock runtime is process-global.
  for (const stack of STACKS) recorded.set(stack, await recordStack(ROOT, source(stack)));
});

describe.each(STACKS)("%s", (stack) => {
  const cluster = resolved(source(stack));
  const groups = planNodeGroups(cluster);
  const resources = () => recorded.get(stack)!;
  const ingressNames = () => ofType(resources(), "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((x) => x.name);
  const asgs = () => ofType(resources(), ASG);
  const ltById = () => new Map(ofType(resources(), LT).map((lt) => [`${lt.name}-id`, lt]));
  const subnetAz = () => new Map(ofType(resources(), "aws:ec2/subnet:Subnet").map((s) => [`${s.name}-id`, s.inputs as any]));

  it("creates one ASG and one launch template per planned NodeGroup, with the NodeGroup's name", () => {
    expect(asgs().map((a) => a.name).sort()).toEqual(groups.map((g) => g.name).sort());
    expect(ofType(resources(), LT).map((a) => a.name).sort()).toEqual(groups.map((g) => g.name).sort());
    for (const a of asgs()) expect((a.inputs as any).name).toBe(a.name);
  });

  it("has exactly 2 spot and 2 on-demand ASGs per app group, with the required purchase settings", () => {
    for (const group of Object.keys(cluster.appGroups)) {
      const mine = asgs().filter((a) => groups.find((g) => g.name === a.name)!.pool === group);
      expect(mine).toHaveLength(4);
      const dist = (a: RecordedResource) => (a.inputs as any).mixedInstancesPolicy.instancesDistribution;
      const spot = mine.filter((a) => dist(a).onDemandPercentageAboveBaseCapacity === 0);
      const onDemand = mine.filter((a) => dist(a).onDemandPercentageAboveBaseCapacity === 100);
      expect(spot).toHaveLength(2);
      expect(onDemand).toHaveLength(2);
      for (const a of spot) {
        expect(dist(a)).toEqual({ onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: cluster.appGroups[group].spotAllocationStrategy });
        expect((a.inputs as any).capacityRebalance).toBe(true);
      }
      for (const a of onDemand) expect(dist(a)).toEqual({ onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100, onDemandAllocationStrategy: "prioritized" });
      // Equal vCPU inside each ASG, least memory first.
      for (const a of mine) {
        const g = groups.find((x) => x.name === a.name)!;
        const overrides = (a.inputs as any).mixedInstancesPolicy.launchTemplate.overrides.map((o: any) => o.instanceType);
        expect(overrides).toEqual(g.instanceTypes.map((t) => t.name));
        expect(new Set(g.instanceTypes.map((t) => t.vcpu)).size).toBe(1);
        const memory = g.instanceTypes.map((t) => t.memoryGiB);
        expect(memory).toEqual([...memory].sort((x, y) => x - y));
      }
    }
  });

  it("spans at least two AZs per ASG, through the private subnets of exactly the configured AZs", () => {
    const subnets = subnetAz();
    for (const a of asgs()) {
      const ids: string[] = (a.inputs as any).vpcZoneIdentifiers;
      const zones = ids.map((id) => subnets.get(id));
      expect(zones.every((s) => s && s.tags["kubernetes.io/role/internal-elb"] === "1")).toBe(true);
      expect(new Set(zones.map((s) => s.availabilityZone)).size).toBeGreaterThanOrEqual(2);
      expect(zones.map((s) => s.availabilityZone)).toEqual(cluster.network.availabilityZones);
    }
  });

  it("sizes from the config, desiredCapacity only at creation (ignoreChanges), the launch template's version number and a rolling refresh", () => {
    for (const a of asgs()) {
      const g = groups.find((x) => x.name === a.name)!;
      const inputs = a.inputs as any;
      expect([inputs.minSize, inputs.maxSize, inputs.desiredCapacity]).toEqual([g.minSize, g.maxSize, g.minSize]);
      expect(a.options?.ignoreChanges).toContain("desiredCapacity");
      const spec = inputs.mixedInstancesPolicy.launchTemplate.launchTemplateSpecification;
      // The mock gives every launch template latestVersion 1: the ASG carries that number, never "$Latest"
      // (an instance refresh does not start on "$Latest").
      expect(spec.version).toBe("1");
      expect(propertyDeps(a, "mixedInstancesPolicy")).toContain(ltById().get(spec.launchTemplateId)!.urn);
      expect(ltById().get(spec.launchTemplateId)?.name).toBe(a.name);
      expect(inputs.launchTemplate).toBeUndefined();
      expect(inputs.instanceRefresh).toEqual({ strategy: "Rolling", preferences: { minHealthyPercentage: 90, skipMatching: true, instanceWarmup: "300" } });
    }
  });

  it("node-template tags, read back the way cluster-autoscaler does, equal the labels and taints in the user data", () => {
    const lts = ltById();
    for (const a of asgs()) {
      const inputs = a.inputs as any;
      const lt = lts.get(inputs.mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateId)!;
      const doc = Buffer.from((lt.inputs as any).userData, "base64").toString("utf8");
      const node = readNodeUserData(doc);
      // The host side of the node-local DNS cache ships with every node: clusterDNS points there first.
      expect(mimeParts(doc).some((p) => p.contentType === "text/x-shellscript" && p.body.includes(`ip addr replace ${cluster.dns.nodeLocal.ip}/32`))).toBe(true);
      const template = readNodeTemplate(inputs.tags);
      expect(template.labels).toEqual(node.labels);
      expect(byKey(template.taints)).toEqual(byKey(node.taints));
      // ...and both equal the plan, so neither side silently lost something.
      const g = groups.find((x) => x.name === a.name)!;
      expect(node.labels).toEqual(g.labels);
      expect(byKey(node.taints)).toEqual(byKey(g.taints));
      expect(template.resources["ephemeral-storage"]).toBe(`${cluster.nodes.rootVolumeGiB}Gi`);
      // Discovery tags and the cluster's node settings.
      const tags = Object.fromEntries(inputs.tags.map((t: any) => [t.key, t.value]));
      expect(tags["k8s.io/cluster-autoscaler/enabled"]).toBe("true");
      expect(tags[`k8s.io/cluster-autoscaler/${cluster.name}`]).toBe("owned");
      expect(tags[`kubernetes.io/cluster/${cluster.name}`]).toBe("owned");
      expect(inputs.tags.length).toBeLessThanOrEqual(50);
      expect(inputs.tags.some((t: any) => /^eks:/i.test(t.key))).toBe(false);
      expect(node.nodeConfig.spec.cluster.name).toBe(cluster.name);
      expect(node.nodeConfig.spec.cluster.cidr).toBe(cluster.controlPlane.serviceCidr);
      expect(node.nodeConfig.spec.kubelet.config.clusterDNS).toEqual([cluster.dns.nodeLocal.ip, "172.20.0.10"]);
    }
  });

  it("dedicated groups, admin and monitoring are tainted; admin is on-demand only", () => {
    for (const g of groups) {
      const dedicated = g.kind !== "app" || cluster.appGroups[g.pool].dedicated;
      expect(g.taints.some((t) => t.key === "dedicated" && t.value === g.pool && t.effect === "NoSchedule")).toBe(dedicated);
    }
    expect(groups.filter((g) => g.pool === "admin").map((g) => g.lifecycle)).toEqual(["on-demand"]);
  });

  it("launch templates: IMDSv2 only, encrypted gp3 root, no public IP or key pair, tagged instances and volumes", () => {
    for (const lt of ofType(resources(), LT)) {
      const i = lt.inputs as any;
      expect(i.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" });
      expect(i.blockDeviceMappings).toHaveLength(1);
      expect(i.blockDeviceMappings[0].ebs).toMatchObject({ volumeType: "gp3", encrypted: "true", volumeSize: cluster.nodes.rootVolumeGiB });
      expect(i.keyName).toBeUndefined();
      expect(i.networkInterfaces).toEqual([expect.objectContaining({ associatePublicIpAddress: "false", securityGroups: ["sg-0mockclustersg000"] })]);
      expect(i.imageId).toMatch(new RegExp(`^resolve:ssm:/aws/service/eks/optimized-ami/${cluster.kubernetesVersion.replace(".", "\\.")}/amazon-linux-2023/(x86_64|arm64)/standard/`));
      expect(i.updateDefaultVersion).toBe(true);
      expect(i.tagSpecifications.map((t: any) => t.resourceType).sort()).toEqual(["instance", "volume"]);
      expect(i.iamInstanceProfile.arn).toMatch(/:instance-profile\/.*-node$/);
    }
  });

  it("control plane: API auth, KMS secrets encryption with rotation, private endpoint, logs, OIDC, node access entry, pinned add-ons", () => {
    const [eks] = ofType(resources(), "aws:eks/cluster:Cluster");
    const e = eks.inputs as any;
    expect(e.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: cluster.controlPlane.clusterCreatorAdmin });
    expect(e.vpcConfig.endpointPrivateAccess).toBe(true);
    expect(e.vpcConfig.endpointPublicAccess).toBe(cluster.controlPlane.endpointPublicAccess);
    expect(e.encryptionConfig.resources).toEqual(["secrets"]);
    expect(e.enabledClusterLogTypes).toEqual([...cluster.controlPlane.logTypes].sort());
    expect(e.kubernetesNetworkConfig.serviceIpv4Cidr).toBe(cluster.controlPlane.serviceCidr);
    expect(e.version).toBe(cluster.kubernetesVersion);
    const [key] = ofType(resources(), "aws:kms/key:Key");
    expect((key.inputs as any).enableKeyRotation).toBe(true);
    // The mock gives each key a deterministic ARN: the cluster's secrets use exactly this key.
    expect(e.encryptionConfig.provider.keyArn).toMatch(new RegExp(`:key/mock-${key.name}$`));
    // Prod protects the cluster and its secrets key from `pulumi destroy` and replacement; staging does not.
    const prod = cluster.environment === "prod";
    expect(eks.options?.protect).toBe(prod ? true : undefined);
    expect(key.options?.protect).toBe(prod ? true : undefined);
    // The control plane log group exists, with a retention, before EKS starts logging into it.
    const [logs] = ofType(resources(), "aws:cloudwatch/logGroup:LogGroup");
    expect(logs.inputs).toMatchObject({ name: `/aws/eks/${cluster.name}/cluster`, retentionInDays: cluster.controlPlane.logRetentionDays });
    expect(eks.options?.dependsOn).toContain(logs.name);
    const [oidc] = ofType(resources(), "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    expect((oidc.inputs as any).clientIdLists).toEqual(["sts.amazonaws.com"]);
    const entries = ofType(resources(), "aws:eks/accessEntry:AccessEntry");
    const node = entries.filter((x) => (x.inputs as any).type === "EC2_LINUX");
    expect(node).toHaveLength(1);
    expect((node[0].inputs as any).principalArn).toMatch(new RegExp(`:role/${cluster.name}-node$`));
    // One STANDARD entry per configured principal, with its access level's managed policy, cluster-wide.
    const standard = entries.filter((x) => (x.inputs as any).type === "STANDARD");
    expect(standard.map((x) => (x.inputs as any).principalArn).sort()).toEqual(cluster.controlPlane.accessEntries.map((x) => x.principalArn).sort());
    const associations = ofType(resources(), "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    const policyOf = Object.fromEntries(associations.map((x) => [(x.inputs as any).principalArn, x.inputs as any]));
    for (const entry of cluster.controlPlane.accessEntries) {
      const name = { "cluster-admin": "AmazonEKSClusterAdminPolicy", admin: "AmazonEKSAdminPolicy", view: "AmazonEKSViewPolicy" }[entry.access];
      expect(policyOf[entry.principalArn]).toMatchObject({ policyArn: `arn:aws:eks::aws:cluster-access-policy/${name}`, accessScope: { type: "cluster" }, clusterName: cluster.name });
    }
    expect(associations).toHaveLength(cluster.controlPlane.accessEntries.length);
    // The private endpoint admits the configured networks on 443, on the EKS cluster security group.
    const ingress = ofType(resources(), "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((x) => x.inputs as any);
    expect(ingress.map((x) => x.cidrIpv4).sort()).toEqual([...cluster.controlPlane.privateAccessCidrs].sort());
    for (const rule of ingress) {
      expect(rule).toMatchObject({ securityGroupId: "sg-0mockclustersg000", ipProtocol: "tcp", fromPort: 443, toPort: 443 });
      expect(rule.description).toContain(rule.cidrIpv4);
    }
    const addons = Object.fromEntries(ofType(resources(), "aws:eks/addon:Addon").map((x) => [(x.inputs as any).addonName, (x.inputs as any).addonVersion]));
    // vpc-cni and kube-proxy from the control plane, coredns from the DNS layer: each pinned from the version table.
    const pinned = versionsFor(cluster.kubernetesVersion).addons;
    expect(addons).toEqual({ coredns: pinned.coredns, "kube-proxy": pinned.kubeProxy, "vpc-cni": pinned.vpcCni });
    // Node role: no CNI policy (the CNI has its own IRSA role).
    const nodeAttachments = ofType(resources(), "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((x) => x.parent === `${cluster.name}-node`);
    expect(nodeAttachments.map((x) => String((x.inputs as any).policyArn).split("/").pop()).sort()).toEqual([
      "AmazonEC2ContainerRegistryReadOnly",
      "AmazonEKSWorkerNodePolicy",
      "AmazonSSMManagedInstanceCore",
    ]);
    const k8s = ofType(resources(), "pulumi:providers:kubernetes").find((p) => p.name === `${cluster.name}-k8s`)!;
    // No Kubernetes object before the deploying network may reach the API (routes through the transit
    // gateway, security group ingress) and the deploying role use it.
    const apiRoutes = resources().filter((x) => x.type === "aws:ec2transitgateway/vpcAttachment:VpcAttachment" || (x.type === "aws:ec2/route:Route" && (x.inputs as any).transitGatewayId));
    expect(apiRoutes.length).toBeGreaterThan(0);
    expect(k8s.options?.dependsOn).toEqual([...ingressNames(), ...associations.map((x) => x.name), ...apiRoutes.map((x) => x.name)].sort());
    const kubeconfig = JSON.parse((k8s.inputs as any).kubeconfig);
    expect(kubeconfig.users[0].user.exec.args).toEqual(["--region", cluster.region, "eks", "get-token", "--cluster-name", cluster.name, "--output", "json"]);
  });

  it("creates the cluster-autoscaler IRSA role pinned to kube-system/cluster-autoscaler", () => {
    const role = ofType(resources(), "aws:iam/role:Role").find((r) => r.name === `${cluster.name}-cluster-autoscaler`)!;
    const trust = JSON.parse((role.inputs as any).assumeRolePolicy);
    expect(Object.values(trust.Statement[0].Condition.StringEquals).sort()).toEqual(["sts.amazonaws.com", "system:serviceaccount:kube-system:cluster-autoscaler"]);
    const [inline] = ofType(resources(), "aws:iam/rolePolicy:RolePolicy").filter((p) => p.parent === role.name);
    expect(JSON.parse((inline.inputs as any).policy).Statement[1].Condition.StringEquals).toEqual({ [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster.name}`]: "owned" });
  });

  it("routes every private access network from every private route table to the transit gateway attached to exactly the private subnets", () => {
    const rs = resources();
    const tgw = cluster.network.transitGatewayId;
    expect(tgw).toMatch(/^tgw-/);
    const subnets = ofType(rs, "aws:ec2/subnet:Subnet");
    const privateSubnets = subnets.filter((x) => (x.inputs as any).tags["kubernetes.io/role/internal-elb"] === "1");
    expect(privateSubnets).toHaveLength(cluster.network.availabilityZones.length);
    const [vpc] = ofType(rs, "aws:ec2/vpc:Vpc");
    const attachments = ofType(rs, "aws:ec2transitgateway/vpcAttachment:VpcAttachment");
    expect(attachments).toHaveLength(1);
    const a = attachments[0].inputs as any;
    expect(a.transitGatewayId).toBe(tgw);
    expect(a.vpcId).toBe(`${vpc.name}-id`);
    // One subnet per AZ (all AWS allows), each a private one, in the configured AZ order.
    const azOf = new Map(subnets.map((x) => [`${x.name}-id`, (x.inputs as any).availabilityZone]));
    expect(a.subnetIds.map((id: string) => azOf.get(id))).toEqual(cluster.network.availabilityZones);
    expect([...a.subnetIds].sort()).toEqual(privateSubnets.map((x) => `${x.name}-id`).sort());
    expect(a.tags).toMatchObject({ ...cluster.tags, Name: attachments[0].name });
    // Private route tables: those associated with a private subnet.
    const privateIds = new Set(privateSubnets.map((x) => `${x.name}-id`));
    const assoc = ofType(rs, "aws:ec2/routeTableAssociation:RouteTableAssociation").map((x) => x.inputs as any);
    const privateTables = new Set(assoc.filter((x) => privateIds.has(x.subnetId)).map((x) => x.routeTableId as string));
    expect(privateTables.size).toBe(cluster.network.availabilityZones.length);
    const routes = ofType(rs, "aws:ec2/route:Route");
    const toTgw = routes.filter((x) => (x.inputs as any).transitGatewayId !== undefined);
    const cidrs = [...new Set(cluster.controlPlane.privateAccessCidrs)].sort();
    expect(cidrs.length).toBeGreaterThan(0);
    for (const table of privateTables) {
      const mine = toTgw.filter((x) => (x.inputs as any).routeTableId === table);
      expect(mine.map((x) => (x.inputs as any).destinationCidrBlock).sort()).toEqual(cidrs);
      // The NAT default route stays.
      expect(routes.filter((x) => (x.inputs as any).routeTableId === table && (x.inputs as any).natGatewayId).map((x) => (x.inputs as any).destinationCidrBlock)).toEqual(["0.0.0.0/0"]);
    }
    expect(toTgw).toHaveLength(cidrs.length * privateTables.size);
    for (const r of toTgw) {
      expect(privateTables.has((r.inputs as any).routeTableId)).toBe(true);
      expect((r.inputs as any).transitGatewayId).toBe(tgw);
      expect(r.options?.dependsOn).toEqual([attachments[0].name]);
    }
  });

  it("renders only names and tags AWS's API models accept", () => {
    const problems: string[] = [];
    const check = (fn: (v: string) => string | undefined, values: string[]) => values.forEach((v) => fn(v) && problems.push(fn(v)!));
    const names = (type: string) => ofType(resources(), type).map((r) => (r.inputs as any).name as string);
    check(shapeCheck(iamShapes, "com.amazonaws.iam#roleNameType"), names("aws:iam/role:Role"));
    check(shapeCheck(iamShapes, "com.amazonaws.iam#policyNameType"), names("aws:iam/rolePolicy:RolePolicy"));
    check(shapeCheck(iamShapes, "com.amazonaws.iam#instanceProfileNameType"), names("aws:iam/instanceProfile:InstanceProfile"));
    check(shapeCheck(autoscalingShapes, "com.amazonaws.autoscaling#XmlStringMaxLen255"), names(ASG));
    check(shapeCheck(autoscalingShapes, "com.amazonaws.autoscaling#LaunchTemplateName"), names(LT));
    check(shapeCheck(eksShapes, "com.amazonaws.eks#ClusterName"), names("aws:eks/cluster:Cluster"));
    const tags = asgs().flatMap((a) => (a.inputs as any).tags as { key: string; value: string }[]);
    check(shapeCheck(autoscalingShapes, "com.amazonaws.autoscaling#TagKey"), tags.map((t) => t.key));
    check(shapeCheck(autoscalingShapes, "com.amazonaws.autoscaling#TagValue"), tags.map((t) => t.value));
    expect(problems).toEqual([]);
    // The ASG name really is that shape in the model.
    expect(autoscalingShapes["com.amazonaws.autoscaling#CreateAutoScalingGroupType"].members.AutoScalingGroupName.target).toBe("com.amazonaws.autoscaling#XmlStringMaxLen255");
  });
});

describe("a Kubernetes version bump", () => {
  it("changes launch template contents (a new version), never an ASG or launch template name or reference", async () => {
    const stack = STACKS[0];
    const src = source(stack);
    const current = resolved(src).kubernetesVersion;
    const next = SUPPORTED_KUBERNETES_MINORS.find((m) => m !== current)!;
    const bumped = await recordStack(ROOT, { ...src, cluster: { ...(src.cluster as object), kubernetesVersion: next } });
    const before = recorded.get(stack)!;
    const summary = (rs: RecordedResource[]) =>
      ofType(rs, ASG).map((a) => ({ name: a.name, inputName: (a.inputs as any).name, lt: (a.inputs as any).mixedInstancesPolicy.launchTemplate.launchTemplateSpecification }));
    expect(summary(bumped)).toEqual(summary(before));
    expect(ofType(bumped, LT).map((l) => [l.name, (l.inputs as any).name])).toEqual(ofType(before, LT).map((l) => [l.name, (l.inputs as any).name]));
    const image = (rs: RecordedResource[]) => (ofType(rs, LT)[0].inputs as any).imageId as string;
    expect(image(bumped)).toContain(`/optimized-ami/${next}/`);
    expect(image(before)).toContain(`/optimized-ami/${current}/`);
  });
});

describe("a launch template's new version", () => {
  it("is what the ASG references, so the change reaches the ASG (in place) and starts its instance refresh", async () => {
    const stack = STACKS[0];
    const src = source(stack);
    const groups = planNodeGroups(resolved(src));
    const bumped = groups[0].name;
    // As after a real template change: one template at version 8, the others still at 1.
    const base = mockState(String(src.region));
    const rs = await record(() => runProgram(ROOT), {
      project: PROJECT,
      stack,
      config: { "clusterkit:cluster": JSON.stringify(src.cluster), "aws:region": String(src.region) },
      state: (type, name, inputs) => ({ ...base(type, name, inputs), ...(type === LT && name === bumped ? { latestVersion: 8 } : {}) }),
    });
    const version = Object.fromEntries(ofType(rs, ASG).map((a) => [a.name, (a.inputs as any).mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.version]));
    expect(version[bumped]).toBe("8");
    for (const g of groups.slice(1)) expect(version[g.name]).toBe("1");
  });
});

describe("an existing VPC with a public endpoint", () => {
  it("creates no network resources, runs every ASG and the control plane in the given private subnets, and allow-lists the endpoint", async () => {
    const stack = STACKS[0];
    const src = source(stack);
    const raw = structuredClone(src.cluster) as any;
    const zones: string[] = raw.network.availabilityZones;
    const ids = Object.fromEntries(zones.map((az, i) => [az, `subnet-0000000000000000${i}`]));
    raw.network = { availabilityZones: zones, existingVpc: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ids } };
    raw.controlPlane = { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] };
    const rs = await recordStack(ROOT, { ...src, cluster: raw });
    expect(rs.filter((r) => r.type.startsWith("aws:ec2/") && r.type !== LT)).toEqual([]);
    for (const a of ofType(rs, ASG)) expect((a.inputs as any).vpcZoneIdentifiers).toEqual(zones.map((az) => ids[az]));
    const vpc = (ofType(rs, "aws:eks/cluster:Cluster")[0].inputs as any).vpcConfig;
    expect(vpc).toEqual({ subnetIds: zones.map((az) => ids[az]), endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
  });
});

describe("an existing VPC with a transit gateway id from a values layer", () => {
  it("attaches nothing and adds no route: an existing VPC's routing is its owner's", async () => {
    const stack = STACKS[0];
    const src = source(stack);
    const raw = structuredClone(src.cluster) as any;
    const zones: string[] = raw.network.availabilityZones;
    const ids = Object.fromEntries(zones.map((az, i) => [az, `subnet-0000000000000000${i}`]));
    raw.network = { availabilityZones: zones, existingVpc: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ids }, transitGatewayId: "tgw-0123456789abcdef0" };
    expect(resolved({ ...src, cluster: raw }).network.transitGatewayId).toMatch(/^tgw-/);
    const rs = await recordStack(ROOT, { ...src, cluster: raw });
    expect(rs.filter((r) => r.type.startsWith("aws:ec2transitgateway/") || r.type === "aws:ec2/route:Route")).toEqual([]);
  });
});
