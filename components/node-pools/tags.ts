// ASG tags: discovery for cluster-autoscaler, and the node-template tags that let it scale a group
// from zero. The label and taint tags come from the SAME NodeGroup values the kubelet flags use, so
// they cannot drift apart (the eksctl bug). Limits are checked here and fail loudly.
import { TAINT_EFFECTS, type Taint } from "../../config/schema";
import type { Cluster } from "../../config/stack";
import { clusterTagKey, resourceTags } from "../network/tags";
import type { NodeGroup } from "./plan";

export interface AsgTag {
  key: string;
  value: string;
  propagateAtLaunch: boolean;
}

/** AWS caps an ASG at 50 tags. */
export const MAX_ASG_TAGS = 50;
/** autoscaling.json: TagKey length 1-128, TagValue 0-256 (test/node-pools.test.ts checks these against the model). */
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;

export const CA_ENABLED_TAG = "k8s.io/cluster-autoscaler/enabled";
export const NODE_TEMPLATE_LABEL = "k8s.io/cluster-autoscaler/node-template/label/";
export const NODE_TEMPLATE_TAINT = "k8s.io/cluster-autoscaler/node-template/taint/";
export const NODE_TEMPLATE_RESOURCE = "k8s.io/cluster-autoscaler/node-template/resources/";

export function caOwnerTag(clusterName: string): string {
  return `k8s.io/cluster-autoscaler/${clusterName}`;
}

/** cluster-autoscaler splits the value on the first ':', so the taint value must not contain one. */
export function taintTagValue(t: Taint): string {
  if (t.value.includes(":")) throw new Error(`taint ${t.key}: value "${t.value}" contains ':', which cluster-autoscaler would split into a wrong effect`);
  if (!(TAINT_EFFECTS as readonly string[]).includes(t.effect)) throw new Error(`taint ${t.key}: effect "${t.effect}" is not one of ${TAINT_EFFECTS.join(", ")}`);
  return `${t.value}:${t.effect}`;
}

/** Tags the instances inherit too: ownership, Name, the cluster's configured tags, and the operations' instance tags. */
export function instanceTags(cluster: Pick<Cluster, "name" | "tags">, group: Pick<NodeGroup, "name" | "operationTags">): Record<string, string> {
  return resourceTags(cluster, group.name, { [clusterTagKey(cluster.name)]: "owned", ...group.operationTags.instance });
}

export interface AssembledTags {
  tags: AsgTag[];
  /** Keys two sources set (a taint key twice, a cluster tag clusterkit sets itself). */
  clashes: string[];
}

/** The ASG's tags, sorted by key, without the limit checks: the config rules report those with a path. */
export function assembleAsgTags(cluster: Pick<Cluster, "name" | "tags" | "nodes">, group: Pick<NodeGroup, "name" | "labels" | "taints" | "operationTags">): AssembledTags {
  const propagated = instanceTags(cluster, group);
  const clashes: string[] = [];
  const asgOnly: Record<string, string> = {
    [CA_ENABLED_TAG]: "true",
    [caOwnerTag(cluster.name)]: "owned",
    [`${NODE_TEMPLATE_RESOURCE}ephemeral-storage`]: `${cluster.nodes.rootVolumeGiB}Gi`,
    ...group.operationTags.asg,
  };
  for (const [k, v] of Object.entries(group.labels)) asgOnly[`${NODE_TEMPLATE_LABEL}${k}`] = v;
  for (const t of group.taints) {
    const key = `${NODE_TEMPLATE_TAINT}${t.key}`;
    if (key in asgOnly) clashes.push(key);
    asgOnly[key] = taintTagValue(t);
  }
  const tags: AsgTag[] = [];
  for (const [key, value] of Object.entries(propagated)) tags.push({ key, value, propagateAtLaunch: true });
  for (const [key, value] of Object.entries(asgOnly)) {
    if (key in propagated) clashes.push(key);
    else tags.push({ key, value, propagateAtLaunch: false });
  }
  tags.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { tags, clashes };
}

/** The ASG's tags. Throws on what the config rules reject: validated stacks never get here with it. */
export function asgTags(cluster: Pick<Cluster, "name" | "tags" | "nodes">, group: Pick<NodeGroup, "name" | "labels" | "taints" | "operationTags">): AsgTag[] {
  const { tags, clashes } = assembleAsgTags(cluster, group);
  if (clashes.length > 0) throw new Error(`${group.name}: tag ${clashes[0]} is set twice`);
  const problems = asgTagProblems(tags);
  if (problems.length > 0) throw new Error(`${group.name}: ${problems[0].reason}`);
  return tags;
}

export interface TagProblem {
  /** The tag key at fault; undefined for the tag count. */
  key?: string;
  /** What AWS would reject, without the ASG's name (the same for every ASG a setting reaches). */
  reason: string;
}

/** What AWS would reject: more than 50 tags, reserved prefixes, key and value lengths. */
export function asgTagProblems(tags: readonly AsgTag[]): TagProblem[] {
  const problems: TagProblem[] = [];
  if (tags.length > MAX_ASG_TAGS) problems.push({ reason: `${tags.length} tags, AWS allows at most ${MAX_ASG_TAGS} per ASG (drop some cluster tags or labels)` });
  for (const { key, value } of tags) {
    // CA turns eks: tags into labels and may call eks:DescribeNodegroup; aws: is reserved by AWS.
    if (/^(eks|aws):/i.test(key)) problems.push({ key, reason: `tag key "${key}" uses a reserved prefix (eks:, aws:) not allowed on self-managed ASGs` });
    if (key.length < 1 || key.length > TAG_KEY_MAX) problems.push({ key, reason: `tag key "${key}" is ${key.length} characters, AWS allows 1-${TAG_KEY_MAX}` });
    if (value.length > TAG_VALUE_MAX) problems.push({ key, reason: `tag ${key} value is ${value.length} characters, AWS allows at most ${TAG_VALUE_MAX}` });
  }
  return problems;
}

// ---- reading tags back as cluster-autoscaler does -----------------------------------------------

export interface NodeTemplate {
  labels: Record<string, string>;
  /** Effect is whatever CA would take, valid or not: a test compares it with the kubelet's. */
  taints: { key: string; value: string; effect: string }[];
  resources: Record<string, string>;
}

// CA checks the value with an unanchored search for ":<Effect>", then splits on the first ':'.
const CA_TAINT_VALUE = /(.*):(?:NoSchedule|NoExecute|PreferNoSchedule)/;

/** cluster-autoscaler's view of an ASG's node template, from its tags (cloudprovider/aws). */
export function readNodeTemplate(tags: readonly { key: string; value: string }[]): NodeTemplate {
  const out: NodeTemplate = { labels: {}, taints: [], resources: {} };
  for (const { key, value } of tags) {
    const label = afterPrefix(key, NODE_TEMPLATE_LABEL);
    if (label) out.labels[label] = value;
    const resource = afterPrefix(key, NODE_TEMPLATE_RESOURCE);
    if (resource) out.resources[resource] = value;
    const taint = afterPrefix(key, NODE_TEMPLATE_TAINT);
    if (taint !== undefined && CA_TAINT_VALUE.test(value)) {
      const colon = value.indexOf(":");
      out.taints.push({ key: taint, value: value.slice(0, colon), effect: value.slice(colon + 1) });
    }
  }
  return out;
}

/** CA splits the key on the prefix anywhere in it and takes what follows. */
function afterPrefix(key: string, prefix: string): string | undefined {
  const at = key.indexOf(prefix);
  if (at < 0) return undefined;
  return key.slice(at + prefix.length).split(prefix)[0];
}
