// Every broken stack in the table gets its exact message (file, path, what would be valid), a non-zero
// exit and no stack trace, from `npm run check`, from `npm run synth` and from the Pulumi program itself
// (which must stop before registering a single resource).
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { checkRepo } from "../cli/check";
import { formatProblem } from "../config/problems";
import { readStackSource } from "../config/stack";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { runProgram } from "../program";
import { mockState } from "../synth/mock-state";
import { runUnderMocks, synthMocks } from "../synth/recorder";
import { PROJECT } from "../synth/synth";
import { BAD_INPUTS } from "./bad-inputs";
import { fixtureRepo, ROOT } from "./helpers/repo";
import { runCommand, STACK_TRACE_LINE } from "./helpers/run";

let repo: string;

beforeAll(() => {
  const files: Record<string, string> = {};
  for (const c of BAD_INPUTS) Object.assign(files, c.files ?? {}, { [`stacks/Pulumi.${c.stack}.yaml`]: c.yaml });
  repo = fixtureRepo(files);
});

describe("the bad-input table", () => {
  it("covers at least 15 distinct mistakes", () => {
    expect(new Set(BAD_INPUTS.map((c) => c.stack)).size).toBe(BAD_INPUTS.length);
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of BAD_INPUTS) {
    it(`${c.stack}: ${c.what}`, () => {
      expect(c.expected.length).toBeGreaterThan(0);
      const { problems } = checkRepo(repo, [c.stack]);
      expect(problems.map(formatProblem)).toEqual(c.expected);
    });
  }
});

describe("commands on bad input", () => {
  it("npm run check prints every problem, exits 1, and shows no stack trace", () => {
    const run = runCommand("cli/check.ts", ["--root", repo]);
    expect(run.status).toBe(1);
    for (const c of BAD_INPUTS) for (const line of c.expected) expect(run.stderr).toContain(line);
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(run.stderr).not.toContain("internal error");
  });

  it("npm run synth refuses every one, writes nothing, and shows no stack trace", () => {
    const out = join(mkdtempSync(join(tmpdir(), "clusterkit-out-")), "out");
    const run = runCommand("cli/synth.ts", ["--root", repo, "--out", out]);
    expect(run.status).toBe(1);
    for (const c of BAD_INPUTS) for (const line of c.expected) expect(run.stderr).toContain(line);
    expect(run.stderr).toContain("nothing written");
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(run.stderr).not.toContain("internal error");
    expect(existsSync(out)).toBe(false);
  });

  it("names an unknown stack with the known ones, exit 2", () => {
    const run = runCommand("cli/check.ts", ["--stack", "prod-eu-west-9"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no stack file stacks/Pulumi.prod-eu-west-9.yaml (stacks: prod-eu-west-1, prod-eu-west-3, staging-eu-west-1)");
  });
});

describe("the Pulumi program on bad input", () => {
  /** Counts what the program registers: it must stop before the first resource. */
  class CountingMonitor extends MockMonitor {
    registered = 0;
    async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
      this.registered++;
      return super.registerResource(req, callback);
    }
  }

  for (const c of BAD_INPUTS) {
    it(`${c.stack}: stops before registering anything, with the same messages`, async () => {
      const read = readStackSource(repo, c.stack);
      if (!read.ok) {
        // Not YAML (or not a stack file): the Pulumi CLI reads it itself and the program never runs.
        expect(read.problems.map(formatProblem)).toEqual(c.expected);
        return;
      }
      const config: Record<string, string> = { "clusterkit:cluster": JSON.stringify(read.source.cluster) };
      if (typeof read.source.region === "string") config["aws:region"] = read.source.region;
      const monitor = new CountingMonitor(synthMocks(mockState(String(read.source.region))));
      let error: unknown;
      try {
        await runUnderMocks(monitor, () => runProgram(repo), { project: PROJECT, stack: c.stack, config });
      } catch (e) {
        error = e;
      }
      expect(pulumi.RunError.isInstance(error)).toBe(true);
      for (const line of c.expected) expect((error as Error).message).toContain(line);
      expect(monitor.registered).toBe(0);
    });
  }

  it("the counting monitor counts: a valid stack registers its resources through it", async () => {
    const read = readStackSource(ROOT, "staging-eu-west-1");
    if (!read.ok) throw new Error("example stack unreadable");
    const monitor = new CountingMonitor(synthMocks(mockState(String(read.source.region))));
    const config = { "clusterkit:cluster": JSON.stringify(read.source.cluster), "aws:region": String(read.source.region) };
    await runUnderMocks(monitor, () => runProgram(ROOT), { project: PROJECT, stack: "staging-eu-west-1", config });
    expect(monitor.registered).toBeGreaterThan(100);
  });
});
