// npm run rollout -- --mode preview|up [--env staging|prod] [--stack NAME]... [--stacks-file FILE] [--report FILE]
// Runs `pulumi preview` or `pulumi up` (then a health check of the cluster) over the stacks, staging
// wave first, then each prod stack alone, stopping at the first failure. Jenkins calls this; all
// the logic is in delivery/rollout.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { formatProblem } from "../config/problems";
import { loadSnippets } from "../config/snippets";
import { listStacks, loadStack, stackFile, type Cluster } from "../config/stack";
import { spawnRunner } from "../delivery/process";
import { commandLine, planWaves, renderRolloutReport, runRollout, summarize, type Mode } from "../delivery/rollout";
import { parseArgs, runMain, UsageError } from "./args";
import { ENVIRONMENT_ORDER, rolloutOrder } from "./stacks";

const USAGE =
  "usage: npm run rollout -- --mode preview|up [--env staging|prod] [--stack NAME]... [--stacks-file FILE] [--report FILE] [--root DIR]\n" +
  "  --stacks-file: stack names one per line (e.g. the output of `npm run -s affected`); an empty file means nothing to do.\n" +
  "  env PULUMI_SECRETS_PROVIDER: secrets provider for stacks created on first rollout (e.g. awskms://alias/clusterkit-pulumi?region=eu-west-1).";

const MODES: readonly Mode[] = ["preview", "up"];

/** The named stacks: --stack flags plus --stacks-file lines; undefined when neither was given (all stacks). */
function namedStacks(stacks: readonly string[], file: string | undefined): string[] | undefined {
  if (file === undefined) return stacks.length > 0 ? [...stacks] : undefined;
  const fromFile = readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return [...new Set([...stacks, ...fromFile])];
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["mode", "env", "stacks-file", "report", "root"], USAGE);
    const mode = args.flags.get("mode");
    if (mode === undefined || !(MODES as readonly string[]).includes(mode)) throw new UsageError(`--mode must be preview or up${mode ? `, not "${mode}"` : ""}\n${USAGE}`);
    const env = args.flags.get("env");
    if (env !== undefined && !(ENVIRONMENT_ORDER as readonly string[]).includes(env)) throw new UsageError(`--env must be staging or prod, not "${env}"\n${USAGE}`);
    const root = resolve(args.flags.get("root") ?? process.cwd());
    const named = namedStacks(args.stacks, args.flags.get("stacks-file"));

    const all = listStacks(root);
    for (const name of named ?? []) if (!all.includes(name)) throw new UsageError(`no stack file ${stackFile(name)} (stacks: ${all.join(", ") || "none"})`);
    // Validate every stack before touching any: a broken stack file must not stop a rollout halfway.
    const library = loadSnippets(root);
    const clusters: Cluster[] = [];
    let invalid = false;
    for (const stack of named ?? all) {
      const result = loadStack(root, stack, library);
      if (result.ok) clusters.push(result.cluster);
      else {
        invalid = true;
        for (const p of result.problems) process.stderr.write(`${formatProblem(p)}\n`);
      }
    }
    if (invalid) {
      process.stderr.write("rollout: invalid stack configuration; nothing was run\n");
      return 1;
    }
    const selected = rolloutOrder(clusters).filter((c) => env === undefined || c.environment === env);
    if (named && env) {
      const outside = named.filter((n) => !selected.some((c) => c.stack === n));
      if (outside.length > 0) throw new UsageError(`not ${env} stacks: ${outside.join(", ")}`);
    }
    const waves = planWaves(selected);
    const report = args.flags.get("report");
    if (selected.length === 0) {
      process.stdout.write(`rollout ${mode}: no stacks selected; nothing to do\n`);
      if (report) writeFileSync(report, `## clusterkit: pulumi ${mode}\n\nNo stack affected: nothing to preview.\n`);
      return 0;
    }
    process.stdout.write(`rollout ${mode}: ${waves.map((w) => `[${w.name}: ${w.stacks.map((c) => c.stack).join(", ")}]`).join(" -> ")}\n`);

    const kubeconfigDir = mkdtempSync(join(tmpdir(), "clusterkit-kubeconfig-"));
    try {
      const result = await runRollout(
        waves,
        mode as Mode,
        { projectDir: root, kubeconfigDir, secretsProvider: process.env.PULUMI_SECRETS_PROVIDER || undefined },
        spawnRunner(),
        {
          stepStarted: (wave, step, at) => process.stdout.write(`\n==> [${wave}] ${step.stack} (${at.stack}/${at.stacks}): ${step.label}\n$ ${commandLine(step.command)}\n`),
        },
      );
      const summary = summarize(result);
      process.stdout.write(`\n${summary}`);
      if (report) writeFileSync(report, renderRolloutReport(result));
      return result.ok ? 0 : 1;
    } finally {
      // Kubeconfigs hold cluster endpoints and CA data: do not leave them on the agent.
      rmSync(kubeconfigDir, { recursive: true, force: true });
    }
  });
}
