// The example stacks in stacks/, resolved through the real config layer: the clusters most tests check
// their specs against, optionally with a stack's raw values changed first.
import { loadSnippets } from "../../config/snippets";
import { listStacks, readStackSource, resolveCluster, type Cluster, type Resolved } from "../../config/stack";
import { ROOT } from "./repo";

/** The stack's raw `clusterkit:cluster` values, changed in place by `patch`, then resolved: ok or the config layer's problems. */
export function resolveExample(stack: string, patch: (raw: any) => void = () => {}): Resolved {
  const read = readStackSource(ROOT, stack);
  if (!read.ok) throw new Error(`${stack}: ${JSON.stringify(read.problems)}`);
  const raw = structuredClone(read.source.cluster) as any;
  patch(raw);
  return resolveCluster({ ...read.source, cluster: raw }, loadSnippets(ROOT));
}

/** One example stack (optionally patched), resolved; a stack that does not resolve throws with its problems. */
export function exampleCluster(stack: string, patch?: (raw: any) => void): Cluster {
  const r = resolveExample(stack, patch);
  if (!r.ok) throw new Error(`${stack}: ${JSON.stringify(r.problems)}`);
  return r.cluster;
}

/** Every example stack, resolved, in listStacks order. */
export function exampleClusters(): Cluster[] {
  return listStacks(ROOT).map((stack) => exampleCluster(stack));
}
