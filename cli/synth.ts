// npm run synth -- [--stack NAME]... [--out DIR]: render every stack (or the named ones) offline into
// DIR/<stack>/{resources.json,manifests.yaml,summary.md}. Validates every stack first: when any is
// invalid, nothing is written and the exit code is 1.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
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

export function writeSynthesized(outDir: string, results: readonly Synthesized[]): void {
  for (const r of results) {
    const dir = join(outDir, r.stack);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(r.files)) writeFileSync(join(dir, file), content);
  }
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["out", "root"], USAGE);
    const root = resolve(args.flags.get("root") ?? process.cwd());
    const outDir = resolve(args.flags.get("out") ?? "out");
    const valid = validateStacks(root, args.stacks);
    if (!valid.ok) {
      for (const p of valid.problems) process.stderr.write(`${formatProblem(p)}\n`);
      process.stderr.write(`synth: ${valid.problems.length} problem(s); nothing written\n`);
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
    writeSynthesized(outDir, results);
    for (const r of results) process.stdout.write(`${r.stack}: ${r.resources.length} resources -> ${join(outDir, r.stack)}\n`);
    return 0;
  });
}
