// npm run affected -- --base <git-ref> [--report FILE]: the stacks whose rendered output differs between
// <git-ref> and the working tree, one per line in rollout order, and a markdown report for the pull
// request. The base is rendered by its OWN code (a detached git worktree running its own synth), so a
// change to a component, a snippet or a values file shows up exactly where it changes the output. A
// change the output cannot show (delivery/affected.ts ENVIRONMENT_PATHS: dependencies, Pulumi.yaml,
// tsconfig.json, policies) affects every stack.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { formatProblem } from "../config/problems";
import {
  compareRenders,
  ENVIRONMENT_PATHS,
  environmentFiles,
  inRolloutOrder,
  renderReport,
  RENDERED_FILES,
  stacksToRoll,
  withEnvironmentChange,
  type Render,
  type StackFiles,
} from "../delivery/affected";
import { spawnRunner } from "../delivery/process";
import { parseArgs, runMain, UsageError } from "./args";
import { rolloutOrder } from "./stacks";
import { synthesizeAll, validateStacks } from "./synth";

const USAGE = "usage: npm run affected -- --base <git-ref> [--report FILE] [--root DIR]";
const SYNTH_ENTRY = "cli/synth.ts";

function git(root: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return { ok: r.status === 0, out: (r.stdout ?? "").trim(), err: (r.stderr ?? "").trim() || (r.error?.message ?? "") };
}

function readRender(outDir: string): Map<string, StackFiles> {
  const render = new Map<string, StackFiles>();
  if (!existsSync(outDir)) return render;
  for (const stack of readdirSync(outDir).sort()) {
    const files: StackFiles = {};
    for (const file of RENDERED_FILES) {
      const path = join(outDir, stack, file);
      if (existsSync(path)) files[file] = readFileSync(path, "utf8");
    }
    render.set(stack, files);
  }
  return render;
}

/** The files in ENVIRONMENT_PATHS that differ between `commit` and the working tree, untracked ones included. */
function changedEnvironment(root: string, commit: string): string[] {
  const paths = ["--", ...ENVIRONMENT_PATHS];
  const tracked = git(root, ["diff", "--relative", "--name-only", commit, ...paths]);
  const untracked = git(root, ["ls-files", "--others", "--exclude-standard", ...paths]);
  for (const r of [tracked, untracked]) if (!r.ok) throw new Error(`git could not list the files changed since ${commit}: ${r.err}`);
  return environmentFiles([...tracked.out.split("\n"), ...untracked.out.split("\n")].filter((f) => f !== ""));
}

type BaseRender = { ok: true; render: Map<string, StackFiles> } | { ok: false; code: number; output: string };

/** What the comparison starts from: the base's render, or nothing, with a note (and its synth's output) saying why. */
function baseOutcome(baseName: string, rendered: BaseRender | undefined): { base: Render; baseNote?: string; baseOutput?: string } {
  if (rendered === undefined) return { base: new Map(), baseNote: `${baseName} predates ${SYNTH_ENTRY}, so it cannot be rendered: every stack is reported as added.` };
  if (rendered.ok) return { base: rendered.render };
  return {
    base: new Map(),
    baseNote:
      `${baseName} failed to render with its own code and this tree's node_modules (its synth exited ${rendered.code}), so nothing could be compared: ` +
      "every stack is reported as added, and a stack this change removes is not listed. Its synth said:",
    baseOutput: rendered.output,
  };
}

/** Render `commit` with its own synth in a throwaway worktree that shares our node_modules. */
async function renderBase(root: string, commit: string): Promise<BaseRender> {
  const dir = mkdtempSync(join(tmpdir(), "clusterkit-affected-"));
  const tree = join(dir, "base");
  const out = join(dir, "out");
  let added = false;
  try {
    const add = git(root, ["worktree", "add", "--detach", tree, commit]);
    if (!add.ok) throw new Error(`git worktree add failed: ${add.err}`);
    added = true;
    symlinkSync(join(root, "node_modules"), join(tree, "node_modules"), "dir");
    // tsx's CLI run by this node: no npx lookup, no shell, the same tsx the working tree uses.
    const tsx = require.resolve("tsx/cli", { paths: [root] });
    const result = await spawnRunner(null)(process.execPath, [tsx, SYNTH_ENTRY, "--out", out], { cwd: tree });
    return result.code === 0 ? { ok: true, render: readRender(out) } : { ok: false, code: result.code, output: result.output };
  } finally {
    if (added) {
      try {
        unlinkSync(join(tree, "node_modules"));
      } catch {
        // already gone
      }
      git(root, ["worktree", "remove", "--force", tree]);
    }
    rmSync(dir, { recursive: true, force: true });
    git(root, ["worktree", "prune"]);
  }
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["base", "report", "root"], USAGE);
    const baseRef = args.flags.get("base");
    if (baseRef === undefined) throw new UsageError(`--base is required\n${USAGE}`);
    if (args.stacks.length > 0) throw new UsageError(`affected compares every stack; --stack is not supported\n${USAGE}`);
    const root = resolve(args.flags.get("root") ?? process.cwd());
    const rev = git(root, ["rev-parse", "--verify", "--quiet", `${baseRef}^{commit}`]);
    if (!rev.ok) throw new UsageError(`--base ${baseRef}: not a commit in ${root}${rev.err ? ` (${rev.err})` : ""}`);
    const baseCommit = rev.out;

    const valid = validateStacks(root, []);
    if (!valid.ok) {
      for (const p of valid.problems) process.stderr.write(`${formatProblem(p)}\n`);
      process.stderr.write(`affected: ${valid.problems.length} problem(s) in the working tree's stacks\n`);
      return 1;
    }

    // A base that cannot be rendered (from before the synth command, or whose own synth fails, e.g. a
    // broken main this change repairs) compares as empty: every stack counts as added, and the command
    // still succeeds, so the pull request gets its previews.
    const hasSynth = git(root, ["cat-file", "-e", `${baseCommit}:${SYNTH_ENTRY}`]).ok;
    const baseName = `the base ${baseRef} (${baseCommit.slice(0, 12)})`;
    // The base renders in a child process while the working tree renders here.
    const [rendered, headResults] = await Promise.all([hasSynth ? renderBase(root, baseCommit) : Promise.resolve(undefined), synthesizeAll(root, valid.stacks)]);
    const head: Render = new Map(headResults.map((r) => [r.stack, r.files]));
    const { base, baseNote, baseOutput } = baseOutcome(baseName, rendered);
    if (baseNote) process.stderr.write(`affected: ${baseNote}\n${baseOutput === undefined ? "" : `${baseOutput.trimEnd()}\n`}`);

    const environment = changedEnvironment(root, baseCommit);
    if (environment.length > 0) {
      process.stderr.write(`affected: every stack is affected: ${environment.join(", ")} changed since ${baseRef}, and the rendered output does not show dependencies or the program's environment\n`);
    }

    const order = rolloutOrder(valid.stacks.map((s) => s.cluster)).map((c) => c.stack);
    const compared = compareRenders(base, head);
    const changes = inRolloutOrder(environment.length > 0 ? withEnvironmentChange(compared, head.keys()) : compared, order);
    for (const stack of stacksToRoll(changes)) process.stdout.write(`${stack}\n`);
    for (const c of changes.filter((c) => c.status === "removed")) process.stderr.write(`affected: stack ${c.stack} was removed (not rolled out; destroy it by hand)\n`);
    process.stderr.write(`affected: ${changes.length} of ${new Set([...base.keys(), ...head.keys()]).size} stack(s) affected compared with ${baseRef}\n`);

    const report = args.flags.get("report");
    if (report) writeFileSync(report, renderReport(changes, base, head, { baseRef, baseCommit, baseNote, baseOutput, environmentFiles: environment }));
    return 0;
  });
}
