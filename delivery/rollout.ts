// The rollout as data, then a loop that runs it: waves (every staging stack, then each prod stack on
// its own), steps per stack (select the Pulumi stack, preview or up, then verify the cluster), and a
// stop at the first failing step. Nothing after a failure starts, so prod never starts after staging
// failed. The command runner is injected: tests and the CLI differ only there.
import { kubeconfigCommand, verificationChecks, type Command } from "./verify";
import type { Runner } from "./process";

export type Mode = "preview" | "up";
export type Environment = "staging" | "prod";

/** What the rollout needs to know of a cluster (a subset of config/stack.ts's Cluster). */
export interface RolloutCluster {
  stack: string;
  name: string;
  region: string;
  environment: Environment;
}

export interface Wave {
  name: string;
  stacks: RolloutCluster[];
}

/**
 * Waves from clusters already in rollout order (cli/stacks.ts `rolloutOrder`): one wave with every
 * staging stack, then one wave per prod stack, so a bad change reaches one prod cluster at most.
 */
export function planWaves(ordered: readonly RolloutCluster[]): Wave[] {
  const staging = ordered.filter((c) => c.environment === "staging");
  const prod = ordered.filter((c) => c.environment === "prod");
  return [...(staging.length > 0 ? [{ name: "staging", stacks: staging }] : []), ...prod.map((c) => ({ name: `prod: ${c.stack}`, stacks: [c] }))];
}

export interface Step {
  stack: string;
  label: string;
  command: Command;
}

export interface StepContext {
  /** The Pulumi project (Pulumi.yaml, stacks/): every command runs there, so `pulumi` acts on it. */
  projectDir: string;
  /** Where per-cluster kubeconfig files go (a temp dir the CLI owns). */
  kubeconfigDir: string;
  /** For stacks the pipeline creates (a new stack file): e.g. awskms://alias/clusterkit-pulumi?region=eu-west-1. */
  secretsProvider?: string;
}

export function pulumiCommand(mode: Mode, stack: string): Command {
  // Preview is kept inside `up` (no --skip-preview): it is what the log shows right before changing a
  // cluster, and the stack's state may have moved since the pull request's preview.
  const verb = mode === "preview" ? ["preview", "--diff"] : ["up", "--yes", "--diff"];
  return { command: "pulumi", args: [...verb, "--non-interactive", "--color", "never", "--stack", stack] };
}

/** Idempotent: selects the stack, creating it (with the secrets provider) the first time a stack file appears. */
export function selectStackCommand(stack: string, secretsProvider: string | undefined): Command {
  return {
    command: "pulumi",
    args: ["stack", "select", "--create", "--non-interactive", ...(secretsProvider ? ["--secrets-provider", secretsProvider] : []), "--stack", stack],
  };
}

export function stackSteps(cluster: RolloutCluster, mode: Mode, context: StepContext): Step[] {
  const steps: Step[] = [
    { stack: cluster.stack, label: "pulumi stack select", command: selectStackCommand(cluster.stack, context.secretsProvider) },
    { stack: cluster.stack, label: `pulumi ${mode}`, command: pulumiCommand(mode, cluster.stack) },
  ];
  if (mode === "up") {
    const kubeconfig = `${context.kubeconfigDir}/${cluster.stack}.kubeconfig`;
    steps.push({ stack: cluster.stack, label: "kubeconfig", command: kubeconfigCommand(cluster, kubeconfig) });
    for (const check of verificationChecks(kubeconfig)) steps.push({ stack: cluster.stack, label: check.label, command: check.command });
  }
  return steps;
}

export interface StepResult {
  wave: string;
  step: Step;
  code: number;
  output: string;
}

export interface RolloutResult {
  mode: Mode;
  ok: boolean;
  /** Every step that ran, in order; the last one failed when !ok. */
  ran: StepResult[];
  /** Steps of the failing stack that did not run after its failure. */
  skipped: Step[];
  /** Stacks that were not started at all, by wave. */
  notStarted: { wave: string; stack: string }[];
}

export interface Reporter {
  stepStarted(wave: string, step: Step, index: { stack: number; stacks: number }): void;
}

export async function runRollout(waves: readonly Wave[], mode: Mode, context: StepContext, run: Runner, reporter?: Reporter): Promise<RolloutResult> {
  const ran: StepResult[] = [];
  const all = waves.flatMap((w) => w.stacks.map((c) => ({ wave: w.name, cluster: c })));
  for (let i = 0; i < all.length; i++) {
    const { wave, cluster } = all[i];
    const steps = stackSteps(cluster, mode, context);
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      reporter?.stepStarted(wave, step, { stack: i + 1, stacks: all.length });
      const { code, output } = await run(step.command.command, step.command.args, { cwd: context.projectDir });
      ran.push({ wave, step, code, output });
      if (code !== 0) {
        return { mode, ok: false, ran, skipped: steps.slice(s + 1), notStarted: all.slice(i + 1).map((x) => ({ wave: x.wave, stack: x.cluster.stack })) };
      }
    }
  }
  return { mode, ok: true, ran, skipped: [], notStarted: [] };
}

export function commandLine(command: Command): string {
  const quote = (a: string) => (/^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [command.command, ...command.args].map(quote).join(" ");
}

/** The closing summary: what ran, what failed, what did not start. Plain text for the Jenkins log. */
export function summarize(result: RolloutResult): string {
  const lines: string[] = [];
  const stacks = [...new Set(result.ran.map((r) => r.step.stack))];
  const failed = result.ok ? undefined : result.ran[result.ran.length - 1];
  lines.push(
    result.ok
      ? `rollout ${result.mode}: OK, ${stacks.length} stack(s): ${stacks.join(", ") || "none"}`
      : `rollout ${result.mode}: FAILED at ${failed!.step.stack} (${failed!.wave}): ${failed!.step.label} exited ${failed!.code}`,
  );
  const width = Math.max(0, ...result.ran.map((r) => r.step.stack.length));
  for (const r of result.ran) lines.push(`  ${r.code === 0 ? "ok    " : "FAILED"}  ${r.step.stack.padEnd(width)}  ${r.step.label}`);
  if (failed) {
    lines.push(`failed command: ${commandLine(failed.step.command)}`);
    const tail = failed.output.trimEnd().split("\n").slice(-15);
    if (tail.length > 0 && tail[0] !== "") lines.push("last output:", ...tail.map((l) => `  | ${l}`));
    if (result.skipped.length > 0) lines.push(`not run on ${failed.step.stack}: ${result.skipped.map((s) => s.label).join("; ")}`);
    if (result.notStarted.length > 0) {
      lines.push(`not started: ${result.notStarted.map((n) => n.stack).join(", ")}`);
      if (failed.wave === "staging" && result.notStarted.some((n) => n.wave !== "staging")) lines.push("prod was not touched: staging failed.");
    } else lines.push("not started: none");
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Markdown for the pull request: each stack's preview output, then the summary. The outputs share
 * `maxChars` (GitHub rejects comments over 65,536 characters), each capped to its share.
 */
export function renderRolloutReport(result: RolloutResult, maxChars = 60_000): string {
  const out: string[] = [`## clusterkit: pulumi ${result.mode}`, ""];
  const byStack = new Map<string, StepResult[]>();
  for (const r of result.ran) byStack.set(r.step.stack, [...(byStack.get(r.step.stack) ?? []), r]);
  const summaryChars = summarize(result).length + 200;
  const maxCharsPerStack = Math.max(1000, Math.floor((maxChars - summaryChars) / Math.max(1, byStack.size)) - 200);
  for (const [stack, results] of byStack) {
    const main = results.find((r) => r.step.label === `pulumi ${result.mode}`) ?? results[results.length - 1];
    const failed = results.find((r) => r.code !== 0);
    out.push(`### \`${stack}\`: ${failed ? `FAILED (${failed.step.label})` : "ok"}`, "");
    const shown = failed ?? main;
    let text = shown.output.trimEnd();
    // The end of a Pulumi run holds the resource summary and the errors: keep the tail when cutting.
    if (text.length > maxCharsPerStack) text = `[... ${text.length - maxCharsPerStack} characters cut ...]\n${text.slice(-maxCharsPerStack)}`;
    out.push("<details><summary>output</summary>", "", fence(text), "", "</details>", "");
  }
  out.push("### Summary", "", fence(summarize(result).trimEnd()), "");
  return out.join("\n");
}

function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(Math.max(3, longest + 1));
  return `${f}\n${text}\n${f}`;
}
