// Which stacks a change affects, from the rendered output of two trees (the base ref and the working
// tree), and the markdown report a pull request shows. Pure: the renders come in as plain maps.
import { unifiedDiff } from "./unified-diff";

/** What `npm run synth` writes per stack; any difference in one of them affects the stack. */
export const RENDERED_FILES = ["summary.md", "resources.json", "manifests.yaml"] as const;
export type RenderedFile = (typeof RENDERED_FILES)[number];
export type StackFiles = Partial<Record<RenderedFile, string>>;
/** stack name -> its rendered files. */
export type Render = ReadonlyMap<string, StackFiles>;

export type ChangeStatus = "added" | "removed" | "changed";
/** "environment": the rendered output is identical, but a file in ENVIRONMENT_PATHS changed. */
export type StackStatus = ChangeStatus | "environment";
export interface StackChange {
  stack: string;
  status: StackStatus;
  /** The rendered files that differ, in RENDERED_FILES order (none for "environment"). */
  files: { file: RenderedFile; status: ChangeStatus }[];
}

/**
 * What the program runs with but the rendered output does not record: provider, SDK and policy-pack
 * versions (package files), the Pulumi project (Pulumi.yaml), the compiler settings `pulumi up` loads
 * index.ts with (tsconfig.json) and the policies. A change to one can change every stack's real
 * preview while every rendered file stays the same, so it affects every stack.
 */
export const ENVIRONMENT_PATHS = ["package.json", "package-lock.json", "Pulumi.yaml", "tsconfig.json", "policy/"] as const;

/** The changed files (relative to the project root, `/`-separated) that are in ENVIRONMENT_PATHS, sorted. */
export function environmentFiles(changed: readonly string[]): string[] {
  const inEnvironment = (f: string) => ENVIRONMENT_PATHS.some((p) => (p.endsWith("/") ? f.startsWith(p) : f === p));
  return [...new Set(changed.filter(inEnvironment))].sort();
}

/** `changes` plus every working-tree stack it does not list, as affected by an environment change. */
export function withEnvironmentChange(changes: readonly StackChange[], headStacks: Iterable<string>): StackChange[] {
  const listed = new Set(changes.map((c) => c.stack));
  const rest = [...headStacks].filter((s) => !listed.has(s));
  return [...changes, ...rest.map((stack): StackChange => ({ stack, status: "environment", files: [] }))];
}

export function compareRenders(base: Render, head: Render): StackChange[] {
  const stacks = [...new Set([...base.keys(), ...head.keys()])].sort();
  const changes: StackChange[] = [];
  for (const stack of stacks) {
    const before = base.get(stack);
    const after = head.get(stack);
    const files: StackChange["files"] = [];
    for (const file of RENDERED_FILES) {
      const a = before?.[file];
      const b = after?.[file];
      if (a === b) continue;
      files.push({ file, status: a === undefined ? "added" : b === undefined ? "removed" : "changed" });
    }
    if (files.length === 0) continue;
    changes.push({ stack, status: before === undefined ? "added" : after === undefined ? "removed" : "changed", files });
  }
  return changes;
}

/** Changes in rollout order (`order` lists the working tree's stacks); removed stacks last, by name. */
export function inRolloutOrder(changes: readonly StackChange[], order: readonly string[]): StackChange[] {
  const rank = (c: StackChange) => (order.includes(c.stack) ? order.indexOf(c.stack) : order.length);
  return [...changes].sort((a, b) => rank(a) - rank(b) || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
}

/** The stacks to preview and deploy: affected and still in the working tree. */
export function stacksToRoll(changes: readonly StackChange[]): string[] {
  return changes.filter((c) => c.status !== "removed").map((c) => c.stack);
}

export interface ReportOptions {
  /** How the base was named on the command line, and the commit it resolved to. */
  baseRef: string;
  baseCommit: string;
  /** Said at the top when the base could not be rendered (it predates the synth command, or its synth failed). */
  baseNote?: string;
  /** The base's own synth output when it failed, shown under the note. */
  baseOutput?: string;
  /** The files in ENVIRONMENT_PATHS that differ (environmentFiles): every stack is affected. */
  environmentFiles?: readonly string[];
  /** Longest diff shown per file; the rest is cut with a note. */
  maxDiffLines?: number;
  /** GitHub rejects comments over 65,536 characters: stay under this. */
  maxChars?: number;
}

export const DEFAULT_MAX_DIFF_LINES = 400;
export const DEFAULT_MAX_CHARS = 60_000;
/** Lines of a failed base's output shown: its first problems (or the error) are what explain it. */
export const BASE_OUTPUT_LINES = 40;

/** What main does after merge (Jenkinsfile: `rollout --mode up --env staging`, then `--env prod`, no stack list). */
export const MAIN_ROLLOUT =
  "After merge, main runs `pulumi up` on every stack, affected or not: every staging stack, then, after a manual approval, each prod stack in turn.";

export function renderReport(changes: readonly StackChange[], base: Render, head: Render, options: ReportOptions): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  // Shrink the per-file diffs until the whole report fits one comment.
  for (let maxLines = options.maxDiffLines ?? DEFAULT_MAX_DIFF_LINES; ; maxLines = Math.floor(maxLines / 2)) {
    const text = reportText(changes, base, head, options, maxLines);
    if (text.length <= maxChars) return text;
    if (maxLines < 10) {
      const note = "\n\n_Report cut here: it exceeds the size of one pull-request comment. Run `npm run affected` locally for all of it._\n";
      return text.slice(0, maxChars - note.length) + note;
    }
  }
}

function reportText(changes: readonly StackChange[], base: Render, head: Render, options: ReportOptions, maxLines: number): string {
  const total = new Set([...base.keys(), ...head.keys()]).size;
  const out: string[] = ["## clusterkit: stacks affected by this change", ""];
  if (options.baseNote) out.push(`> **Note:** ${options.baseNote}`, "");
  if (options.baseOutput !== undefined) out.push(fenced("text", firstLines(options.baseOutput, BASE_OUTPUT_LINES)), "");
  const environment = options.environmentFiles ?? [];
  if (environment.length > 0) {
    out.push(
      `> **Every stack is affected:** this change touches ${environment.map((f) => `\`${f}\``).join(", ")}. ` +
        "Dependency versions, the Pulumi project, the TypeScript settings and the policies are not part of the rendered output, so every stack is previewed, even one whose rendered output is identical.",
      "",
    );
  }
  out.push(`Compared with \`${options.baseRef}\` (${options.baseCommit.slice(0, 12)}): ${changes.length} of ${total} stack(s) affected, in rollout order.`, "");
  if (changes.length === 0) {
    out.push(`No stack's rendered output changes, and none of ${ENVIRONMENT_PATHS.join(", ")} differs: the pull request previews no stack. ${MAIN_ROLLOUT}`, "");
    return out.join("\n");
  }
  out.push(`The pull request previews these stacks only. ${MAIN_ROLLOUT}`, "");
  out.push("| stack | change | rendered files that differ |", "| --- | --- | --- |");
  for (const c of changes) {
    const files = c.files.length > 0 ? c.files.map((f) => `${f.file} (${f.status})`).join(", ") : "none: rendered output identical";
    out.push(`| \`${c.stack}\` | ${c.status} | ${files} |`);
  }
  out.push("");
  if (changes.some((c) => c.status === "removed")) {
    out.push("Removed stacks are not destroyed by the pipeline: run `pulumi destroy -s <stack>` by hand once the cluster is drained.", "");
  }
  // An "environment" stack has no diff to show: the table row says why it is listed.
  for (const c of changes.filter((c) => c.files.length > 0)) {
    out.push(`### \`${c.stack}\` (${c.status})`, "");
    for (const { file } of c.files) {
      const diff = unifiedDiff(base.get(c.stack)?.[file] ?? "", head.get(c.stack)?.[file] ?? "", { from: `a/${c.stack}/${file}`, to: `b/${c.stack}/${file}` }, { maxLines });
      const block = fenced("diff", diff.text);
      const cut = diff.truncated ? [`_Diff truncated: ${maxLines} of ${diff.totalLines} lines shown. Run \`npm run synth\` on both revisions for the rest._`, ""] : [];
      if (file === "summary.md") out.push(`**${file}**`, "", block, "", ...cut);
      else out.push(`<details><summary>${file}: ${diff.totalLines} diff line(s)</summary>`, "", block, "", ...cut, "</details>", "");
    }
  }
  return out.join("\n");
}

/** The first `max` lines of `text`, then how many were left out. */
function firstLines(text: string, max: number): string {
  const lines = text.trimEnd().split("\n");
  return lines.length <= max ? lines.join("\n") : [...lines.slice(0, max), `[... ${lines.length - max} more line(s)]`].join("\n");
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
export function fenced(lang: string, text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}
