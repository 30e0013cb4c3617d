// From a stack file to a validated Cluster: read stacks/Pulumi.<stack>.yaml, layer the values files it
// extends, validate with the schema, apply the cross-field rules. Pure: no Pulumi SDK is loaded here,
// so `npm run check` is fast and the Pulumi program, synth and tests all share this one path.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import type { InstanceType } from "./catalog";
import { isPlainObject, mergeLayers, originOf, type Layer, type Merged } from "./layers";
import { formatPath, known, type PathSegment, type Problem } from "./problems";
import { checkResolvedRules, checkRules, type RuleProblem } from "./rules";
import { ClusterSchema, type ClusterValues } from "./schema";
import { loadSnippets, type SnippetLibrary, VALUES_DIR } from "./snippets";
import { readYaml } from "./yaml-file";

export const STACKS_DIR = "stacks";
export const CLUSTER_KEY = "clusterkit:cluster";
export const REGION_KEY = "aws:region";

/** A validated cluster: the values with defaults applied, plus what the snippets resolve to. */
export interface Cluster extends ClusterValues {
  stack: string;
  region: string;
  /** Instance types of every snippet the cluster uses, least memory first. */
  instanceTypes: Record<string, InstanceType[]>;
}

export type Resolved = { ok: true; cluster: Cluster } | { ok: false; problems: Problem[] };

export function stackFile(stack: string): string {
  return `${STACKS_DIR}/Pulumi.${stack}.yaml`;
}

export function listStacks(root: string): string[] {
  let files: string[];
  try {
    files = readdirSync(join(root, STACKS_DIR));
  } catch {
    return [];
  }
  return files
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The raw config of a stack as Pulumi would see it: config keys from the stack file. */
export interface StackSource {
  stack: string;
  file: string;
  region: unknown;
  cluster: unknown;
}

const OTHER_TOP_LEVEL_KEYS = new Set(["config", "encryptionsalt", "secretsprovider", "encryptedkey", "environment"]);

export function readStackSource(root: string, stack: string): { ok: true; source: StackSource } | { ok: false; problems: Problem[] } {
  const file = stackFile(stack);
  const read = readYaml(root, file);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  if (!isPlainObject(read.data) || !isPlainObject(read.data.config)) {
    return { ok: false, problems: [{ file, path: "", message: `must be a Pulumi stack file with a "config:" map holding ${REGION_KEY} and ${CLUSTER_KEY}` }] };
  }
  const problems: Problem[] = [];
  for (const key of Object.keys(read.data)) {
    if (!OTHER_TOP_LEVEL_KEYS.has(key)) problems.push({ file, path: key, message: `unknown top-level key (${known(OTHER_TOP_LEVEL_KEYS)})` });
  }
  for (const key of Object.keys(read.data.config)) {
    if (key.startsWith("clusterkit:") && key !== CLUSTER_KEY) {
      problems.push({ file, path: `config.${key}`, message: `unknown clusterkit key (known: ${CLUSTER_KEY})` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, source: { stack, file, region: read.data.config[REGION_KEY], cluster: read.data.config[CLUSTER_KEY] } };
}

/** Validate one stack's config. `library` may be shared across stacks. */
export function resolveCluster(source: StackSource, library: SnippetLibrary): Resolved {
  const { file } = source;
  const problems: Problem[] = [];

  const region = source.region;
  if (typeof region !== "string" || !/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/.test(region)) {
    problems.push({
      file,
      path: `config.${REGION_KEY}`,
      message: region === undefined ? "is missing: set the cluster's AWS region, e.g. eu-west-1" : `"${String(region)}" is not an AWS region name like eu-west-1`,
    });
  }
  if (!isPlainObject(source.cluster)) {
    problems.push({ file, path: `config.${CLUSTER_KEY}`, message: source.cluster === undefined ? "is missing: the cluster's values go here" : "must be a map of cluster values" });
    return { ok: false, problems };
  }

  const layered = layerValues(source.cluster, file, library);
  if (!layered.ok) return { ok: false, problems: [...problems, ...layered.problems] };
  const merged = layered.merged;

  const where = (path: readonly PathSegment[]) => {
    const from = originOf(merged, path, file);
    return { file: from, path: from === file ? formatPath(["cluster", ...path]) : formatPath(path) };
  };
  // A rule weighs several fields: blame the stack when it set any of them (it made the combination),
  // else the file that set the field at fault, naming the stack the combination broke.
  const whereRule = (p: RuleProblem) => {
    if ([p.path, ...(p.related ?? [])].some((at) => originOf(merged, at, file) === file)) return { file, path: formatPath(["cluster", ...p.path]) };
    const at = where(p.path);
    return at.file === file ? at : { ...at, stack: source.stack };
  };

  const parsed = ClusterSchema.safeParse(merged.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...issueProblems(issue, merged, where));
    return { ok: false, problems: sortProblems(problems) };
  }
  if (problems.length > 0) return { ok: false, problems };

  const values = parsed.data;
  for (const p of checkRules(values, region as string, library)) {
    problems.push(p.file ? { file: p.file, path: formatPath(p.path), message: p.message } : { ...whereRule(p), message: p.message });
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };

  const instanceTypes: Record<string, InstanceType[]> = {};
  for (const name of [values.admin.instanceTypes, values.monitoring.instanceTypes, ...Object.values(values.appGroups).flatMap((g) => [...g.spot, ...g.onDemand])].sort()) {
    instanceTypes[name] = library.instanceTypes.get(name)!.types;
  }
  const { extends: _layers, ...rest } = values;
  const cluster: Cluster = { ...rest, stack: source.stack, region: region as string, instanceTypes };
  // Rules that need the resolved instance types (pause pods must fit the group's smallest node).
  for (const p of checkResolvedRules(cluster)) problems.push({ ...whereRule(p), message: p.message });
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, cluster };
}

export interface ValidStack {
  source: StackSource;
  cluster: Cluster;
}

/** Read and validate several stacks from disk with one snippet library: the valid ones and every problem. */
export function resolveStacks(root: string, names: readonly string[], library: SnippetLibrary = loadSnippets(root)): { valid: ValidStack[]; problems: Problem[] } {
  const valid: ValidStack[] = [];
  const problems: Problem[] = [];
  for (const name of names) {
    const read = readStackSource(root, name);
    const resolved = read.ok ? resolveCluster(read.source, library) : read;
    if (read.ok && resolved.ok) valid.push({ source: read.source, cluster: resolved.cluster });
    else if (!resolved.ok) problems.push(...resolved.problems);
  }
  return { valid, problems };
}

/** Read, layer and validate one stack from disk. */
export function loadStack(root: string, stack: string, library: SnippetLibrary = loadSnippets(root)): Resolved {
  const read = readStackSource(root, stack);
  return read.ok ? resolveCluster(read.source, library) : read;
}

// ---- extends -------------------------------------------------------------------------------------

function layerValues(
  cluster: Record<string, unknown>,
  file: string,
  library: SnippetLibrary,
): { ok: true; merged: Merged } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const order: Layer[] = [];
  const placed = new Set<string>();

  const visit = (names: unknown, from: string, fromPath: string, chain: string[]): void => {
    if (names === undefined) return;
    if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
      problems.push({ file: from, path: fromPath, message: `must be a list of values file names from ${VALUES_DIR}/ (${known(library.values.keys())})` });
      return;
    }
    names.forEach((name: string, i) => {
      const at = `${fromPath}[${i}]`;
      const snippet = library.values.get(name);
      if (chain.includes(name)) {
        problems.push({ file: from, path: at, message: `extends cycle: ${[...chain, name].join(" -> ")}` });
        return;
      }
      if (!snippet) {
        problems.push({ file: from, path: at, message: `unknown values file "${name}" (${known(library.values.keys())})` });
        return;
      }
      if (snippet.problems.length > 0) {
        problems.push(...snippet.problems);
        return;
      }
      if (placed.has(name)) return;
      const { extends: inner, ...data } = snippet.data;
      visit(inner, snippet.file, "extends", [...chain, name]);
      if (!placed.has(name)) {
        placed.add(name);
        order.push({ file: snippet.file, data });
      }
    });
  };

  const { extends: own, ...stackData } = cluster;
  visit(own, file, `cluster.extends`, []);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, merged: mergeLayers([...order, { file, data: stackData }]) };
}

// ---- zod issues -> problems ----------------------------------------------------------------------

function issueProblems(
  issue: z.core.$ZodIssue,
  merged: Merged,
  where: (path: readonly PathSegment[]) => { file: string; path: string },
): Problem[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const valid = validKeysAt(path);
    return issue.keys.map((key) => ({
      ...where([...path, key]),
      message: `unknown key "${key}"${valid ? ` (valid: ${valid.join(", ")})` : ""}`,
    }));
  }
  if (issue.code === "invalid_key") {
    // A record key failed its format: report the key's own message at the key's path.
    const inner = issue.issues[0];
    return [{ ...where(path), message: `key ${inner?.message ?? "is invalid"}` }];
  }
  const value = valueAt(merged.value, path);
  if (value === undefined && issue.code === "invalid_type") {
    return [{ ...where(path), message: `is required (${expectedName(issue.expected)})` }];
  }
  return [{ ...where(path), message: describeIssue(issue, value) }];
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      // YAML reads 1.30 as the number 1.3: say how to keep it a string.
      return `must be ${expectedName(issue.expected)}, got ${typeName(value)}${issue.expected === "string" && typeof value === "number" ? " (put it in quotes)" : ""}`;
    case "too_small":
    case "too_big":
      return issue.message.startsWith("Too") ? `${issue.message.replace(/^Too (small|big): expected /, "must be ")}` : issue.message;
    default:
      return issue.message;
  }
}

function expectedName(type: string): string {
  const names: Record<string, string> = { array: "a list", object: "a map", record: "a map", number: "a number", string: "a string", boolean: "true or false" };
  return names[type] ?? `a ${type}`;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let here: unknown = root;
  for (const segment of path) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<string | number, unknown>)[segment];
  }
  return here;
}

/** The keys a strict object accepts at a path, for "unknown key" messages. */
function validKeysAt(path: readonly PathSegment[]): string[] | undefined {
  let schema: z.core.$ZodType = ClusterSchema;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    let cur = s;
    for (;;) {
      const def = cur._zod.def as { type: string; innerType?: z.core.$ZodType };
      if (def.innerType && ["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(def.type)) cur = def.innerType;
      else return cur;
    }
  };
  for (const segment of path) {
    const def = unwrap(schema)._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; valueType?: z.core.$ZodType; element?: z.core.$ZodType };
    if (def.type === "object" && def.shape && typeof segment === "string" && def.shape[segment]) schema = def.shape[segment];
    else if (def.type === "record" && def.valueType) schema = def.valueType;
    else if (def.type === "array" && def.element) schema = def.element;
    else return undefined;
  }
  const def = unwrap(schema)._zod.def as { type: string; shape?: Record<string, unknown> };
  return def.type === "object" && def.shape ? Object.keys(def.shape).sort() : undefined;
}

function sortProblems(problems: Problem[]): Problem[] {
  const key = (p: Problem) => `${p.file}\u0000${p.path}\u0000${p.message}`;
  return [...new Map(problems.map((p) => [key(p), p])).values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
