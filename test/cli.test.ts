// The command contracts scripts and reviewers depend on: stacks in rollout order, check fast and
// without the Pulumi SDK.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fleet } from "../cli/bench";
import { writeSynthesized } from "../cli/synth";
import type { Synthesized } from "../synth/synth";
import { loadSnippets } from "../config/snippets";
import { resolveCluster } from "../config/stack";
import { ROOT } from "./helpers/repo";
import { runCommand } from "./helpers/run";

describe("npm run stacks", () => {
  it("lists every staging stack before any prod stack, then by rolloutOrder", () => {
    const run = runCommand("cli/stacks.ts", []);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("staging-eu-west-1\nprod-eu-west-1\nprod-eu-west-3\n");
  });

  it("filters by environment", () => {
    expect(runCommand("cli/stacks.ts", ["--env", "prod"]).stdout).toBe("prod-eu-west-1\nprod-eu-west-3\n");
    expect(runCommand("cli/stacks.ts", ["--env", "staging"]).stdout).toBe("staging-eu-west-1\n");
  });

  it("rejects an unknown environment with usage, exit 2", () => {
    const run = runCommand("cli/stacks.ts", ["--env", "qa"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--env must be staging or prod, not "qa"');
  });
});

describe("npm run check", () => {
  it("validates the example stacks", () => {
    const run = runCommand("cli/check.ts", []);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("ok: 3 stack(s) valid: prod-eu-west-1, prod-eu-west-3, staging-eu-west-1\n");
  });

  it("never loads the Pulumi SDK and finishes well under 2 s", () => {
    // Import the check path in a fresh process and list every loaded module.
    const probe = [
      'const { checkRepo } = require("./cli/check");',
      "const t0 = process.hrtime.bigint();",
      `const r = checkRepo(${JSON.stringify(ROOT)}, []);`,
      "const ms = Number(process.hrtime.bigint() - t0) / 1e6;",
      "const pulumi = Object.keys(require.cache).filter((m) => m.includes('@pulumi'));",
      "console.log(JSON.stringify({ ms, problems: r.problems.length, pulumi }));",
    ].join("\n");
    const t0 = Date.now();
    const run = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), ["-e", probe], { cwd: ROOT, encoding: "utf8" });
    const wall = Date.now() - t0;
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split("\n").pop()!);
    expect(result.problems).toBe(0);
    expect(result.pulumi).toEqual([]);
    expect(result.ms).toBeLessThan(500);
    expect(wall).toBeLessThan(2000);
  });

  it("rejects an unknown flag with usage, exit 2", () => {
    const run = runCommand("cli/check.ts", ["--stacks", "x"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown argument "--stacks"');
  });
});

describe("a repository without stacks", () => {
  it("is a usage error for check, synth and stacks alike, not an empty success", () => {
    const empty = mkdtempSync(join(tmpdir(), "clusterkit-empty-"));
    for (const script of ["cli/check.ts", "cli/synth.ts", "cli/stacks.ts"]) {
      const run = runCommand(script, ["--root", empty]);
      expect(run.status, script).toBe(2);
      expect(run.stderr, script).toContain(`no stack files in ${join(empty, "stacks")} (expected stacks/Pulumi.<stack>.yaml): is --root the repository?`);
    }
  });
});

describe("npm run bench", () => {
  it("refuses a --max-ratio that is not a positive number instead of ignoring it", () => {
    const run = runCommand("cli/bench.ts", ["--max-ratio", "abc"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--max-ratio must be a number above 0, like 1.5");
  });

  it("generates a 12-cluster fleet that the config layer accepts", () => {
    const library = loadSnippets(ROOT);
    const stacks = fleet();
    expect(stacks).toHaveLength(12);
    for (const s of stacks) expect(resolveCluster(s, library), s.stack).toMatchObject({ ok: true });
  });

  it("measures every stack against both floors and enforces --max-ratio against the SDK floor", () => {
    const run = runCommand("cli/bench.ts", ["--rounds", "1", "--max-ratio", "1.5"]);
    const table = run.stdout.trim().split("\n");
    expect(table[1].split(/\s+/)).toEqual(["stack", "resources", "ms", "synth", "floor", "x", "floor", "inputs", "inputs", "x", "floor", "x", "inputs"]);
    expect(table.slice(2).map((line) => line.slice(0, 24).trim())).toEqual([
      "prod-eu-west-1",
      "prod-eu-west-3",
      "staging-eu-west-1",
      ...fleet().map((s) => s.stack),
      "total (15 stacks)",
    ]);
    const total = table[table.length - 1].slice(24).trim().split(/\s+/).map(Number);
    const [resources, ms, synth, floor, xFloor, inputs, inputsXFloor, xInputs] = total;
    expect(resources).toBeGreaterThan(2000);
    for (const n of [ms, synth, floor, xFloor, inputs, inputsXFloor, xInputs]) expect(n).toBeGreaterThan(0);
    expect(synth).toBeCloseTo(ms / resources, 2);
    // The exit code follows the printed ratio, whichever side of the bar this machine lands on.
    if (xFloor > 1.5) {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^bench: synth is \d+\.\d\dx the SDK floor per resource, above --max-ratio 1\.5 \(registering the same inputs with no program at all is \d+\.\d\dx\)\n$/);
    } else {
      expect(run.status, run.stderr).toBe(0);
    }
  });
});

describe("npm run synth output", () => {
  const result = (stack: string, files: Record<string, string>) => ({ stack, resources: [], files }) as unknown as Synthesized;

  it("writes every stack or none: a failure leaves the previous output as it was, and no temporary directory", () => {
    const out = mkdtempSync(join(tmpdir(), "clusterkit-out-"));
    writeSynthesized(out, [result("a", { "resources.json": "old a\n" }), result("b", { "resources.json": "old b\n" })]);
    // The second stack's write fails (a NUL byte is never a valid file name), after the first was staged.
    expect(() => writeSynthesized(out, [result("a", { "resources.json": "new a\n" }), result("b", { "bad\0name": "x" })])).toThrow();
    expect(readFileSync(join(out, "a", "resources.json"), "utf8")).toBe("old a\n");
    expect(readFileSync(join(out, "b", "resources.json"), "utf8")).toBe("old b\n");
    expect(readdirSync(out).sort()).toEqual(["a", "b"]);
    writeSynthesized(out, [result("a", { "resources.json": "new a\n" })]);
    expect(readFileSync(join(out, "a", "resources.json"), "utf8")).toBe("new a\n");
  });

  it("turns an unwritable --out into one line and exit 1, not a stack trace", () => {
    const file = join(mkdtempSync(join(tmpdir(), "clusterkit-out-")), "a-file");
    writeFileSync(file, "");
    const run = runCommand("cli/synth.ts", ["--stack", "staging-eu-west-1", "--out", join(file, "out")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`synth: cannot write ${join(file, "out")}: a path on the way is a file, not a directory (ENOTDIR); previous output left as it was\n`);
  });
});
