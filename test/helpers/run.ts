// Run one of the project's commands the way a user does (tsx from node_modules), capturing output.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./repo";

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCommand(script: string, args: string[], options: { cwd?: string } = {}): Run {
  const result = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, script), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A Node.js stack trace line: what a user must never see for their own mistake. */
export const STACK_TRACE_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
