// npm run bench: how long synth takes per registered resource, next to two floors measured in the same
// run through the same mocks: the SDK floor (a trivial program registering the same number of plain,
// empty resources) and the replay floor (the same resources with the same literal inputs, registered
// flat with no clusterkit logic). synth/floor is mostly the SDK serializing real inputs;
// synth/replay is what clusterkit itself adds (config, specs, Output plumbing, components).
import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { loadSnippets } from "../config/snippets";
import { resolveCluster, type StackSource } from "../config/stack";
import { record, type RecordedResource } from "../synth/recorder";
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
        network: {
          availabilityZones: [`${region}a`, `${region}b`, `${region}c`],
          vpcCidr: `10.${100 + i}.0.0/16`,
          transitGatewayId: `tgw-0${String(regions.indexOf(region)).padStart(16, "0")}`,
        },
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

/** The replay floor: the recorded resources re-registered flat, with their recorded inputs as literals. */
async function replayMs(recorded: RecordedResource[]): Promise<number> {
  const { ms } = await timeIt(() =>
    record(
      () => {
        for (const r of recorded) new Replayed(r.type, r.name, r.inputs);
      },
      { project: PROJECT, stack: "replay", config: {} },
    ),
  );
  return ms;
}

class Replayed extends pulumi.CustomResource {
  constructor(type: string, name: string, inputs: Record<string, unknown>) {
    super(type, name, inputs);
  }
}

interface Row {
  stack: string;
  resources: number;
  ms: number;
  floor: number;
  replay: number;
}

async function measure(root: string, sources: StackSource[], rounds: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const source of sources) {
    let best = Infinity;
    let bestFloor = Infinity;
    let bestReplay = Infinity;
    let resources = 0;
    for (let r = 0; r < rounds; r++) {
      const run = await timeIt(() => recordStack(root, source));
      resources = run.value.length;
      best = Math.min(best, run.ms);
      bestFloor = Math.min(bestFloor, await floorMs(resources));
      bestReplay = Math.min(bestReplay, await replayMs(run.value));
    }
    rows.push({ stack: source.stack, resources, ms: best, floor: bestFloor, replay: bestReplay });
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
    const total = rows.reduce(
      (acc, r) => ({ stack: acc.stack, resources: acc.resources + r.resources, ms: acc.ms + r.ms, floor: acc.floor + r.floor, replay: acc.replay + r.replay }),
      { stack: `total (${rows.length} stacks)`, resources: 0, ms: 0, floor: 0, replay: 0 },
    );
    const perRes = (ms: number, n: number) => (ms / n).toFixed(3).padStart(9);
    const line = (r: Row) =>
      `${r.stack.padEnd(24)} ${String(r.resources).padStart(9)} ${r.ms.toFixed(0).padStart(7)} ${perRes(r.ms, r.resources)} ${perRes(r.floor, r.resources)} ${(r.ms / r.floor).toFixed(2).padStart(8)} ${perRes(r.replay, r.resources)} ${(r.ms / r.replay).toFixed(2).padStart(9)}`;
    process.stdout.write(`best of ${rounds} round(s) per stack; ms per registered resource\n`);
    process.stdout.write(
      `${"stack".padEnd(24)} ${"resources".padStart(9)} ${"ms".padStart(7)} ${"synth".padStart(9)} ${"floor".padStart(9)} ${"x floor".padStart(8)} ${"replay".padStart(9)} ${"x replay".padStart(9)}\n`,
    );
    for (const r of rows) process.stdout.write(`${line(r)}\n`);
    process.stdout.write(`${line(total)}\n`);
    const ratio = total.ms / total.replay;
    if (maxRatio !== undefined && ratio > maxRatio) {
      process.stderr.write(`bench: synth is ${ratio.toFixed(2)}x the replay floor per resource, above --max-ratio ${maxRatio}\n`);
      return 1;
    }
    return 0;
  });
}
