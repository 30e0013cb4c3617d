// Node-pool mistakes the config layer reports before anything is created, with the path to fix:
// labels kubelet would refuse (the node never joins), one taint per key (cluster-autoscaler keeps one),
// and AWS's ASG tag limits. The builders (user-data.ts, tags.ts) throw on the same conditions as a
// last guard; these rules make sure a validated stack never reaches them.
import type { PathSegment } from "../../config/problems";
import type { Cluster } from "../../config/stack";
import { DEDICATED_TAINT_KEY, LABELS, ON_DEMAND_FALLBACK_TAINT, planNodeGroups, type NodeGroup } from "./plan";
import { assembleAsgTags, asgTagProblems, MAX_ASG_TAGS, NODE_TEMPLATE_LABEL, NODE_TEMPLATE_TAINT } from "./tags";
import { nodeLabelProblem } from "./user-data";

export interface NodePoolProblem {
  path: PathSegment[];
  message: string;
  related?: PathSegment[][];
}

const RESERVED_LABELS: readonly string[] = Object.values(LABELS);

function labelProblems(cluster: Cluster): NodePoolProblem[] {
  const problems: NodePoolProblem[] = [];
  for (const [name, g] of Object.entries(cluster.appGroups)) {
    for (const key of Object.keys(g.labels)) {
      const at = ["appGroups", name, "labels", key];
      const refused = nodeLabelProblem(key);
      if (refused) problems.push({ path: at, message: refused });
      else if (RESERVED_LABELS.includes(key)) problems.push({ path: at, message: `is set by clusterkit on every node (${RESERVED_LABELS.join(", ")}); choose another key` });
    }
  }
  return problems;
}

function taintProblems(cluster: Cluster): NodePoolProblem[] {
  const problems: NodePoolProblem[] = [];
  for (const [name, g] of Object.entries(cluster.appGroups)) {
    // Keys clusterkit taints this group's nodes with: the dedicated taint, and the on-demand fallback's soft taint.
    const own = new Map<string, string>([[ON_DEMAND_FALLBACK_TAINT.key, "clusterkit's soft taint on on-demand fallback nodes"]]);
    if (g.dedicated) own.set(DEDICATED_TAINT_KEY, "the taint dedicated: true sets");
    const seen = new Map<string, number>();
    g.taints.forEach((t, i) => {
      const at = ["appGroups", name, "taints", i, "key"];
      if (own.has(t.key)) problems.push({ path: at, message: `"${t.key}" is ${own.get(t.key)}; a node keeps one taint per key: choose another key` });
      else if (seen.has(t.key)) problems.push({ path: at, message: `"${t.key}" is already the key of taints[${seen.get(t.key)}]: a node (and cluster-autoscaler's template) keeps one taint per key` });
      else seen.set(t.key, i);
    });
  }
  return problems;
}

/** Where in the stack an ASG tag comes from, to point at what to change. */
function tagPath(group: NodeGroup, key: string): PathSegment[] {
  const pool: PathSegment[] = group.kind === "app" ? ["appGroups", group.pool] : [group.pool];
  if (key.startsWith(NODE_TEMPLATE_LABEL)) return [...pool, "labels", key.slice(NODE_TEMPLATE_LABEL.length)];
  if (key.startsWith(NODE_TEMPLATE_TAINT)) return [...pool, "taints"];
  return ["tags", key];
}

function asgTagLimits(cluster: Cluster): NodePoolProblem[] {
  const problems: NodePoolProblem[] = [];
  const reported = new Set<string>();
  const report = (p: NodePoolProblem) => {
    const id = JSON.stringify(p);
    if (!reported.has(id)) problems.push(p);
    reported.add(id);
  };
  let fullest: { asg: string; count: number } | undefined;
  for (const group of planNodeGroups(cluster)) {
    const { tags, clashes } = assembleAsgTags(cluster, group);
    for (const key of clashes) {
      if (key in cluster.tags) report({ path: ["tags", key], message: "is a tag clusterkit sets on the cluster's ASGs and instances itself; choose another key" });
    }
    if (clashes.length > 0) continue;
    for (const p of asgTagProblems(tags)) {
      if (p.key === undefined) {
        if (!fullest || tags.length > fullest.count) fullest = { asg: group.name, count: tags.length };
      } else {
        report({ path: tagPath(group, p.key), message: `would put a tag AWS rejects on its ASGs: ${p.reason}` });
      }
    }
  }
  if (fullest) {
    // Cluster tags are on every ASG: the one lever that fixes them all.
    report({
      path: ["tags"],
      related: [["appGroups"]],
      message: `has ${Object.keys(cluster.tags).length} tags, and with the group's labels and taints and clusterkit's own tags ASG ${fullest.asg} would carry ${fullest.count}; AWS allows at most ${MAX_ASG_TAGS} per ASG: drop some cluster tags or labels`,
    });
  }
  return problems;
}

export function nodePoolProblems(cluster: Cluster): NodePoolProblem[] {
  const early = [...labelProblems(cluster), ...taintProblems(cluster)];
  // Tag limits are computed from the planned ASGs, which the label and taint problems above would garble.
  return early.length > 0 ? early : asgTagLimits(cluster);
}
