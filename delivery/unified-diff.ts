// A small unified diff (the `diff -u` / `git diff` text format) of two texts, for review comments.
// Myers' O((N+M)·D) algorithm on lines after trimming the common head and tail; past MAX_EDITS it
// falls back to "remove all, add all" for the differing middle, which is still a correct diff.
export type Op = { kind: " " | "-" | "+"; line: string };

/** Beyond this many edits the exact diff costs O(D²) memory; a reviewer cannot read it anyway. */
export const MAX_EDITS = 3000;

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The edit script turning `a` into `b`: every line of both, in order, tagged kept/removed/added. */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = MAX_EDITS): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle = myers(midA, midB, maxEdits) ?? [...midA.map((line) => ({ kind: "-" as const, line })), ...midB.map((line) => ({ kind: "+" as const, line }))];
  return [...a.slice(0, head).map((line) => ({ kind: " " as const, line })), ...middle, ...a.slice(a.length - tail).map((line) => ({ kind: " " as const, line }))];
}

function myers(a: readonly string[], b: readonly string[], maxEdits: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] keeps v[-d-1 .. d+1] as it was when round d started: all backtracking needs.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, maxEdits); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace);
    }
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], trace: readonly Int32Array[]): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const at = (k: number) => trace[d][k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[x - 1] });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "+", line: b[y - 1] });
      else ops.push({ kind: "-", line: a[x - 1] });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

export interface UnifiedDiff {
  /** The diff text, without headers when there is no difference ("" then). */
  text: string;
  /** Lines of the full diff (headers included), before any truncation. */
  totalLines: number;
  truncated: boolean;
}

/**
 * `diff -u` style text: `--- from` / `+++ to` headers, `@@ -l,s +l,s @@` hunks with `context` lines
 * around each change. With `maxLines`, the text stops after that many lines and `truncated` says so.
 */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { from: string; to: string },
  options: { context?: number; maxLines?: number } = {},
): UnifiedDiff {
  const context = options.context ?? 3;
  const ops = diffLines(splitLines(before), splitLines(after));
  const lines: string[] = [];
  // Walk the script keeping line numbers; group changes closer than 2×context into one hunk.
  const changed = ops.map((op, i) => (op.kind === " " ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return { text: "", totalLines: 0, truncated: false };
  lines.push(`--- ${labels.from}`, `+++ ${labels.to}`);
  const oldLineAt: number[] = [];
  const newLineAt: number[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const op of ops) {
    oldLineAt.push(oldLine);
    newLineAt.push(newLine);
    if (op.kind !== "+") oldLine++;
    if (op.kind !== "-") newLine++;
  }
  let i = 0;
  while (i < changed.length) {
    let j = i;
    while (j + 1 < changed.length && changed[j + 1] - changed[j] <= 2 * context) j++;
    const start = Math.max(0, changed[i] - context);
    const end = Math.min(ops.length, changed[j] + context + 1);
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((op) => op.kind !== "+").length;
    const newCount = slice.filter((op) => op.kind !== "-").length;
    lines.push(`@@ -${range(oldLineAt[start], oldCount)} +${range(newLineAt[start], newCount)} @@`);
    for (const op of slice) lines.push(`${op.kind}${op.line}`);
    i = j + 1;
  }
  const maxLines = options.maxLines ?? Infinity;
  const truncated = lines.length > maxLines;
  return { text: `${(truncated ? lines.slice(0, maxLines) : lines).join("\n")}\n`, totalLines: lines.length, truncated };
}

/** Hunk range: 1-based start and count; an empty side names the line before it, as diff does. */
function range(zeroBasedStart: number, count: number): string {
  if (count === 0) return `${zeroBasedStart},0`;
  return count === 1 ? `${zeroBasedStart + 1}` : `${zeroBasedStart + 1},${count}`;
}
