// npm run bench: how long synth takes per registered resource, next to the SDK floor measured in the
// same run: a trivial program registering the same number of plain resources through the same mocks.
import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { loadSnippets } from "../config/snippets";
import { resolveCluster, type StackSource } from "../config/stack";
import { record } from "../synth/recorder";
import { PROJECT, recordStack } from "../synth/synth";
import { validateStacks } from "./synth";
import { parseArgs, runMain, UsageError } from "./args";

const USAGE = "usage: npm run bench -- [--rounds N] [--max-ratio R]";

/** Twelve clusters across three regions and both environments, like the seed's fleet. */
export function fleet(): StackSource[] {
  const regions = ["eu-west-1", "eu-west-3", "us-east-1"];
  return Array.from({ length: 12 }, (_, i) => {
    const region = regions[i % regions.length];
    const env = i < 4 ? "staging" : "prod";
    const stack = `fleet-${env}-${String(i + 1).padStart(2, "0")}`;
    return {
      stack,
      file: `(generated) ${stack}`,
      region,
      cluster: {
        extends: ["defaults", env],
        name: stack,
        rolloutOrder: i,
        network: { availabilityZones: [`${region}a`, `${region}b`, `${region}c`], vpcCidr: `10.${100 + i}.0.0/16` },
        ...(region === "eu-west-3" ? { appGroups: { workers: { spot: ["spot_4x_mixed", "spot_8x_mixed"] } } } : {}),
      },
    };
  });
}

async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

class Plain extends pulumi.CustomResource {
  constructor(name: string) {
    super("bench:index:Plain", name, {});
  }
}

/** The floor: `count` plain custom resources with no inputs, registered through the same recorder. */
async function floorMs(count: number): Promise<number> {
  const { ms } = await timeIt(() =>
    record(
      () => {
        for (let i = 0; i < count; i++) new Plain(`plain-${i}`);
      },
      { project: PROJECT, stack: "floor", config: {} },
    ),
  );
  return ms;
}

interface Row {
  stack: string;
  resources: number;
  ms: number;
  floor: number;
}

async function measure(root: string, sources: StackSource[], rounds: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const source of sources) {
    let best = Infinity;
    let bestFloor = Infinity;
    let resources = 0;
    for (let r = 0; r < rounds; r++) {
      const run = await timeIt(() => recordStack(root, source));
      resources = run.value.length;
      best = Math.min(best, run.ms);
      bestFloor = Math.min(bestFloor, await floorMs(resources));
    }
    rows.push({ stack: source.stack, resources, ms: best, floor: bestFloor });
  }
  return rows;
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["rounds", "max-ratio"], USAGE);
    const rounds = Number(args.flags.get("rounds") ?? "3");
    const maxRatio = args.flags.has("max-ratio") ? Number(args.flags.get("max-ratio")) : undefined;
    if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds must be a whole number >= 1\n${USAGE}`);
    const root = resolve(process.cwd());
    const valid = validateStacks(root, []);
    if (!valid.ok) throw new UsageError("the example stacks are invalid: run npm run check");
    const library = loadSnippets(root);
    const generated = fleet();
    for (const s of generated) {
      const r = resolveCluster(s, library);
      if (!r.ok) throw new Error(`generated fleet stack ${s.stack} is invalid: ${r.problems.map((p) => p.message).join("; ")}`);
    }
    // Warm up module loading and JIT so the first stack is not charged for them.
    await recordStack(root, valid.stacks[0].source);
    await floorMs(50);

    const rows = await measure(root, [...valid.stacks.map((s) => s.source), ...generated], rounds);
    const total = rows.reduce((acc, r) => ({ resources: acc.resources + r.resources, ms: acc.ms + r.ms, floor: acc.floor + r.floor }), { resources: 0, ms: 0, floor: 0 });
    const line = (name: string, resources: number, ms: number, floor: number) =>
      `${name.padEnd(24)} ${String(resources).padStart(9)} ${ms.toFixed(0).padStart(8)} ${(ms / resources).toFixed(3).padStart(8)} ${(floor / resources).toFixed(3).padStart(8)} ${(ms / floor).toFixed(2).padStart(6)}`;
    process.stdout.write(`best of ${rounds} round(s) per stack\n`);
    process.stdout.write(`${"stack".padEnd(24)} ${"resources".padStart(9)} ${"ms".padStart(8)} ${"ms/res".padStart(8)} ${"floor".padStart(8)} ${"ratio".padStart(6)}\n`);
    for (const r of rows) process.stdout.write(`${line(r.stack, r.resources, r.ms, r.floor)}\n`);
    process.stdout.write(`${line("total (15 stacks)", total.resources, total.ms, total.floor)}\n`);
    const ratio = total.ms / total.floor;
    if (maxRatio !== undefined && ratio > maxRatio) {
      process.stderr.write(`bench: synth is ${ratio.toFixed(2)}x the SDK floor per resource, above --max-ratio ${maxRatio}\n`);
      return 1;
    }
    return 0;
  });
}
