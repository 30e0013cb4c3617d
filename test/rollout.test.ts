// The rollout command driven end to end with stand-in `pulumi`, `kubectl` and `aws` executables first
// on PATH: each records its argv and working directory and fails when told to, so the tests see the
// exact commands, where they ran, their order, the stop at the first failure, and that prod never
// starts after staging failed. The command runs from a directory other than --root, as a user may.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { planWaves, renderRolloutReport, runRollout, stackSteps, summarize, type RolloutCluster } from "../delivery/rollout";
import { VERIFY } from "../delivery/verify";
import { IMAGES } from "../components/versions";
import { NODE_LOCAL_DNS_NAMESPACE } from "../components/dns/dnsmasq";
import { kubernetesObjects } from "../synth/synth";
import { fixtureRepo, ROOT, stackYaml } from "./helpers/repo";
import { synthesizeExamples } from "./helpers/synth";

const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

// Four clusters whose rollout order differs from name order: staging-b (1) before staging-a (100),
// prod-y (1) before prod-x (2).
const STACKS: Record<string, { env: "staging" | "prod"; order?: number; region: string; cidr: string }> = {
  "staging-a": { env: "staging", region: "eu-west-1", cidr: "10.40.0.0/16" },
  "staging-b": { env: "staging", order: 1, region: "eu-west-3", cidr: "10.41.0.0/16" },
  "prod-x": { env: "prod", order: 2, region: "eu-west-1", cidr: "10.42.0.0/16" },
  "prod-y": { env: "prod", order: 1, region: "eu-west-3", cidr: "10.43.0.0/16" },
};
const ORDER = ["staging-b", "staging-a", "prod-y", "prod-x"];

function stackFileText(name: string): string {
  const s = STACKS[name];
  return stackYaml(name, s.order === undefined ? "" : `rolloutOrder: ${s.order}`, s.region)
    .replace("extends: [defaults, staging]", `extends: [defaults, ${s.env}]`)
    .replace("10.40.0.0/16", s.cidr);
}

const STUB = `#!${process.execPath}
const fs = require("fs");
const path = require("path");
const tool = path.basename(process.argv[1]);
const args = process.argv.slice(2);
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ cwd: process.cwd(), argv: [tool, ...args] }) + "\\n");
const fail = process.env["STUB_FAIL_" + tool.toUpperCase()];
if (fail && new RegExp(fail).test(args.join(" "))) {
  process.stderr.write(tool + ": told to fail on: " + args.join(" ") + "\\n");
  process.exit(3);
}
process.stdout.write(tool + " ok\\n");
`;

let root: string;
let stubDir: string;
/** Where the command is started: not the project, so only --root can point the tools at it. */
let elsewhere: string;

beforeAll(() => {
  root = fixtureRepo(Object.fromEntries(Object.keys(STACKS).map((n) => [`stacks/Pulumi.${n}.yaml`, stackFileText(n)])));
  stubDir = mkdtempSync(join(tmpdir(), "clusterkit-stubs-"));
  elsewhere = mkdtempSync(join(tmpdir(), "clusterkit-elsewhere-"));
  for (const tool of ["pulumi", "kubectl", "aws"]) {
    writeFileSync(join(stubDir, tool), STUB);
    chmodSync(join(stubDir, tool), 0o755);
  }
});

interface Rollout {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: string[][];
  /** The working directory of each call. */
  cwds: string[];
}

function rollout(args: string[], env: Record<string, string> = {}, path = `${stubDir}${delimiter}${process.env.PATH}`): Rollout {
  const log = join(mkdtempSync(join(tmpdir(), "clusterkit-calls-")), "calls.jsonl");
  writeFileSync(log, "");
  const r = spawnSync(process.execPath, [TSX, join(ROOT, "cli", "rollout.ts"), "--root", root, ...args], {
    cwd: elsewhere,
    encoding: "utf8",
    env: { ...process.env, PATH: path, STUB_LOG: log, PULUMI_SECRETS_PROVIDER: "", ...env },
    timeout: 60_000,
  });
  const recorded = readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { cwd: string; argv: string[] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: recorded.map((c) => c.argv), cwds: recorded.map((c) => c.cwd) };
}

/** The stack a recorded call works on: `--stack S` for pulumi, the kubeconfig file name otherwise. */
function stackOf(call: string[]): string {
  const i = call.indexOf("--stack");
  if (i >= 0) return call[i + 1];
  const k = call.indexOf("--kubeconfig");
  return call[k + 1].replace(/^.*\//, "").replace(/\.kubeconfig$/, "");
}

const distinct = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) === i);

describe("rollout --mode preview", () => {
  it("previews every stack in rollout order with the exact Pulumi arguments, and nothing else", () => {
    const report = join(root, "preview.md");
    const r = rollout(["--mode", "preview", "--report", report]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(
      ORDER.flatMap((s) => [
        ["pulumi", "stack", "select", "--create", "--non-interactive", "--stack", s],
        ["pulumi", "preview", "--diff", "--non-interactive", "--color", "never", "--stack", s],
      ]),
    );
    const md = readFileSync(report, "utf8");
    for (const s of ORDER) expect(md).toContain(`### \`${s}\`: ok`);
    expect(r.stdout).toContain(`rollout preview: OK, 4 stack(s): ${ORDER.join(", ")}`);
  });

  it("creates new stacks with the secrets provider from PULUMI_SECRETS_PROVIDER", () => {
    const kms = "awskms://alias/clusterkit-pulumi?region=eu-west-1";
    const r = rollout(["--mode", "preview", "--stack", "prod-x"], { PULUMI_SECRETS_PROVIDER: kms });
    expect(r.status).toBe(0);
    expect(r.calls[0]).toEqual(["pulumi", "stack", "select", "--create", "--non-interactive", "--secrets-provider", kms, "--stack", "prod-x"]);
  });

  it("previews only the stacks in --stacks-file (affected output), still in rollout order; an empty file runs nothing", () => {
    const list = join(root, "affected.txt");
    writeFileSync(list, "prod-x\nstaging-a\n\n");
    const r = rollout(["--mode", "preview", "--stacks-file", list]);
    expect(r.status).toBe(0);
    expect(distinct(r.calls.map(stackOf))).toEqual(["staging-a", "prod-x"]);

    writeFileSync(list, "");
    const empty = rollout(["--mode", "preview", "--stacks-file", list, "--report", join(root, "empty.md")]);
    expect(empty.status).toBe(0);
    expect(empty.calls).toEqual([]);
    expect(readFileSync(join(root, "empty.md"), "utf8")).toContain("No stack affected");
  });
});

describe("rollout --mode up", () => {
  it("deploys staging, then each prod stack, verifying every cluster after its update", () => {
    const r = rollout(["--mode", "up"]);
    expect(r.status).toBe(0);
    expect(distinct(r.calls.map(stackOf))).toEqual(ORDER);

    // One stack's steps, exactly: select, up, kubeconfig into a private file, then the checks.
    const calls = r.calls.filter((c) => stackOf(c) === "staging-b");
    const kubeconfig = calls[2][calls[2].indexOf("--kubeconfig") + 1];
    expect(kubeconfig).toMatch(/clusterkit-kubeconfig-[^/]+\/staging-b\.kubeconfig$/);
    const kubectl = (...args: string[]) => ["kubectl", "--kubeconfig", kubeconfig, ...args];
    expect(calls.slice(0, 9)).toEqual([
      ["pulumi", "stack", "select", "--create", "--non-interactive", "--stack", "staging-b"],
      ["pulumi", "up", "--yes", "--diff", "--non-interactive", "--color", "never", "--stack", "staging-b"],
      ["aws", "eks", "update-kubeconfig", "--name", "staging-b", "--region", "eu-west-3", "--kubeconfig", kubeconfig],
      kubectl("wait", "--for=condition=Ready", "nodes", "--all", "--timeout=5m"),
      kubectl("-n", "kube-system", "rollout", "status", "deployment/cluster-autoscaler", "--timeout=5m"),
      kubectl("-n", "kube-system", "rollout", "status", "deployment/coredns", "--timeout=5m"),
      kubectl("-n", "kube-system", "rollout", "status", "daemonset/node-local-dns", "--timeout=30m"),
      kubectl("-n", "kube-system", "get", "configmap", "cluster-autoscaler-priority-expander", "-o", "name"),
      kubectl("-n", "default", "delete", "pod", "clusterkit-dns-check", "--ignore-not-found", "--wait=true"),
    ]);
    const dns = calls[9];
    expect(calls).toHaveLength(10);
    expect(dns.slice(0, 8)).toEqual(kubectl("-n", "default", "run", "clusterkit-dns-check", `--image=${IMAGES.dnsCheck}`));
    expect(dns.slice(-4)).toEqual(["--command", "--", "nslookup", "kubernetes.default.svc.cluster.local."]);
    const overrides = JSON.parse(dns.find((a) => a.startsWith("--overrides="))!.slice("--overrides=".length));
    expect(overrides.spec.securityContext.runAsNonRoot).toBe(true);
    expect(overrides.spec.containers[0]).toMatchObject({ name: "clusterkit-dns-check", securityContext: { capabilities: { drop: ["ALL"] } } });
    // The kubeconfig directory does not outlive the run.
    expect(existsSync(kubeconfig.replace(/\/[^/]+$/, ""))).toBe(false);
  });

  it("stops at a failing staging update: no later step runs and prod is never started", () => {
    const r = rollout(["--mode", "up"], { STUB_FAIL_PULUMI: "^up .*--stack staging-a$" });
    expect(r.status).toBe(1);
    const last = r.calls[r.calls.length - 1];
    expect(last).toEqual(["pulumi", "up", "--yes", "--diff", "--non-interactive", "--color", "never", "--stack", "staging-a"]);
    expect(distinct(r.calls.map(stackOf))).toEqual(["staging-b", "staging-a"]);
    expect(r.calls.some((c) => stackOf(c).startsWith("prod-"))).toBe(false);
    expect(r.stdout).toContain("rollout up: FAILED at staging-a (staging): pulumi up exited 3");
    expect(r.stdout).toContain("not started: prod-y, prod-x");
    expect(r.stdout).toContain("prod was not touched: staging failed.");
    expect(r.stdout).toContain("pulumi: told to fail on: up --yes");
    expect(r.stdout).toMatch(/not run on staging-a: kubeconfig; all nodes Ready; .*DNS resolves/);
  });

  it("stops when a staging cluster fails verification after a successful update", () => {
    const r = rollout(["--mode", "up"], { STUB_FAIL_KUBECTL: "staging-b\\.kubeconfig -n kube-system rollout status daemonset/node-local-dns" });
    expect(r.status).toBe(1);
    expect(r.calls.every((c) => stackOf(c) === "staging-b")).toBe(true);
    expect(r.calls[r.calls.length - 1]).toContain("daemonset/node-local-dns");
    expect(r.stdout).toContain("FAILED at staging-b (staging): daemonset kube-system/node-local-dns fully available exited 3");
    expect(r.stdout).toContain("not started: staging-a, prod-y, prod-x");
  });

  it("after a failing prod cluster, the next prod cluster is not started", () => {
    const r = rollout(["--mode", "up", "--env", "prod"], { STUB_FAIL_KUBECTL: "prod-y\\.kubeconfig .*nslookup" });
    expect(r.status).toBe(1);
    expect(distinct(r.calls.map(stackOf))).toEqual(["prod-y"]);
    expect(r.stdout).toContain("FAILED at prod-y (prod: prod-y): DNS resolves kubernetes.default.svc.cluster.local. from a pod exited 3");
    expect(r.stdout).toContain("not started: prod-x");
    expect(r.stdout).not.toContain("prod was not touched");
  });

  it("runs pulumi, aws and kubectl in the --root project, not in the directory it was started from", () => {
    expect(realpathSync(elsewhere)).not.toBe(realpathSync(root));
    const r = rollout(["--mode", "up", "--env", "staging"]);
    expect(r.status).toBe(0);
    // Two staging stacks, ten commands each (select, up, kubeconfig, seven checks).
    expect(r.calls).toHaveLength(20);
    expect(r.cwds).toEqual(r.calls.map(() => realpathSync(root)));
  });

  it("--env staging deploys only the staging wave", () => {
    const r = rollout(["--mode", "up", "--env", "staging"]);
    expect(r.status).toBe(0);
    expect(distinct(r.calls.map(stackOf))).toEqual(["staging-b", "staging-a"]);
  });

  it("reports a missing tool as a failure, not a crash", () => {
    const noPulumi = mkdtempSync(join(tmpdir(), "clusterkit-nopulumi-"));
    const r = rollout(["--mode", "preview"], {}, noPulumi);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("FAILED at staging-b (staging): pulumi stack select exited 127");
    expect(r.stderr).toContain("pulumi: command not found on PATH");
  });
});

describe("rollout refuses to start", () => {
  it("on usage mistakes, before running anything", () => {
    for (const args of [[], ["--mode", "destroy"], ["--mode", "up", "--env", "qa"], ["--mode", "up", "--stack", "nope"], ["--mode", "up", "--env", "staging", "--stack", "prod-x"]]) {
      const r = rollout(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.calls).toEqual([]);
    }
  });

  it("when any stack file is invalid, even one not first in line", () => {
    const bad = fixtureRepo({ "stacks/Pulumi.staging-a.yaml": stackFileText("staging-a"), "stacks/Pulumi.prod-x.yaml": stackFileText("prod-x").replace("rolloutOrder: 2", "rolloutOrder: -1") });
    const saved = root;
    root = bad;
    try {
      const r = rollout(["--mode", "up"]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("stacks/Pulumi.prod-x.yaml: cluster.rolloutOrder");
      expect(r.stderr).toContain("nothing was run");
      expect(r.calls).toEqual([]);
    } finally {
      root = saved;
    }
  });
});

describe("rollout plan (pure)", () => {
  const c = (stack: string, environment: "staging" | "prod"): RolloutCluster => ({ stack, name: stack, region: "eu-west-1", environment });

  it("puts every staging stack in one wave and each prod stack in its own", () => {
    const waves = planWaves([c("s1", "staging"), c("s2", "staging"), c("p1", "prod"), c("p2", "prod")]);
    expect(waves.map((w) => [w.name, w.stacks.map((s) => s.stack)])).toEqual([
      ["staging", ["s1", "s2"]],
      ["prod: p1", ["p1"]],
      ["prod: p2", ["p2"]],
    ]);
    expect(planWaves([c("p1", "prod")]).map((w) => w.name)).toEqual(["prod: p1"]);
  });

  it("checks the namespace where the components put the node-local cache and the autoscaler", () => {
    expect(VERIFY.namespace).toBe("kube-system");
    expect(NODE_LOCAL_DNS_NAMESPACE).toBe(VERIFY.namespace);
  });

  it("checks objects the program really deploys (from an offline synth of an example stack)", async () => {
    const [synth] = await synthesizeExamples(["staging-eu-west-1"]);
    const objects = new Set(kubernetesObjects(synth.resources).map((o) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`));
    const expected = [
      ...VERIFY.daemonSets.map((n) => `DaemonSet ${VERIFY.namespace}/${n}`),
      ...VERIFY.configMaps.map((n) => `ConfigMap ${VERIFY.namespace}/${n}`),
      // coredns is the EKS managed add-on's Deployment: not a manifest of ours.
      ...VERIFY.deployments.filter((n) => n !== "coredns").map((n) => `Deployment ${VERIFY.namespace}/${n}`),
    ];
    for (const o of expected) expect(objects, o).toContain(o);
    expect(synth.resources.some((r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === "coredns")).toBe(true);
  });

  it("verifies exactly the objects named in VERIFY, after the update", () => {
    const steps = stackSteps(c("s1", "staging"), "up", { projectDir: "/project", kubeconfigDir: "/k" });
    const labels = steps.map((s) => s.label);
    expect(labels.slice(0, 3)).toEqual(["pulumi stack select", "pulumi up", "kubeconfig"]);
    for (const d of [...VERIFY.deployments, ...VERIFY.daemonSets, ...VERIFY.configMaps]) expect(labels.some((l) => l.includes(`/${d} `))).toBe(true);
    expect(stackSteps(c("s1", "staging"), "preview", { projectDir: "/project", kubeconfigDir: "/k" }).map((s) => s.label)).toEqual(["pulumi stack select", "pulumi preview"]);
  });

  it("keeps the preview report within one pull-request comment, keeping the end of each output", async () => {
    const stacks = ["s1", "s2", "s3", "s4", "s5"].map((s) => c(s, "staging"));
    const result = await runRollout(planWaves(stacks), "preview", { projectDir: "/project", kubeconfigDir: "/k" }, async (_cmd, args) => ({
      code: 0,
      output: args.includes("preview") ? `${"x".repeat(50_000)}\nResources: 3 to update\n` : "",
    }));
    const md = renderRolloutReport(result);
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.match(/Resources: 3 to update/g)).toHaveLength(5);
    expect(md).toContain("characters cut");
  });

  it("runs every step in the project directory", async () => {
    const cwds: (string | undefined)[] = [];
    const result = await runRollout(planWaves([c("s1", "staging")]), "up", { projectDir: "/project", kubeconfigDir: "/k" }, async (_cmd, _args, options) => {
      cwds.push(options?.cwd);
      return { code: 0, output: "" };
    });
    expect(result.ok).toBe(true);
    expect(cwds).toEqual(Array.from({ length: 10 }, () => "/project"));
  });

  it("an injected runner sees the same plan and the summary names what did not run", async () => {
    const seen: string[] = [];
    const result = await runRollout(planWaves([c("s1", "staging"), c("p1", "prod")]), "preview", { projectDir: "/project", kubeconfigDir: "/k" }, async (cmd, args) => {
      seen.push([cmd, ...args].join(" "));
      return args.includes("preview") ? { code: 1, output: "error: boom\n" } : { code: 0, output: "" };
    });
    expect(seen).toHaveLength(2);
    expect(result.ok).toBe(false);
    expect(result.notStarted).toEqual([{ wave: "prod: p1", stack: "p1" }]);
    const text = summarize(result);
    expect(text).toContain("  | error: boom");
    expect(text).toContain("failed command: pulumi preview --diff --non-interactive --color never --stack s1");
  });
});
