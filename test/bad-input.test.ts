// Every broken stack in the table gets its exact message (file, path, what would be valid), a non-zero
// exit and no stack trace, from `npm run check`, from `npm run synth` and from the Pulumi program itself.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { checkRepo } from "../cli/check";
import { formatProblem } from "../config/problems";
import { readStackSource } from "../config/stack";
import { recordStack } from "../synth/synth";
import { BAD_INPUTS } from "./bad-inputs";
import { fixtureRepo } from "./helpers/repo";
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

  it("npm run synth refuses, writes nothing, and shows no stack trace", () => {
    const out = join(mkdtempSync(join(tmpdir(), "clusterkit-out-")), "out");
    const run = runCommand("cli/synth.ts", ["--root", repo, "--out", out, "--stack", "bad-min-max", "--stack", "bad-one-az"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("stacks/Pulumi.bad-min-max.yaml: cluster.appGroups.workers.minSize: is 20, above maxSize 10");
    expect(run.stderr).toContain("stacks/Pulumi.bad-one-az.yaml: cluster.network.availabilityZones: needs at least 2");
    expect(run.stderr).toContain("nothing written");
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(existsSync(out)).toBe(false);
  });

  it("names an unknown stack with the known ones, exit 2", () => {
    const run = runCommand("cli/check.ts", ["--stack", "prod-eu-west-9"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no stack file stacks/Pulumi.prod-eu-west-9.yaml (stacks: prod-eu-west-1, prod-eu-west-3, staging-eu-west-1)");
  });
});

describe("the Pulumi program on bad input", () => {
  it("stops before registering anything, with the same messages", async () => {
    const read = readStackSource(repo, "bad-min-max");
    if (!read.ok) throw new Error("fixture unreadable");
    let resources: unknown[] | undefined;
    let error: unknown;
    try {
      resources = await recordStack(repo, read.source);
    } catch (e) {
      error = e;
    }
    expect(resources).toBeUndefined();
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("stacks/Pulumi.bad-min-max.yaml: cluster.appGroups.workers.minSize: is 20, above maxSize 10");
  });
});
