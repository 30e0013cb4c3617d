// Cross-field rules the schema alone cannot state: they need the snippets, the instance catalog or
// several fields at once. Each rule is a small function returning problems at a path.
import type { ClusterValues } from "./schema";
import type { Cluster } from "./stack";
import { overprovisioningProblems } from "../components/overprovisioning/sizing";
import type { PathSegment } from "./problems";
import type { InstanceTypeSnippet, SnippetLibrary } from "./snippets";
import { known } from "./problems";
import { PLATFORM_POOLS } from "../components/node-pools/plan";
import { contains, formatCidr, networkOf, overlaps, type Cidr } from "../components/network/cidr";
import { carveProblem } from "../components/network/spec";
import { nodePoolProblems } from "../components/node-pools/rules";

export interface RuleProblem {
  path: PathSegment[];
  message: string;
  /** A problem inside a snippet file rather than in the cluster values. */
  file?: string;
  /** Other fields the rule weighs: when the stack set one of them, the stack is blamed. */
  related?: PathSegment[][];
}

/** Every snippet the values name, with where they name it. */
export function snippetReferences(v: ClusterValues): { path: PathSegment[]; name: string }[] {
  const refs: { path: PathSegment[]; name: string }[] = [
    { path: ["admin", "instanceTypes"], name: v.admin.instanceTypes },
    { path: ["monitoring", "instanceTypes"], name: v.monitoring.instanceTypes },
  ];
  for (const [group, g] of Object.entries(v.appGroups)) {
    g.spot.forEach((name, i) => refs.push({ path: ["appGroups", group, "spot", i], name }));
    g.onDemand.forEach((name, i) => refs.push({ path: ["appGroups", group, "onDemand", i], name }));
  }
  return refs;
}

function snippetsExist(v: ClusterValues, library: SnippetLibrary): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const reported = new Set<string>();
  for (const ref of snippetReferences(v)) {
    const snippet = library.instanceTypes.get(ref.name);
    if (!snippet) {
      problems.push({ path: ref.path, message: `unknown snippet "${ref.name}" (${known(library.instanceTypes.keys())})` });
    } else if (snippet.problems.length > 0 && !reported.has(ref.name)) {
      reported.add(ref.name);
      for (const p of snippet.problems) problems.push({ path: p.path ? [p.path] : [], message: p.message, file: p.file });
    }
  }
  return problems;
}

function groupNamesFree(v: ClusterValues): RuleProblem[] {
  // admin and monitoring are platform pools: an app group of the same name would share their ASG names and taints.
  return Object.keys(v.appGroups)
    .filter((name) => (PLATFORM_POOLS as readonly string[]).includes(name))
    .map((name) => ({ path: ["appGroups", name], message: `"${name}" is the name of a platform pool; choose another app group name` }));
}

function distinctSnippetsPerTier(v: ClusterValues): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [group, g] of Object.entries(v.appGroups)) {
    for (const tier of ["spot", "onDemand"] as const) {
      const list = g[tier];
      if (list.length === 2 && list[0] === list[1]) {
        problems.push({ path: ["appGroups", group, tier, 1], message: `"${list[1]}" is used twice: the two ASGs of a tier need different instance-type snippets` });
      }
    }
  }
  return problems;
}

function spotSnippetsNotUsedOnDemand(v: ClusterValues, library: SnippetLibrary): RuleProblem[] {
  // A group's spot and on-demand ASGs must be one architecture: its pods' images must run on both.
  const problems: RuleProblem[] = [];
  for (const [group, g] of Object.entries(v.appGroups)) {
    const snippets = [...g.spot, ...g.onDemand].map((n) => library.instanceTypes.get(n)).filter(usable);
    const archs = [...new Set(snippets.map((s) => s.types[0].architecture))];
    if (archs.length > 1) {
      problems.push({ path: ["appGroups", group], message: `mixes architectures across its ASGs (${archs.join(", ")}): the group's images must run on every ASG it may scale` });
    }
  }
  return problems;
}

function usable(s: InstanceTypeSnippet | undefined): s is InstanceTypeSnippet {
  return s !== undefined && s.problems.length === 0;
}

function minNotAboveMax(v: ClusterValues): RuleProblem[] {
  const pools: [PathSegment[], { minSize: number; maxSize: number }][] = [
    [["admin"], v.admin],
    [["monitoring"], v.monitoring],
    ...Object.entries(v.appGroups).map(([group, g]): [PathSegment[], { minSize: number; maxSize: number }] => [["appGroups", group], g]),
  ];
  return pools
    .filter(([, p]) => p.minSize > p.maxSize)
    .map(([path, p]) => ({ path: [...path, "minSize"], related: [[...path, "maxSize"]], message: `is ${p.minSize}, above maxSize ${p.maxSize}: minSize must be <= maxSize` }));
}

function ladderSteps(v: ClusterValues): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [group, g] of Object.entries(v.appGroups)) {
    const ladder = g.overprovisioning?.ladder;
    if (!ladder) continue;
    const base: PathSegment[] = ["appGroups", group, "overprovisioning", "ladder"];
    if (!ladder.coresToReplicas?.length && !ladder.nodesToReplicas?.length) {
      problems.push({ path: base, message: "needs coresToReplicas or nodesToReplicas with at least one [threshold, replicas] step" });
    }
    for (const list of ["coresToReplicas", "nodesToReplicas"] as const) {
      const steps = ladder[list] ?? [];
      steps.forEach(([threshold, replicas], i) => {
        const at = [...base, list, i];
        if (threshold < 0 || replicas < 0) problems.push({ path: at, message: `[${threshold}, ${replicas}] has a negative number: thresholds and replicas must be >= 0` });
        else if (i > 0 && threshold <= steps[i - 1][0])
          problems.push({ path: at, message: `threshold ${threshold} is not above the previous step's ${steps[i - 1][0]}: steps must have strictly increasing thresholds` });
      });
    }
  }
  return problems;
}

function zonesInRegion(v: ClusterValues, region: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  v.network.availabilityZones.forEach((az, i) => {
    const at: PathSegment[] = ["network", "availabilityZones", i];
    if (!az.startsWith(region) || az.length !== region.length + 1) problems.push({ path: at, message: `"${az}" is not a zone of region ${region} (like ${region}a)` });
    else if (seen.has(az)) problems.push({ path: at, message: `"${az}" is listed twice` });
    seen.add(az);
  });
  return problems;
}

function oneVpcSource(v: ClusterValues): RuleProblem[] {
  const n = v.network;
  if (n.vpcCidr && n.existingVpc) return [{ path: ["network"], message: "set either vpcCidr (create a VPC) or existingVpc, not both" }];
  if (!n.vpcCidr && !n.existingVpc) return [{ path: ["network"], message: "needs vpcCidr (create a VPC, e.g. 10.20.0.0/16) or existingVpc (vpcId and privateSubnetIds)" }];
  if (n.existingVpc) {
    return n.availabilityZones
      .filter((az) => !n.existingVpc!.privateSubnetIds[az])
      .map((az) => ({ path: ["network", "existingVpc", "privateSubnetIds"], message: `has no subnet for ${az}: every availability zone needs a private subnet` }));
  }
  return [];
}

function someoneAdministers(v: ClusterValues): RuleProblem[] {
  // Without the creator's implicit entry, only accessEntries reach the Kubernetes API: pulumi up itself
  // (the Kubernetes objects) and the rollout's kubectl checks need a cluster-admin among them.
  const cp = v.controlPlane;
  if (cp.clusterCreatorAdmin || cp.accessEntries.some((e) => e.access === "cluster-admin")) return [];
  return [
    {
      path: ["controlPlane", "accessEntries"],
      message: "has no cluster-admin entry while clusterCreatorAdmin is false: nothing could deploy the Kubernetes objects; add the deploy role with access: cluster-admin (or set clusterCreatorAdmin: true on a new cluster)",
    },
  ];
}

function publicEndpointNeedsCidrs(v: ClusterValues): RuleProblem[] {
  if (v.controlPlane.endpointPublicAccess && v.controlPlane.publicAccessCidrs.length === 0) {
    return [{ path: ["controlPlane", "publicAccessCidrs"], message: "is empty while endpointPublicAccess is true: list the CIDRs allowed to reach the API (0.0.0.0/0 only if you mean it)" }];
  }
  return [];
}

function apiReachable(v: ClusterValues): RuleProblem[] {
  // A private-only endpoint answers inside the VPC only, and by default its security group admits only itself.
  if (v.controlPlane.endpointPublicAccess || v.controlPlane.privateAccessCidrs.length > 0) return [];
  return [
    {
      path: ["controlPlane", "privateAccessCidrs"],
      message:
        "is empty while endpointPublicAccess is false: nothing outside the cluster VPC could reach the API, so `pulumi up` (every Kubernetes object) and the rollout's kubectl checks would time out. List the CI/VPN networks routed into the VPC (e.g. 10.0.0.0/16), or set endpointPublicAccess: true with publicAccessCidrs",
    },
  ];
}

function cidrsAreNetworks(v: ClusterValues): RuleProblem[] {
  const lists = [["publicAccessCidrs", v.controlPlane.publicAccessCidrs] as const, ["privateAccessCidrs", v.controlPlane.privateAccessCidrs] as const];
  const problems: RuleProblem[] = [];
  for (const [field, cidrs] of lists) {
    cidrs.forEach((text, i) => {
      const n = networkCidr(text, "10.0.0.0/16");
      if ("problem" in n) problems.push({ path: ["controlPlane", field, i], message: n.problem });
    });
  }
  return problems;
}

function vpcCidrCarvable(v: ClusterValues): RuleProblem[] {
  if (!v.network.vpcCidr || v.network.existingVpc) return [];
  const n = networkCidr(v.network.vpcCidr, "10.20.0.0/16");
  const problem = "problem" in n ? n.problem : carveProblem(n.cidr, v.network.availabilityZones.length);
  return problem ? [{ path: ["network", "vpcCidr"], message: problem }] : [];
}

function privateAccessRouted(v: ClusterValues): RuleProblem[] {
  // In a VPC clusterkit creates, private route tables only know the VPC and the NAT gateway: without a
  // transit gateway, replies to these networks leave through NAT and the security group rule is moot.
  // An existing VPC's routes are its owner's, and network.transitGatewayId is ignored there.
  if (!v.network.vpcCidr || v.network.existingVpc || v.network.transitGatewayId) return [];
  return v.controlPlane.privateAccessCidrs.map((cidr, i) => ({
    path: ["controlPlane", "privateAccessCidrs", i],
    related: [["network", "transitGatewayId"], ["network", "vpcCidr"]],
    message: `nothing routes ${cidr} into the VPC clusterkit creates (network.vpcCidr), so it could not reach the private API endpoint: set network.transitGatewayId to the transit gateway that network reaches the VPC through, or use a public endpoint with publicAccessCidrs`,
  }));
}

function privateAccessOutsideVpc(v: ClusterValues): RuleProblem[] {
  // A network routed into the VPC lies outside it: a route to the transit gateway for VPC addresses
  // clashes with the local route (and 0.0.0.0/0 with the NAT default route).
  const vpc = v.network.vpcCidr ? parsed(v.network.vpcCidr) : undefined;
  if (!vpc || vpc.hostBitsSet) return [];
  const problems: RuleProblem[] = [];
  v.controlPlane.privateAccessCidrs.forEach((text, i) => {
    const n = parsed(text);
    if (n && !n.hostBitsSet && overlaps(vpc, n)) {
      problems.push({
        path: ["controlPlane", "privateAccessCidrs", i],
        message: `"${text}" overlaps network.vpcCidr ${v.network.vpcCidr}: list only networks outside the cluster VPC, like the CI/VPN network behind the transit gateway (a route for addresses of the VPC would clash with its local route)`,
      });
    }
  });
  return problems;
}

/** EKS CreateCluster: the service CIDR must be RFC 1918 and must not overlap the VPC. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

function serviceCidrUsable(v: ClusterValues): RuleProblem[] {
  const text = v.controlPlane.serviceCidr;
  const at: PathSegment[] = ["controlPlane", "serviceCidr"];
  const service = parsed(text);
  if (!service) return [{ path: at, message: notACidr(text, "172.20.0.0/16") }];
  if (service.hostBitsSet) {
    const network = formatCidr(service);
    return [{ path: at, message: `"${text}" has host bits set: its network is ${network}, so write ${network} (EKS would put kube-dns at the .10 of the network, not of what is written)` }];
  }
  if (!PRIVATE_RANGES.some((r) => contains(networkOf(r), service))) {
    return [{ path: at, message: `"${text}" is not inside ${PRIVATE_RANGES.join(", ")}: EKS accepts only a private range for the service CIDR` }];
  }
  const vpc = v.network.vpcCidr ? parsed(v.network.vpcCidr) : undefined;
  if (vpc && overlaps(vpc, service)) {
    return [{ path: at, message: `"${text}" overlaps network.vpcCidr ${v.network.vpcCidr}: EKS rejects a service CIDR that overlaps the VPC (a Service IP and a node or pod IP could be the same address); pick a range outside it, like 172.20.0.0/16` }];
  }
  return [];
}

function parsed(text: string): (Cidr & { hostBitsSet: boolean }) | undefined {
  try {
    return networkOf(text);
  } catch {
    return undefined;
  }
}

/** A CIDR field's value as a network address, or what is wrong with it (the same words for every field). */
function networkCidr(text: string, example: string): { cidr: Cidr } | { problem: string } {
  const n = parsed(text);
  if (!n) return { problem: notACidr(text, example) };
  if (n.hostBitsSet) return { problem: `"${text}" has host bits set: write the network address ${formatCidr(n)}` };
  return { cidr: n };
}

const notACidr = (text: string, example: string) => `"${text}" is not an IPv4 CIDR: four numbers 0-255 and a prefix 0-32, like ${example}`;

function accessEntriesUnique(v: ClusterValues): RuleProblem[] {
  // EKS keeps one access entry per principal: a second CreateAccessEntry for it fails.
  const seen = new Map<string, number>();
  const problems: RuleProblem[] = [];
  v.controlPlane.accessEntries.forEach((e, i) => {
    const first = seen.get(e.principalArn);
    if (first !== undefined) problems.push({ path: ["controlPlane", "accessEntries", i, "principalArn"], message: `is already listed at accessEntries[${first}]: EKS keeps one access entry per principal, give it one access level` });
    else seen.set(e.principalArn, i);
  });
  return problems;
}

function corednsReplicaRange(v: ClusterValues): RuleProblem[] {
  const c = v.dns.coredns;
  return c.minReplicas > c.maxReplicas ? [{ path: ["dns", "coredns", "minReplicas"], related: [["dns", "coredns", "maxReplicas"]], message: `is ${c.minReplicas}, above maxReplicas ${c.maxReplicas}` }] : [];
}

function alertsSelectable(v: ClusterValues): RuleProblem[] {
  // Without labels its Prometheus selects, the rules load nowhere, and the absent() guards in them too.
  if (!v.alerts.enabled || Object.keys(v.alerts.ruleLabels).length > 0) return [];
  return [
    {
      path: ["alerts", "ruleLabels"],
      related: [["alerts", "enabled"]],
      message: "is empty while alerts are enabled: no Prometheus would select the rules (kube-prometheus-stack selects release: <its release name>); set the labels its ruleSelector and podMonitorSelector match",
    },
  ];
}

export function checkRules(v: ClusterValues, region: string, library: SnippetLibrary): RuleProblem[] {
  return [
    ...snippetsExist(v, library),
    ...groupNamesFree(v),
    ...distinctSnippetsPerTier(v),
    ...spotSnippetsNotUsedOnDemand(v, library),
    ...minNotAboveMax(v),
    ...ladderSteps(v),
    ...zonesInRegion(v, region),
    ...oneVpcSource(v),
    ...publicEndpointNeedsCidrs(v),
    ...someoneAdministers(v),
    ...apiReachable(v),
    ...cidrsAreNetworks(v),
    ...vpcCidrCarvable(v),
    ...privateAccessRouted(v),
    ...privateAccessOutsideVpc(v),
    ...serviceCidrUsable(v),
    ...accessEntriesUnique(v),
    ...corednsReplicaRange(v),
    ...alertsSelectable(v),
  ];
}

/** Rules over the resolved cluster (instance types known): each lives with the concept it protects. */
export function checkResolvedRules(cluster: Cluster): RuleProblem[] {
  return [...nodePoolProblems(cluster), ...overprovisioningProblems(cluster)];
}
