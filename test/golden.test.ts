// Golden files: the committed synth output of every example stack. Reviewers read their diffs in pull
// requests; this test fails on any difference. `UPDATE_GOLDEN=1 npm test` rewrites them.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listStacks } from "../config/stack";
import type { Synthesized } from "../synth/synth";
import { ROOT } from "./helpers/repo";
import { synthesizeExamples } from "./helpers/synth";
import { runCommand } from "./helpers/run";

const GOLDEN = join(ROOT, "test", "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const FILES = ["resources.json", "manifests.yaml", "summary.md"] as const;

let first: Synthesized[];

beforeAll(async () => {
  first = await synthesizeExamples();
  if (UPDATE) {
    rmSync(GOLDEN, { recursive: true, force: true });
    for (const r of first) {
      mkdirSync(join(GOLDEN, r.stack), { recursive: true });
      for (const f of FILES) writeFileSync(join(GOLDEN, r.stack, f), r.files[f]);
    }
  }
});

describe("golden synth output", () => {
  it("has a golden folder for exactly the example stacks", () => {
    expect(readdirSync(GOLDEN).sort()).toEqual(listStacks(ROOT));
  });

  for (const stack of listStacks(ROOT)) {
    for (const f of FILES) {
      it(`${stack}/${f} matches the committed golden (UPDATE_GOLDEN=1 to accept a change)`, () => {
        const rendered = first.find((r) => r.stack === stack)!.files[f];
        expect(rendered).toBe(readFileSync(join(GOLDEN, stack, f), "utf8"));
      });
    }
  }

  it("renders byte-identical output on a second run in the same process", async () => {
    const second = await synthesizeExamples();
    for (const [i, r] of second.entries()) expect(r.files).toEqual(first[i].files);
  });

  it("`npm run synth` writes the same three files for every stack from a fresh process", () => {
    const out = join(mkdtempSync(join(tmpdir(), "clusterkit-synth-")), "out");
    const run = runCommand("cli/synth.ts", ["--out", out]);
    expect(run.status, run.stderr).toBe(0);
    for (const stack of listStacks(ROOT)) {
      expect(readdirSync(join(out, stack)).sort()).toEqual([...FILES].sort());
      for (const f of FILES) expect(readFileSync(join(out, stack, f), "utf8"), `${stack}/${f}`).toBe(readFileSync(join(GOLDEN, stack, f), "utf8"));
    }
  });

  it("`npm run synth -- --stack` renders only the named stack", () => {
    const out = join(mkdtempSync(join(tmpdir(), "clusterkit-synth-")), "out");
    const run = runCommand("cli/synth.ts", ["--stack", "prod-eu-west-3", "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(["prod-eu-west-3"]);
  });
});
