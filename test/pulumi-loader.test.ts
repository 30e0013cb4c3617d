// `pulumi up` compiles index.ts with its own vendored ts-node and default compiler options merged over
// tsconfig.json; a config that tsc and vitest accept can still fail there (TS5110 with module commonjs).
// This runs that exact loader, type-checking included, so the real program is proven to load.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { POLICIES } from "../policy/policies";
import { ROOT } from "./helpers/repo";
import { synthesizeExamples } from "./helpers/synth";

describe("the program under Pulumi's own TypeScript loader", () => {
  it("compiles, type-checks and registers the same resources synth records", async () => {
    const run = spawnSync(process.execPath, [join(ROOT, "test", "helpers", "pulumi-loader.cjs"), "prod-eu-west-1"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(run.stderr).not.toMatch(/TSError|Unable to compile/);
    expect(run.status, run.stderr).toBe(0);
    const [synth] = await synthesizeExamples(["prod-eu-west-1"]);
    expect(run.stdout.trim()).toBe(`registered ${synth.resources.length}`);
  });

  it("loads the policy pack's rules as `pulumi preview --policy-pack policy` does", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "test", "helpers", "pulumi-policy-loader.cjs")], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(run.stderr).not.toMatch(/TSError|Unable to compile/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(POLICIES.map((p) => p.name).join(","));
  });
});
