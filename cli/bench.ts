// npm run bench: how long synth takes per registered resource, next to two floors measured in the same
// run through the SDK's own MockMonitor, answering every registration with an empty state:
// - floor: a trivial program registering the same number of plain, empty resources (the issue's
//   SDK floor, and the ratio it asks about);
// - inputs: the same resources, same types and literal inputs, registered flat. No clusterkit code,
//   no typed classes, no outputs: the least any program that creates these resources can pay.
// "inputs x floor" is therefore the lowest synth/floor ratio any program could reach for this fleet.
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { resolve } from "node:path";
import { loadSnippets } from "../config/snippets";
import { resolveCluster, type StackSource } from "../config/stack";
import { runUnderMocks, type RecordedResource } from "../synth/recorder";
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

class Literal extends pulumi.CustomResource {
  constructor(type: string, name: string, inputs: Record<string, unknown>) {
    super(type, name, inputs);
  }
}

/** Time `program` under the SDK's own MockMonitor, every resource answered with an id and no state. */
async function bareMs(program: () => void): Promise<number> {
  const monitor = new MockMonitor({ newResource: (args) => ({ id: `${args.name}-id`, state: {} }), call: () => ({}) });
  const { ms } = await timeIt(() => runUnderMocks(monitor, program, { project: PROJECT, stack: "floor", config: {} }));
  return ms;
}

const floorMs = (count: number) =>
  bareMs(() => {
    for (let i = 0; i < count; i++) new Plain(`plain-${i}`);
  });

const inputsMs = (recorded: readonly RecordedResource[]) =>
  bareMs(() => {
    for (const r of recorded) new Literal(r.type, r.name, r.inputs);
  });

interface Row {
  stack: string;
  resources: number;
  ms: number;
  floor: number;
  inputs: number;
}

async function measure(root: string, sources: StackSource[], rounds: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const source of sources) {
    let best = Infinity;
    let bestFloor = Infinity;
    let bestInputs = Infinity;
    let resources = 0;
    for (let r = 0; r < rounds; r++) {
      const run = await timeIt(() => recordStack(root, source));
      resources = run.value.length;
      best = Math.min(best, run.ms);
      bestFloor = Math.min(bestFloor, await floorMs(resources));
      bestInputs = Math.min(bestInputs, await inputsMs(run.value));
    }
    rows.push({ stack: source.stack, resources, ms: best, floor: bestFloor, inputs: bestInputs });
  }
  return rows;
}

const COLUMNS: [string, number, (r: Row) => string][] = [
  ["stack", -24, (r) => r.stack],
  ["resources", 9, (r) => String(r.resources)],
  ["ms", 7, (r) => r.ms.toFixed(0)],
  ["synth", 8, (r) => (r.ms / r.resources).toFixed(3)],
  ["floor", 8, (r) => (r.floor / r.resources).toFixed(3)],
  ["x floor", 8, (r) => (r.ms / r.floor).toFixed(2)],
  ["inputs", 8, (r) => (r.inputs / r.resources).toFixed(3)],
  ["inputs x floor", 15, (r) => (r.inputs / r.floor).toFixed(2)],
  ["x inputs", 9, (r) => (r.ms / r.inputs).toFixed(2)],
];

function renderTable(rows: readonly Row[], total: Row, rounds: number): string {
  const cell = (text: string, width: number) => (width < 0 ? text.padEnd(-width) : text.padStart(width));
  const line = (cells: string[]) => `${cells.map((c, i) => cell(c, COLUMNS[i][1])).join(" ")}\n`;
  return [
    `best of ${rounds} round(s) per stack; synth, floor and inputs in ms per registered resource\n`,
    line(COLUMNS.map(([title]) => title)),
    ...[...rows, total].map((r) => line(COLUMNS.map(([, , value]) => value(r)))),
  ].join("");
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["rounds", "max-ratio"], USAGE);
    const rounds = Number(args.flags.get("rounds") ?? "3");
    const maxRatio = args.flags.has("max-ratio") ? Number(args.flags.get("max-ratio")) : undefined;
    if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds must be a whole number >= 1\n${USAGE}`);
    if (maxRatio !== undefined && !(maxRatio > 0)) throw new UsageError(`--max-ratio must be a number above 0, like 1.5\n${USAGE}`);
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
      (acc, r) => ({ ...acc, resources: acc.resources + r.resources, ms: acc.ms + r.ms, floor: acc.floor + r.floor, inputs: acc.inputs + r.inputs }),
      { stack: `total (${rows.length} stacks)`, resources: 0, ms: 0, floor: 0, inputs: 0 },
    );
    process.stdout.write(renderTable(rows, total, rounds));
    const ratio = total.ms / total.floor;
    if (maxRatio !== undefined && ratio > maxRatio) {
      process.stderr.write(
        `bench: synth is ${ratio.toFixed(2)}x the SDK floor per resource, above --max-ratio ${maxRatio}` +
          ` (registering the same inputs with no program at all is ${(total.inputs / total.floor).toFixed(2)}x)\n`,
      );
      return 1;
    }
    return 0;
  });
}
