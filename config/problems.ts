// A user mistake is a Problem: the file it is in, the path inside it and what would be valid.
// Problems are collected, never thrown one at a time, so one run reports everything wrong.

export type PathSegment = string | number;

export interface Problem {
  /** Repository-relative file, e.g. stacks/Pulumi.prod-eu-west-1.yaml. */
  file: string;
  /** Path inside the file's value, e.g. cluster.appGroups.api.spot[1]; empty for the whole file. */
  path: string;
  message: string;
  /** The stack a problem in a shared file (values, snippets) was found in, when only that stack has it. */
  stack?: string;
}

export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

export function formatProblem(p: Problem): string {
  const text = p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
  return p.stack ? `${text} (in stack ${p.stack})` : text;
}

/** Thrown when a stack cannot be used; carries every problem found. Never shows a stack trace. */
export class ConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ConfigError";
  }
}

/** "known: a, b, c" for messages, sorted so the message is stable. */
export function known(names: Iterable<string>): string {
  const list = [...names].sort();
  return list.length === 0 ? "none defined" : `known: ${list.join(", ")}`;
}
