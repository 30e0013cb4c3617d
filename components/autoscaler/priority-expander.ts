// The cluster-autoscaler-priority-expander ConfigMap, generated from the node-group plan (seed:
// "Expander Priority"): spot ASGs on the higher tier, on-demand fallbacks below, every ASG matched by
// exactly one fully anchored pattern. kops shipped malformed and reordering versions of this file, so
// the text is built line by line (keys ascending, patterns sorted) and read back the way CA reads it.
import { parse } from "yaml";
import type { NodeGroup } from "../node-pools/plan";

export const PRIORITY_EXPANDER_CONFIGMAP = "cluster-autoscaler-priority-expander";
export const PRIORITIES_KEY = "priorities";

/** RE2 metacharacters; ASG names are [a-z0-9-] today, but a name must never turn into a wider pattern. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

/** The one pattern that matches exactly this ASG name, even under CA's unanchored search. */
export function anchoredPattern(asgName: string): string {
  return `^${escapeRegex(asgName)}$`;
}

/** Priority -> sorted patterns, keys ascending. One list per key: duplicate keys would lose a list. */
export function expanderPriorities(groups: readonly NodeGroup[]): [number, string[]][] {
  const byTier = new Map<number, string[]>();
  for (const g of groups) {
    // CA starts its best-so-far at -1: a negative priority can never win.
    if (!Number.isInteger(g.tier) || g.tier < 0) throw new Error(`ASG ${g.name}: priority ${g.tier} must be an integer >= 0`);
    byTier.set(g.tier, [...(byTier.get(g.tier) ?? []), anchoredPattern(g.name)]);
  }
  return [...byTier.entries()].sort(([a], [b]) => a - b).map(([tier, patterns]) => [tier, [...new Set(patterns)].sort()]);
}

/** YAML single-quoted scalar: backslashes stay literal, only ' is doubled. */
const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** data.priorities: `<int>:` then one `- '<pattern>'` per line. Deterministic to the byte. */
export function priorityExpanderText(groups: readonly NodeGroup[]): string {
  return expanderPriorities(groups)
    .flatMap(([tier, patterns]) => [`${tier}:`, ...patterns.map((p) => `  - ${quoted(p)}`)])
    .map((line) => `${line}\n`)
    .join("");
}

// ---- reading it back the way cluster-autoscaler does ----------------------------------------------

/** A compiled regular expression. Pass a real RE2 (Go's regexp is RE2): JavaScript RegExp accepts more. */
export interface CompiledPattern {
  test(input: string): boolean;
}
export type RegexEngine = (pattern: string) => CompiledPattern;

export interface PriorityMatch {
  /** Every (priority, pattern) whose unanchored search matches the ASG name. */
  matches: { priority: number; pattern: string }[];
  /** What CA assigns: the highest matching priority; null when nothing matches or only priorities below -1 do (CA starts at -1). */
  priority: number | null;
}

export interface PrioritySelection {
  byAsg: Record<string, PriorityMatch>;
  /** The ASGs CA hands to the next expander when all of them could take the pending pods. */
  best: string[];
}

/**
 * Parse `priorities` as CA does (YAML map of integer -> list of RE2 patterns; one bad pattern rejects the
 * whole ConfigMap) and pick priorities per ASG: unanchored search per pattern, highest priority wins,
 * best-so-far starting at -1. Throws what CA would log as PriorityConfigMapInvalid.
 */
export function matchPriority(text: string, asgNames: readonly string[], compile: RegexEngine): PrioritySelection {
  if (text.trim() === "") throw new Error("priority configuration is empty");
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true });
  } catch (err) {
    throw new Error(`can't parse YAML with priorities: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error("priorities must be a YAML map of integer -> list of patterns");
  const lists: { priority: number; patterns: { source: string; re: CompiledPattern }[] }[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^-?[0-9]+$/.test(key)) throw new Error(`priority key "${key}" is not an integer`);
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new Error(`priority ${key}: value must be a list of patterns`);
    const patterns = (value as string[]).map((source) => {
      try {
        return { source, re: compile(source) };
      } catch (err) {
        throw new Error(`can't compile regexp rule for priority ${key} and rule ${source}: ${(err as Error).message}`);
      }
    });
    lists.push({ priority: Number(key), patterns });
  }

  const byAsg: Record<string, PriorityMatch> = {};
  let top = -1;
  let best: string[] = [];
  for (const asg of asgNames) {
    const matches = lists.flatMap((l) => l.patterns.filter((p) => p.re.test(asg)).map((p) => ({ priority: l.priority, pattern: p.source })));
    const highest = matches.reduce<number | null>((acc, m) => (acc === null || m.priority > acc ? m.priority : acc), null);
    const priority = highest !== null && highest >= -1 ? highest : null;
    byAsg[asg] = { matches, priority };
    if (priority === null || priority < top) continue;
    if (priority > top) {
      top = priority;
      best = [];
    }
    best.push(asg);
  }
  return { byAsg, best };
}
