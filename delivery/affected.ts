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
export interface StackChange {
  stack: string;
  status: ChangeStatus;
  /** The rendered files that differ, in RENDERED_FILES order. */
  files: { file: RenderedFile; status: ChangeStatus }[];
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
  /** Said at the top when the base could not be rendered (e.g. it predates the synth command). */
  baseNote?: string;
  /** Longest diff shown per file; the rest is cut with a note. */
  maxDiffLines?: number;
  /** GitHub rejects comments over 65,536 characters: stay under this. */
  maxChars?: number;
}

export const DEFAULT_MAX_DIFF_LINES = 400;
export const DEFAULT_MAX_CHARS = 60_000;

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
  out.push(`Compared with \`${options.baseRef}\` (${options.baseCommit.slice(0, 12)}): ${changes.length} of ${total} stack(s) affected, in rollout order.`, "");
  if (changes.length === 0) {
    out.push("No stack's rendered output changes: nothing to preview or deploy.", "");
    return out.join("\n");
  }
  out.push("| stack | change | rendered files that differ |", "| --- | --- | --- |");
  for (const c of changes) out.push(`| \`${c.stack}\` | ${c.status} | ${c.files.map((f) => `${f.file} (${f.status})`).join(", ")} |`);
  out.push("");
  if (changes.some((c) => c.status === "removed")) {
    out.push("Removed stacks are not destroyed by the pipeline: run `pulumi destroy -s <stack>` by hand once the cluster is drained.", "");
  }
  for (const c of changes) {
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

/** A fenced code block whose fence is longer than any backtick run inside it. */
export function fenced(lang: string, text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}
