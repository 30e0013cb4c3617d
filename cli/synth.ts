// npm run synth -- [--stack NAME]... [--out DIR]: render every stack (or the named ones) offline into
// DIR/<stack>/{resources.json,manifests.yaml,summary.md}. Validates every stack first: when any is
// invalid, nothing is written and the exit code is 1.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatProblem, type Problem } from "../config/problems";
import { resolveStacks, type ValidStack } from "../config/stack";
import { formatViolation, runPolicies } from "../synth/policy";
import { synthesizeStack, type Synthesized } from "../synth/synth";
import { parseArgs, runMain, wantedStacks } from "./args";

const USAGE = "usage: npm run synth -- [--stack NAME]... [--out DIR] [--root DIR]";

/** Validate the named stacks (all when none): every stack's problems, or every stack's config. */
export function validateStacks(root: string, names: readonly string[]): { ok: true; stacks: ValidStack[] } | { ok: false; problems: Problem[] } {
  const { valid, problems } = resolveStacks(root, wantedStacks(root, names));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, stacks: valid };
}

export async function synthesizeAll(root: string, stacks: readonly ValidStack[]): Promise<Synthesized[]> {
  const out: Synthesized[] = [];
  // One at a time: the mock runtime is process-global.
  for (const s of stacks) out.push(await synthesizeStack(root, s.source, s.cluster));
  return out;
}

/** Every policy violation of every stack, one line each: stack, policy, resource, reason. */
export async function policyViolations(results: readonly Synthesized[]): Promise<string[]> {
  const lines: string[] = [];
  for (const r of results) for (const v of await runPolicies(r.resources)) lines.push(formatViolation(r.stack, v));
  return lines;
}

/**
 * Write every stack's files, or none: everything goes to a temporary directory inside `outDir` first,
 * then each stack's directory is swapped in by rename. A full disk leaves the old output untouched.
 */
export function writeSynthesized(outDir: string, results: readonly Synthesized[]): void {
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(join(outDir, ".synth-"));
  try {
    for (const r of results) {
      mkdirSync(join(staging, r.stack));
      for (const [file, content] of Object.entries(r.files)) writeFileSync(join(staging, r.stack, file), content);
    }
    for (const r of results) {
      rmSync(join(outDir, r.stack), { recursive: true, force: true });
      renameSync(join(staging, r.stack), join(outDir, r.stack));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A filesystem error on the output directory, as one line for the operator; other errors pass through. */
export function outputError(outDir: string, err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOSPC: "no space left on the device",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOTDIR: "a path on the way is a file, not a directory",
    EEXIST: "a file is in the way",
    EROFS: "the file system is read-only",
  };
  return e?.code && reasons[e.code] ? `synth: cannot write ${outDir}: ${reasons[e.code]} (${e.code}); previous output left as it was` : undefined;
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["out", "root"], USAGE);
    const root = resolve(args.flags.get("root") ?? process.cwd());
    const outDir = resolve(args.flags.get("out") ?? "out");
    const valid = validateStacks(root, args.stacks);
    if (!valid.ok) {
      // A problem in a shared file (a snippet, a values file) is found once per stack using it: print it once.
      const lines = [...new Set(valid.problems.map(formatProblem))];
      for (const line of lines) process.stderr.write(`${line}\n`);
      process.stderr.write(`synth: ${lines.length} problem(s); nothing written\n`);
      return 1;
    }
    const results = await synthesizeAll(root, valid.stacks);
    // The policy pack runs over every stack before anything is written: a violation fails the synth.
    const violations = await policyViolations(results);
    if (violations.length > 0) {
      for (const v of violations) process.stderr.write(`${v}\n`);
      process.stderr.write(`synth: ${violations.length} policy violation(s); nothing written\n`);
      return 1;
    }
    try {
      writeSynthesized(outDir, results);
    } catch (err) {
      const line = outputError(outDir, err);
      if (!line) throw err;
      process.stderr.write(`${line}\n`);
      return 1;
    }
    for (const r of results) process.stdout.write(`${r.stack}: ${r.resources.length} resources -> ${join(outDir, r.stack)}\n`);
    return 0;
  });
}
