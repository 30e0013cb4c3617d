// `npm run affected`: the unified diff (checked by applying it with GNU patch), the comparison and the
// report, and the command run for real in a throwaway git copy of the project, where a snippet change
// must report exactly the stacks that use the snippet, a dependency change every stack, and a base that
// cannot render every stack, with its error.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  compareRenders,
  environmentFiles,
  fenced,
  inRolloutOrder,
  MAIN_ROLLOUT,
  renderReport,
  stacksToRoll,
  withEnvironmentChange,
  type StackFiles,
} from "../delivery/affected";
import { diffLines, splitLines, unifiedDiff } from "../delivery/unified-diff";
import { rolloutOrder } from "../cli/stacks";
import { ROOT } from "./helpers/repo";
import { exampleClusters } from "./helpers/stacks";

const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/** Apply `diff` to `before` with GNU patch: the real consumer of the format. */
function patched(before: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterkit-patch-"));
  writeFileSync(join(dir, "file"), before);
  writeFileSync(join(dir, "file.diff"), diff);
  const r = spawnSync("patch", ["--quiet", "--force", "file", "file.diff"], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`patch failed: ${r.stdout}${r.stderr}\n${diff}`);
  return readFileSync(join(dir, "file"), "utf8");
}

const text = (...lines: string[]) => lines.map((l) => `${l}\n`).join("");

describe("unifiedDiff", () => {
  // Deterministic pseudo-random edits, so the cases are many but reproducible.
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const base = Array.from({ length: 120 }, (_, i) => `line ${i}`);
  const cases: [string, string, string][] = [
    ["empty to content", "", text("a", "b")],
    ["content to empty", text("a", "b"), ""],
    ["change in the middle", text("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), text("a", "b", "c", "d", "X", "f", "g", "h", "i", "j")],
    ["insert at start and end", text("m", "n"), text("a", "m", "n", "z")],
    ["repeated lines", text("x", "x", "y", "x", "y"), text("y", "x", "x", "y", "y", "x")],
  ];
  for (let c = 0; c < 25; c++) {
    const after = [...base];
    for (let e = 0; e < 1 + rand(12); e++) {
      const at = rand(after.length + 1);
      const kind = rand(3);
      if (kind === 0) after.splice(at, 1);
      else if (kind === 1) after.splice(at, 0, `new ${c}.${e}`);
      else after[Math.min(at, after.length - 1)] = `changed ${c}.${e}`;
    }
    cases.push([`random edits #${c}`, text(...base), text(...after)]);
  }

  it.each(cases)("%s: GNU patch turns the old text into the new one", (_name, before, after) => {
    const d = unifiedDiff(before, after, { from: "a/file", to: "b/file" });
    expect(d.truncated).toBe(false);
    expect(patched(before, d.text)).toBe(after);
  });

  it("is minimal for a one-line change and names it with 3 lines of context", () => {
    const d = unifiedDiff(text("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), text("a", "b", "c", "d", "X", "f", "g", "h", "i", "j"), { from: "a/f", to: "b/f" });
    expect(d.text).toBe(["--- a/f", "+++ b/f", "@@ -2,7 +2,7 @@", " b", " c", " d", "-e", "+X", " f", " g", " h", ""].join("\n"));
  });

  it("is empty for equal texts and truncates long diffs, saying how long they were", () => {
    expect(unifiedDiff(text("a"), text("a"), { from: "x", to: "y" })).toEqual({ text: "", totalLines: 0, truncated: false });
    const d = unifiedDiff("", text(...Array.from({ length: 50 }, (_, i) => `${i}`)), { from: "x", to: "y" }, { maxLines: 10 });
    expect(d).toMatchObject({ truncated: true, totalLines: 53 });
    expect(splitLines(d.text)).toHaveLength(10);
  });

  it("falls back to remove-all/add-all past the edit budget, still a correct edit script", () => {
    const a = Array.from({ length: 40 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 40 }, (_, i) => (i % 2 ? `a${i}` : `b${i}`));
    const ops = diffLines(a, b, 5);
    expect(ops.filter((o) => o.kind !== "+").map((o) => o.line)).toEqual(a);
    expect(ops.filter((o) => o.kind !== "-").map((o) => o.line)).toEqual(b);
    // The exact diff of the same texts keeps the 20 shared lines.
    expect(diffLines(a, b).filter((o) => o.kind === " ")).toHaveLength(20);
  });
});

describe("compareRenders and the report", () => {
  const files = (summary: string, resources = "[]\n", manifests = ""): StackFiles => ({ "summary.md": summary, "resources.json": resources, "manifests.yaml": manifests });
  const base = new Map([
    ["same", files("# same\n")],
    ["changed", files("# changed\nold\n", "[1]\n")],
    ["gone", files("# gone\n")],
  ]);
  const head = new Map([
    ["same", files("# same\n")],
    ["changed", files("# changed\nnew\n", "[1]\n")],
    ["new", files("# new\n")],
  ]);

  it("classifies added, removed and changed stacks and names the files that differ", () => {
    expect(compareRenders(base, head)).toEqual([
      { stack: "changed", status: "changed", files: [{ file: "summary.md", status: "changed" }] },
      { stack: "gone", status: "removed", files: ["summary.md", "resources.json", "manifests.yaml"].map((file) => ({ file, status: "removed" })) },
      { stack: "new", status: "added", files: ["summary.md", "resources.json", "manifests.yaml"].map((file) => ({ file, status: "added" })) },
    ]);
  });

  it("orders by rollout, removed stacks last, and rolls out only stacks that still exist", () => {
    const ordered = inRolloutOrder(compareRenders(base, head), ["new", "same", "changed"]);
    expect(ordered.map((c) => c.stack)).toEqual(["new", "changed", "gone"]);
    expect(stacksToRoll(ordered)).toEqual(["new", "changed"]);
  });

  it("shows each diff, notes truncation and stays under the comment size limit", () => {
    const changes = compareRenders(base, head);
    const md = renderReport(changes, base, head, { baseRef: "origin/main", baseCommit: "0123456789abcdef" });
    expect(md).toContain("Compared with `origin/main` (0123456789ab): 3 of 4 stack(s) affected");
    expect(md).toContain("-old\n+new\n");
    expect(md).toContain("pulumi destroy -s <stack>");

    const big = new Map([["s", files(text(...Array.from({ length: 3000 }, (_, i) => `old ${i}`)))]]);
    const bigHead = new Map([["s", files(text(...Array.from({ length: 3000 }, (_, i) => `new ${i}`)))]]);
    const capped = renderReport(compareRenders(big, bigHead), big, bigHead, { baseRef: "b", baseCommit: "c", maxChars: 20_000 });
    expect(capped.length).toBeLessThanOrEqual(20_000);
    expect(capped).toMatch(/Diff truncated: \d+ of 6003 lines shown/);
  });

  it("says, when nothing is affected, that the pull request previews nothing and main still deploys every stack", () => {
    const same = new Map([["same", files("# same\n")]]);
    expect(renderReport([], same, same, { baseRef: "origin/main", baseCommit: "0123456789abcdef" })).toBe(
      [
        "## clusterkit: stacks affected by this change",
        "",
        "Compared with `origin/main` (0123456789ab): 0 of 1 stack(s) affected, in rollout order.",
        "",
        "No stack's rendered output changes, and none of package.json, package-lock.json, Pulumi.yaml, tsconfig.json, policy/ differs: " +
          "the pull request previews no stack. After merge, main runs `pulumi up` on every stack, affected or not: every staging stack, then, after a manual approval, each prod stack in turn.",
        "",
      ].join("\n"),
    );
  });

  it("puts a failed base's note and output (its first 40 lines) at the top", () => {
    const output = Array.from({ length: 45 }, (_, i) => `problem ${i + 1}`).join("\n") + "\n";
    const md = renderReport(compareRenders(new Map(), head), new Map(), head, { baseRef: "b", baseCommit: "c", baseNote: "the base failed. Its synth said:", baseOutput: output });
    expect(md.split("\n").slice(0, 48)).toEqual([
      "## clusterkit: stacks affected by this change",
      "",
      "> **Note:** the base failed. Its synth said:",
      "",
      "```text",
      ...Array.from({ length: 40 }, (_, i) => `problem ${i + 1}`),
      "[... 5 more line(s)]",
      "```",
      "",
    ]);
    expect(md).toContain("| `changed` | added |");
  });

  it("fences text that itself contains backtick fences", () => {
    expect(fenced("diff", "+```yaml\n")).toBe("````diff\n+```yaml\n````");
  });
});

describe("a change to dependencies or the program's environment", () => {
  const files = (summary: string): StackFiles => ({ "summary.md": summary, "resources.json": "[]\n", "manifests.yaml": "" });

  it("is any change to package.json, package-lock.json, Pulumi.yaml, tsconfig.json or a file under policy/, at the project root", () => {
    const changed = ["README.md", "tsconfig.json", "policy/index.ts", "components/x/package.json", "package.json", "Pulumi.staging.yaml", "package-lock.json", "tsconfig.base.json", "Pulumi.yaml", "policy/package.json", "package.json", "stacks/Pulumi.yaml"];
    expect(environmentFiles(changed)).toEqual(["Pulumi.yaml", "package-lock.json", "package.json", "policy/index.ts", "policy/package.json", "tsconfig.json"]);
    expect(environmentFiles(["README.md", "components/versions.ts", "snippets/values/defaults.yaml", "policyx/index.ts"])).toEqual([]);
  });

  it("makes every working-tree stack affected; stacks with identical output are listed as environment, with no diff", () => {
    const base = new Map([
      ["same", files("# same\n")],
      ["changed", files("# old\n")],
      ["gone", files("# gone\n")],
    ]);
    const head = new Map([
      ["same", files("# same\n")],
      ["changed", files("# new\n")],
      ["new", files("# new\n")],
    ]);
    const changes = inRolloutOrder(withEnvironmentChange(compareRenders(base, head), head.keys()), ["new", "same", "changed"]);
    expect(changes.map((c) => [c.stack, c.status])).toEqual([
      ["new", "added"],
      ["same", "environment"],
      ["changed", "changed"],
      ["gone", "removed"],
    ]);
    expect(stacksToRoll(changes)).toEqual(["new", "same", "changed"]);

    const md = renderReport(changes, base, head, { baseRef: "origin/main", baseCommit: "0123456789abcdef", environmentFiles: ["package.json", "policy/index.ts"] });
    expect(md.split("\n").slice(0, 14)).toEqual([
      "## clusterkit: stacks affected by this change",
      "",
      "> **Every stack is affected:** this change touches `package.json`, `policy/index.ts`. Dependency versions, the Pulumi project, the TypeScript settings and the policies " +
        "are not part of the rendered output, so every stack is previewed, even one whose rendered output is identical.",
      "",
      "Compared with `origin/main` (0123456789ab): 4 of 4 stack(s) affected, in rollout order.",
      "",
      `The pull request previews these stacks only. ${MAIN_ROLLOUT}`,
      "",
      "| stack | change | rendered files that differ |",
      "| --- | --- | --- |",
      "| `new` | added | summary.md (added), resources.json (added), manifests.yaml (added) |",
      "| `same` | environment | none: rendered output identical |",
      "| `changed` | changed | summary.md (changed) |",
      "| `gone` | removed | summary.md (removed), resources.json (removed), manifests.yaml (removed) |",
    ]);
    expect(md.match(/^### .*$/gm)).toEqual(["### `new` (added)", "### `changed` (changed)", "### `gone` (removed)"]);
  });
});

// ---- the command, for real ------------------------------------------------------------------------

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

/** A git repository holding a copy of the project (everything but node_modules, outputs and tests). */
function projectRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterkit-affected-repo-"));
  const skip = new Set(["node_modules", ".git", "out", "bin", "test"]);
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !skip.has(src.slice(ROOT.length + 1).split("/")[0]) });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, ".gitignore"), "node_modules\nout/\n*.md.out\n");
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "add", "-A");
  git(dir, "commit", "--quiet", "-m", "base");
  return dir;
}

function affected(repo: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, "cli/affected.ts", ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The stacks that use an instance-type snippet, in rollout order, from the config layer itself. */
function users(snippet: string): string[] {
  return rolloutOrder(exampleClusters())
    .filter((c) => snippet in c.instanceTypes)
    .map((c) => c.stack);
}

function edit(repo: string, file: string, change: (text: string) => string): () => void {
  const path = join(repo, file);
  const original = readFileSync(path, "utf8");
  const changed = change(original);
  if (changed === original) throw new Error(`the test's edit no longer changes ${file}: update the test`);
  writeFileSync(path, changed);
  return () => writeFileSync(path, original);
}

describe("npm run affected in a git copy of the project", () => {
  let repo: string;
  beforeAll(() => {
    repo = projectRepo();
  });

  it("a snippet no stack uses affects nothing; no worktree is left behind", () => {
    expect(users("spot_4x_64Gb")).toEqual([]);
    const restore = edit(repo, "snippets/instance-types/spot_4x_64Gb.yaml", (t) => t.replace(/^(- .*\n)/m, ""));
    try {
      const r = affected(repo, "--base", "HEAD", "--report", "report.md.out");
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe("");
      const commit = git(repo, "rev-parse", "HEAD").trim();
      expect(readFileSync(join(repo, "report.md.out"), "utf8")).toBe(
        [
          "## clusterkit: stacks affected by this change",
          "",
          `Compared with \`HEAD\` (${commit.slice(0, 12)}): 0 of 3 stack(s) affected, in rollout order.`,
          "",
          `No stack's rendered output changes, and none of package.json, package-lock.json, Pulumi.yaml, tsconfig.json, policy/ differs: the pull request previews no stack. ${MAIN_ROLLOUT}`,
          "",
        ].join("\n"),
      );
      expect(git(repo, "worktree", "list").trim().split("\n")).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it("a snippet used only by prod-eu-west-3 affects exactly prod-eu-west-3", () => {
    expect(users("spot_4x_mixed")).toEqual(["prod-eu-west-3"]);
    const restore = edit(repo, "snippets/instance-types/spot_4x_mixed.yaml", (t) => t.replace(/^- r6i\.4xlarge\n/m, ""));
    try {
      const r = affected(repo, "--base", "HEAD", "--report", "report.md.out");
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stdout).toBe("prod-eu-west-3\n");
      const md = readFileSync(join(repo, "report.md.out"), "utf8");
      expect(md).toContain("### `prod-eu-west-3` (changed)");
      expect(md).not.toContain("### `prod-eu-west-1`");
      expect(md).toMatch(/^-.*r6i\.4xlarge/m);
    } finally {
      restore();
    }
  });

  it("a snippet shared by two stacks affects both, in rollout order", () => {
    expect(users("spot_4x_32Gb")).toEqual(["staging-eu-west-1", "prod-eu-west-1"]);
    const restore = edit(repo, "snippets/instance-types/spot_4x_32Gb.yaml", (t) => t.replace(/^- c5n\.4xlarge\n/m, ""));
    try {
      expect(affected(repo, "--base", "HEAD").stdout).toBe("staging-eu-west-1\nprod-eu-west-1\n");
    } finally {
      restore();
    }
  });

  it("a new stack file is added, a deleted one reported as removed but not rolled out", () => {
    const staging = readFileSync(join(repo, "stacks/Pulumi.staging-eu-west-1.yaml"), "utf8");
    git(repo, "rm", "--quiet", "stacks/Pulumi.prod-eu-west-1.yaml");
    writeFileSync(join(repo, "stacks/Pulumi.staging-eu-west-1b.yaml"), staging.replace("name: staging-eu-west-1", "name: staging-eu-west-1b").replace("10.30.0.0/16", "10.31.0.0/16"));
    try {
      const r = affected(repo, "--base", "HEAD", "--report", "report.md.out");
      expect(r.stdout).toBe("staging-eu-west-1b\n");
      expect(r.stderr).toContain("stack prod-eu-west-1 was removed");
      const md = readFileSync(join(repo, "report.md.out"), "utf8");
      expect(md).toContain("| `staging-eu-west-1b` | added |");
      expect(md).toContain("| `prod-eu-west-1` | removed |");
    } finally {
      git(repo, "checkout", "--quiet", "HEAD", "--", "stacks");
      spawnSync("rm", ["-f", join(repo, "stacks/Pulumi.staging-eu-west-1b.yaml")]);
    }
  });

  it("a dependency bump or a new policy file affects every stack, though no rendered output changes", () => {
    const restore = edit(repo, "package.json", (t) => t.replace('"version": "0.1.0"', '"version": "0.1.1"'));
    writeFileSync(join(repo, "policy/extra-notes.md"), "untracked\n");
    try {
      const r = affected(repo, "--base", "HEAD", "--report", "report.md.out");
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe("staging-eu-west-1\nprod-eu-west-1\nprod-eu-west-3\n");
      expect(r.stderr).toContain(
        "affected: every stack is affected: package.json, policy/extra-notes.md changed since HEAD, and the rendered output does not show dependencies or the program's environment\n",
      );
      const md = readFileSync(join(repo, "report.md.out"), "utf8");
      expect(md.split("\n")[2]).toMatch(/^> \*\*Every stack is affected:\*\* this change touches `package\.json`, `policy\/extra-notes\.md`\. /);
      for (const s of ["staging-eu-west-1", "prod-eu-west-1", "prod-eu-west-3"]) expect(md).toContain(`| \`${s}\` | environment | none: rendered output identical |`);
      expect(md).not.toContain("### ");
    } finally {
      restore();
      rmSync(join(repo, "policy/extra-notes.md"));
    }
  });

  it("says so when the base predates the synth command, and reports every stack as added", () => {
    const old = mkdtempSync(join(tmpdir(), "clusterkit-affected-old-"));
    git(old, "init", "--quiet", "--initial-branch=main");
    writeFileSync(join(old, "README.md"), "before synth\n");
    git(old, "add", "-A");
    git(old, "commit", "--quiet", "-m", "old");
    const first = git(old, "rev-parse", "HEAD").trim();
    cpSync(repo, old, { recursive: true, filter: (src) => !src.slice(repo.length + 1).startsWith(".git") });
    const r = affected(old, "--base", first, "--report", "report.md.out");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("predates cli/synth.ts");
    expect(r.stdout).toBe("staging-eu-west-1\nprod-eu-west-1\nprod-eu-west-3\n");
    expect(readFileSync(join(old, "report.md.out"), "utf8")).toContain("**Note:**");
  });

  it("a base that fails to render (a broken main): every stack is added, the report carries the base's error, exit 0, no worktree left", () => {
    const file = "stacks/Pulumi.staging-eu-west-1.yaml";
    const restore = edit(repo, file, (t) => t.replace("vpcCidr: 10.30.0.0/16", "vpcCidr: not-a-cidr"));
    git(repo, "commit", "--quiet", "-am", "broken base");
    restore();
    const commit = git(repo, "rev-parse", "HEAD").trim();
    const r = affected(repo, "--base", "HEAD", "--report", "report.md.out");
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("staging-eu-west-1\nprod-eu-west-1\nprod-eu-west-3\n");
    const note =
      `the base HEAD (${commit.slice(0, 12)}) failed to render with its own code and this tree's node_modules (its synth exited 1), so nothing could be compared: ` +
      "every stack is reported as added, and a stack this change removes is not listed. Its synth said:";
    expect(r.stderr).toContain(`affected: ${note}\nstacks/Pulumi.staging-eu-west-1.yaml: cluster.network.vpcCidr: `);
    const lines = readFileSync(join(repo, "report.md.out"), "utf8").split("\n");
    expect(lines.slice(0, 5)).toEqual(["## clusterkit: stacks affected by this change", "", `> **Note:** ${note}`, "", "```text"]);
    // The base's own synth output, whole: its one problem and its closing line.
    expect(lines[5]).toMatch(/^stacks\/Pulumi\.staging-eu-west-1\.yaml: cluster\.network\.vpcCidr: \S/);
    expect(lines[6]).toMatch(/^synth: 1 problem\(s\)/);
    expect(lines[7]).toBe("```");
    for (const s of ["staging-eu-west-1", "prod-eu-west-1", "prod-eu-west-3"]) expect(lines).toContain(`| \`${s}\` | added | summary.md (added), resources.json (added), manifests.yaml (added) |`);
    expect(git(repo, "worktree", "list").trim().split("\n")).toHaveLength(1);
  });

  it("rejects an unknown ref with one clear line", () => {
    const r = affected(repo, "--base", "no-such-branch");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--base no-such-branch: not a commit");
  });
});
