// The seed's rules as CrossGuard policies. They read only what a resource declares, so the same list
// runs in `pulumi preview --policy-pack policy` against real plans and in `npm run synth` against the
// mocked ones (synth/policy.ts). Kept apart from index.ts: constructing a PolicyPack starts a server.
import type { Policies, PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { LABELS, PLATFORM_POOLS } from "../components/node-pools/plan";

const ASG = "aws:autoscaling/group:Group";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const DAEMONSET = "kubernetes:apps/v1:DaemonSet";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const PRIORITY_CLASS = "kubernetes:scheduling.k8s.io/v1:PriorityClass";

export const CA_PREFIX = "k8s.io/cluster-autoscaler/";
export const LABEL_TAG = `${CA_PREFIX}node-template/label/`;
export const TAINT_TAG = `${CA_PREFIX}node-template/taint/`;
const TAINT_VALUE = /^[^:]*:(NoSchedule|NoExecute|PreferNoSchedule)$/;
export const OVERPROVISIONING_PRIORITY = -10;

// ---- small readers over declared props ------------------------------------------------------------

/** ASG tags as a key -> value map (props.tags is [{key, value, propagateAtLaunch}]). */
export function asgTags(props: Record<string, any>): Map<string, string> {
  return new Map(((props.tags ?? []) as { key: string; value: string }[]).map((t) => [t.key, String(t.value)]));
}

export function isSpotAsg(props: Record<string, any>): boolean {
  const d = props.mixedInstancesPolicy?.instancesDistribution;
  return d !== undefined && Number(d.onDemandPercentageAboveBaseCapacity ?? 100) === 0;
}

/** Labels and taints the kubelet registers, read from AL2023 nodeadm user data (base64). */
export function kubeletRegistration(userDataBase64: string): { labels: Map<string, string>; taints: Map<string, string> } {
  const text = Buffer.from(userDataBase64, "base64").toString("utf8");
  const flag = (name: string) => new RegExp(`--${name}=([^\\s"']+)`).exec(text)?.[1];
  const pairs = (value: string | undefined) =>
    new Map((value ? value.split(",") : []).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as [string, string]));
  return { labels: pairs(flag("node-labels")), taints: pairs(flag("register-with-taints")) };
}

type PodSpec = { containers?: any[]; initContainers?: any[]; priorityClassName?: string };

function podSpecOf(props: Record<string, any>): PodSpec | undefined {
  return props.spec?.template?.spec;
}

function guaranteed(container: any): boolean {
  const r = container.resources ?? {};
  return ["cpu", "memory"].every((k) => r.requests?.[k] !== undefined && String(r.requests[k]) === String(r.limits?.[k]));
}

// ---- resource policies ----------------------------------------------------------------------------

const daemonsetGuaranteedQos: ResourceValidationPolicy = {
  name: "daemonset-guaranteed-qos",
  description: "Every DaemonSet container sets requests equal to limits for CPU and memory (Guaranteed QoS): the fixed per-node overhead is then known and contained.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== DAEMONSET) return;
    const spec = podSpecOf(args.props);
    for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
      if (!guaranteed(c)) report(`container "${c.name}" must set resources.requests equal to resources.limits for cpu and memory`);
    }
  },
};

const spotMultiAz: ResourceValidationPolicy = {
  name: "spot-asg-multi-az",
  description: "Spot ASGs span at least two availability zones: never spot in a single AZ.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== ASG || !isSpotAsg(args.props)) return;
    const subnets = (args.props.vpcZoneIdentifiers ?? []) as unknown[];
    const zones = (args.props.availabilityZones ?? []) as unknown[];
    if (Math.max(subnets.length, zones.length) < 2) report(`spot ASG spans ${Math.max(subnets.length, zones.length)} zone(s); it needs subnets in at least 2`);
  },
};

const imdsv2: ResourceValidationPolicy = {
  name: "imdsv2-required",
  description: "Launch templates require IMDSv2 tokens, so a pod cannot read the node's credentials with one unauthenticated GET.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== LAUNCH_TEMPLATE) return;
    const m = args.props.metadataOptions ?? {};
    if (m.httpTokens !== "required") report(`metadataOptions.httpTokens is ${JSON.stringify(m.httpTokens)}; it must be "required" (IMDSv2 only)`);
  },
};

const encryptedVolumes: ResourceValidationPolicy = {
  name: "encrypted-volumes",
  description: "Every EBS volume a launch template defines is encrypted.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== LAUNCH_TEMPLATE) return;
    const mappings = (args.props.blockDeviceMappings ?? []) as any[];
    if (mappings.length === 0) report("defines no block device mapping: the root volume must be declared, encrypted");
    for (const m of mappings) {
      if (m.ebs && String(m.ebs.encrypted) !== "true") report(`volume ${m.deviceName} is not encrypted`);
    }
  },
};

const autoscalerTags: ResourceValidationPolicy = {
  name: "cluster-autoscaler-tags",
  description: "Every ASG carries both auto-discovery tags, well-formed node-template taint tags, its pool and lifecycle labels, at most 50 tags and no eks: keys.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== ASG) return;
    const tags = asgTags(args.props);
    if (tags.get(`${CA_PREFIX}enabled`) !== "true") report(`missing tag ${CA_PREFIX}enabled=true: cluster-autoscaler will not discover this ASG`);
    const clusterKeys = [...tags.keys()].filter((k) => k.startsWith(CA_PREFIX) && !k.startsWith(`${CA_PREFIX}node-template/`) && k !== `${CA_PREFIX}enabled`);
    if (clusterKeys.length !== 1) report(`needs exactly one ${CA_PREFIX}<cluster-name> tag, has ${clusterKeys.length}`);
    for (const [key, value] of tags) {
      if (key.startsWith(TAINT_TAG) && !TAINT_VALUE.test(value)) report(`taint tag ${key}=${value} is not "<value>:<Effect>": cluster-autoscaler would ignore it`);
      if (key.startsWith("eks:")) report(`tag ${key}: eks: keys are reserved and make cluster-autoscaler call eks:DescribeNodegroup`);
    }
    for (const label of [LABELS.pool, LABELS.lifecycle]) if (!tags.has(`${LABEL_TAG}${label}`)) report(`missing node-template label tag for ${label}: scale-from-zero cannot match pods selecting it`);
    if (tags.size > 50) report(`has ${tags.size} tags; an ASG holds at most 50`);
  },
};

const pausePodsAtOverprovisioning: ResourceValidationPolicy = {
  name: "pause-pods-at-overprovisioning-priority",
  description: "Pause-pod Deployments use the overprovisioning PriorityClass, and that class is exactly -10: lower and cluster-autoscaler treats them as expendable and never scales up for them.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type === PRIORITY_CLASS && args.props.metadata?.name === "overprovisioning" && args.props.value !== OVERPROVISIONING_PRIORITY) {
      report(`PriorityClass overprovisioning has value ${args.props.value}; it must be ${OVERPROVISIONING_PRIORITY}`);
    }
    if (args.type !== DEPLOYMENT) return;
    const spec = podSpecOf(args.props);
    const pause = (spec?.containers ?? []).some((c) => String(c.image ?? "").startsWith("registry.k8s.io/pause:"));
    if (pause && spec?.priorityClassName !== "overprovisioning") report(`pause pods run at priorityClassName ${JSON.stringify(spec?.priorityClassName)}; they must use "overprovisioning"`);
  },
};

const priorityFloor: ResourceValidationPolicy = {
  name: "no-priority-below-overprovisioning",
  description: "No PriorityClass is below -10, and only overprovisioning sits at -10: such pods would never trigger a scale-up.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== PRIORITY_CLASS) return;
    const value = Number(args.props.value);
    const name = args.props.metadata?.name;
    if (value < OVERPROVISIONING_PRIORITY) report(`PriorityClass ${name} has value ${value}, below ${OVERPROVISIONING_PRIORITY}`);
    else if (value === OVERPROVISIONING_PRIORITY && name !== "overprovisioning") report(`PriorityClass ${name} has value ${value}: only overprovisioning may use it`);
  },
};

// ---- stack policies -------------------------------------------------------------------------------

function asgsByPool(resources: PolicyResource[]): Map<string, PolicyResource[]> {
  const pools = new Map<string, PolicyResource[]>();
  for (const r of resources.filter((x) => x.type === ASG)) {
    const pool = asgTags(r.props).get(`${LABEL_TAG}${LABELS.pool}`) ?? "(no pool label)";
    pools.set(pool, [...(pools.get(pool) ?? []), r]);
  }
  return pools;
}

const appGroupShape: StackValidationPolicy = {
  name: "app-group-two-spot-two-on-demand",
  description: "Each application group has at most 4 ASGs: exactly 2 spot and 2 on-demand fallbacks, so cluster-autoscaler reaches on-demand within minutes.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const [pool, asgs] of asgsByPool(args.resources)) {
      if ((PLATFORM_POOLS as readonly string[]).includes(pool)) continue;
      const spot = asgs.filter((a) => isSpotAsg(a.props)).length;
      if (asgs.length > 4 || spot !== 2 || asgs.length - spot !== 2) {
        report(`app group ${pool} has ${spot} spot and ${asgs.length - spot} on-demand ASGs (${asgs.map((a) => a.name).sort().join(", ")}); it needs exactly 2 and 2`);
      }
    }
  },
};

const tagsMatchKubelet: StackValidationPolicy = {
  name: "node-template-tags-match-kubelet",
  description: "The node-template label and taint tags of every ASG equal what its nodes' kubelet registers, or cluster-autoscaler adds nodes that cannot take the pending pods.",
  enforcementLevel: "mandatory",
  validateStack: (args, report: ReportViolation) => {
    for (const asg of args.resources.filter((r) => r.type === ASG)) {
      const templates = Object.values(asg.propertyDependencies)
        .flat()
        .filter((d) => d.type === LAUNCH_TEMPLATE);
      const userData = templates[0]?.props.userData;
      if (typeof userData !== "string") continue; // unknown until the control plane exists (preview)
      const { labels, taints } = kubeletRegistration(userData);
      const tags = asgTags(asg.props);
      const tagged = (prefix: string) => new Map([...tags].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
      const same = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
      if (!same(tagged(LABEL_TAG), labels)) report(`ASG ${asg.name}: node-template label tags ${JSON.stringify([...tagged(LABEL_TAG)])} differ from kubelet --node-labels ${JSON.stringify([...labels])}`);
      if (!same(tagged(TAINT_TAG), taints)) report(`ASG ${asg.name}: node-template taint tags ${JSON.stringify([...tagged(TAINT_TAG)])} differ from kubelet --register-with-taints ${JSON.stringify([...taints])}`);
    }
  },
};

export const POLICIES: Policies = [
  daemonsetGuaranteedQos,
  spotMultiAz,
  imdsv2,
  encryptedVolumes,
  autoscalerTags,
  pausePodsAtOverprovisioning,
  priorityFloor,
  appGroupShape,
  tagsMatchKubelet,
];
