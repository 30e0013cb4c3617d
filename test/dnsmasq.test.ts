// The node-local cache, proven in a real dnsmasq (Debian's, installed by .ci/run): the exact argument
// list the DaemonSet runs, with only the listen address, port and upstreams moved to loopback, in
// front of two stub upstreams — a "CoreDNS" for the cluster zones and a "VPC resolver" for the rest.
// It runs under the container's own capability set, taken from the DaemonSet's securityContext and
// applied with util-linux's setpriv (bounding set = capabilities.add only, nothing inheritable,
// no_new_privs), as root like the container: a flag that needs a capability the pod lacks fails here.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createConnection } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ISecurityContext as SecurityContext } from "kubernetes-models/v1/SecurityContext";
import { kubeDnsIp, VPC_RESOLVER_IP } from "../components/dns/addresses";
import { dnsmasqArgs, nodeLocalDnsDaemonSet } from "../components/dns/dnsmasq";
import type { Cluster } from "../config/stack";
import { queryTcp, queryUdp, RCODE, startStub, TYPE, type Message, type Stub } from "./helpers/dns-wire";
import { exampleCluster } from "./helpers/stacks";

/** Starts dnsmasq (under `wrapper`, e.g. setpriv, which execs it: same pid) and waits until it listens. */
async function startDnsmasq(args: string[], host: string, port: number, wrapper: string[] = []): Promise<{ process: ChildProcess; output: () => string }> {
  let out = "";
  const [cmd, ...cmdArgs] = [...wrapper, DNSMASQ, ...args];
  const child = spawn(cmd, cmdArgs, { stdio: ["ignore", "pipe", "pipe"] });
  // Never leave a dnsmasq behind, even if the test process dies mid-run.
  process.once("exit", () => child.kill("SIGKILL"));
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  child.on("exit", (code) => (out += `\n[dnsmasq exited with code ${code}]`));
  await waitForPort(host, port, 5000, () => out, () => child.exitCode !== null);
  return { process: child, output: () => out };
}

/** Runs a command to its exit (or kills it after `ms`): its exit code (null when killed) and output. */
function runToExit(cmd: string, args: string[], ms: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let out = "";
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output: out });
    });
  });
}

const DNSMASQ = "/usr/sbin/dnsmasq";
const SETPRIV = "/usr/bin/setpriv";

/** Linux capability numbers (linux/capability.h) of the names a container may add. */
const CAP_NUMBERS: Record<string, number> = { CHOWN: 0, DAC_OVERRIDE: 1, FOWNER: 3, KILL: 5, SETGID: 6, SETUID: 7, NET_BIND_SERVICE: 10, NET_ADMIN: 12, NET_RAW: 13, SYS_CHROOT: 18 };

/** The dnsmasq container's securityContext, as the DaemonSet renders it. */
function containerSecurity(c: Cluster): SecurityContext {
  return nodeLocalDnsDaemonSet(c).spec!.template.spec!.containers.find((x) => x.name === "dnsmasq")!.securityContext!;
}

/**
 * setpriv arguments reproducing what the kubelet gives a root container with this securityContext:
 * `drop: [ALL]` + `add` -> bounding set = `add` (so root's permitted/effective set after exec is exactly
 * that), no inheritable capabilities, and no_new_privs for allowPrivilegeEscalation: false.
 */
function containerCapabilities(security: SecurityContext): string[] {
  const caps = security.capabilities!;
  if (!caps.drop?.includes("ALL")) throw new Error("the dnsmasq container no longer drops ALL capabilities: reproduce its set here first");
  if (security.runAsUser !== 0) throw new Error("the dnsmasq container no longer runs as root: run the test as its user");
  const add = (caps.add ?? []).map((c) => `+${c.toLowerCase()}`);
  return [SETPRIV, "--bounding-set", ["-all", ...add].join(","), "--inh-caps", "-all", ...(security.allowPrivilegeEscalation === false ? ["--no-new-privs"] : [])];
}

/** The capability mask the kernel should show for that `add` list. */
function capabilityMask(add: readonly string[]): bigint {
  return add.reduce((m, c) => {
    if (CAP_NUMBERS[c] === undefined) throw new Error(`add ${c} to CAP_NUMBERS`);
    return m | (1n << BigInt(CAP_NUMBERS[c]));
  }, 0n);
}

const base = 20000 + (process.pid % 500) * 3;
const CACHE = { host: "127.0.0.10", port: base };
const CORE = { host: "127.0.0.11", port: base + 1 };
const VPC = { host: "127.0.0.12", port: base + 2 };

let cluster: Cluster;
let dnsmasq: ChildProcess | undefined;
let core: Stub | undefined;
let vpc: Stub | undefined;

function addressOf(m: Message | "timeout"): string[] {
  if (m === "timeout") return ["timeout"];
  return m.answers.map((a) => a.data);
}

async function waitForPort(host: string, port: number, ms: number, output: () => string, exited: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = createConnection({ host, port }, () => {
        c.end();
        resolve(true);
      });
      c.on("error", () => resolve(false));
    });
    if (ok) return;
    if (exited() || Date.now() > deadline) throw new Error(`dnsmasq did not listen on ${host}:${port} within ${ms} ms; its output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A setup failure (no dnsmasq) must fail every test, not leave them skipped.
let setupError: unknown;

beforeAll(async () => {
  try {
    await setUp();
  } catch (e) {
    setupError = e;
  }
});

function ready(): void {
  if (setupError) throw setupError;
}

async function setUp(): Promise<void> {
  if (!existsSync(DNSMASQ)) throw new Error(`${DNSMASQ} is missing: install Debian's dnsmasq-base (.ci/run does); this test never skips`);
  if (!existsSync(SETPRIV)) throw new Error(`${SETPRIV} is missing: install util-linux (essential on Debian); this test never skips`);
  // Like the container: root, with capabilities taken away. Setting a bounding set needs root (CAP_SETPCAP).
  if (process.getuid?.() !== 0) throw new Error("run the dnsmasq test as root (CI does): it reproduces the container's root-with-one-capability set");
  cluster = exampleCluster("prod-eu-west-1");

  core = await startStub(CORE.host, CORE.port, (q) => {
    if (q.type === TYPE.A && q.name.endsWith(".cluster.local")) return { rcode: RCODE.NOERROR, answers: [{ name: q.name, type: TYPE.A, ttl: 30, data: "10.100.0.1" }] };
    if (q.type === TYPE.PTR && q.name.endsWith(".in-addr.arpa")) return { rcode: RCODE.NOERROR, answers: [{ name: q.name, type: TYPE.PTR, ttl: 30, data: "kubernetes.default.svc.cluster.local" }] };
    if (q.type === TYPE.PTR && q.name.endsWith(".ip6.arpa")) return { rcode: RCODE.NOERROR, answers: [{ name: q.name, type: TYPE.PTR, ttl: 30, data: "pod-v6.default.pod.cluster.local" }] };
    return { rcode: RCODE.REFUSED, answers: [] };
  });
  vpc = await startStub(VPC.host, VPC.port, (q) => {
    if (q.type === TYPE.A) return { rcode: RCODE.NOERROR, answers: [{ name: q.name, type: TYPE.A, ttl: 300, data: "203.0.113.7" }] };
    if (q.type === TYPE.AAAA) return { rcode: RCODE.NOERROR, answers: [{ name: q.name, type: TYPE.AAAA, ttl: 300, data: "2001:db8::7" }] };
    return { rcode: RCODE.NXDOMAIN, answers: [] };
  });

  const args = dnsmasqArgs(cluster, {
    listenAddress: CACHE.host,
    port: CACHE.port,
    clusterDns: `${CORE.host}#${CORE.port}`,
    upstreams: [`${VPC.host}#${VPC.port}`],
  });
  dnsmasq = (await startDnsmasq(args, CACHE.host, CACHE.port, containerCapabilities(containerSecurity(cluster)))).process;
}

afterAll(async () => {
  dnsmasq?.kill("SIGTERM");
  await core?.close().catch(() => undefined);
  await vpc?.close().catch(() => undefined);
});

const ask = (name: string, type: number = TYPE.A, timeoutMs = 2000) => queryUdp(CACHE.host, CACHE.port, { name, type }, timeoutMs);

describe("node-local dnsmasq cache (real dnsmasq)", () => {
  it("runs the DaemonSet's own argument list, with only address, port and upstreams swapped", () => {
    ready();
    const production = dnsmasqArgs(cluster);
    const kubeDns = kubeDnsIp(cluster.controlPlane.serviceCidr);
    const swapped = dnsmasqArgs(cluster, { listenAddress: CACHE.host, port: CACHE.port, clusterDns: `${CORE.host}#${CORE.port}`, upstreams: [`${VPC.host}#${VPC.port}`] })
      .map((a) => a.replace(`${CORE.host}#${CORE.port}`, kubeDns).replace(`${VPC.host}#${VPC.port}`, VPC_RESOLVER_IP))
      .map((a) => a.replace(`--listen-address=${CACHE.host}`, `--listen-address=${cluster.dns.nodeLocal.ip}`).replace(`--port=${CACHE.port}`, "--port=53"));
    expect(swapped).toEqual(production);
    expect(nodeLocalDnsDaemonSet(cluster).spec!.template.spec!.containers[0].args).toEqual(production);
  });

  it("runs with exactly the container's capabilities (from the DaemonSet spec) and answers", async () => {
    ready();
    const add = containerSecurity(cluster).capabilities!.add!;
    const status = readFileSync(`/proc/${dnsmasq!.pid}/status`, "utf8");
    const field = (name: string) => BigInt(`0x${status.match(new RegExp(`^${name}:\\s*([0-9a-f]+)$`, "m"))![1]}`);
    expect(status).toMatch(/^Name:\s*dnsmasq$/m);
    expect(field("CapEff")).toBe(capabilityMask(add));
    expect(field("CapBnd")).toBe(capabilityMask(add));
    expect(field("CapInh")).toBe(0n);
    expect(status).toMatch(/^NoNewPrivs:\s*1$/m);
    expect(addressOf(await ask("caps.default.svc.cluster.local"))).toEqual(["10.100.0.1"]);
  });

  it("catches a capability regression: without --group= dnsmasq exits at startup under the container's capabilities", async () => {
    ready();
    const security = containerSecurity(cluster);
    expect(security.capabilities!.add).not.toContain("SETGID");
    const broken = dnsmasqArgs(cluster, { listenAddress: "127.0.0.14", port: base, upstreams: [`${VPC.host}#${VPC.port}`] }).filter((a) => a !== "--group=");
    const [cmd, ...wrapper] = containerCapabilities(security);
    const r = await runToExit(cmd, [...wrapper, DNSMASQ, ...broken], 5000);
    // dnsmasq's "FAILED to start up" exit code for a failed setgroups()/setgid(): CrashLoopBackOff in the pod.
    expect(r.output).toMatch(/failed to change group-id to \w+: Operation not permitted/);
    expect(r.code).toBe(5);
    // The same broken list starts once the bounding set also has SETGID: the group change was the only problem.
    const withSetgid = containerCapabilities({ ...security, capabilities: { ...security.capabilities, add: [...security.capabilities!.add!, "SETGID"] } });
    const run = await startDnsmasq(broken, "127.0.0.14", base, withSetgid);
    run.process.kill("SIGTERM");
  });

  it("sends cluster names to CoreDNS, not to the VPC resolver", async () => {
    ready();
    expect(addressOf(await ask("kubernetes.default.svc.cluster.local"))).toEqual(["10.100.0.1"]);
    expect(core!.log.map((q) => q.name)).toContain("kubernetes.default.svc.cluster.local");
    expect(vpc!.log.map((q) => q.name)).not.toContain("kubernetes.default.svc.cluster.local");
  });

  it("sends IPv4 and IPv6 reverse lookups to CoreDNS", async () => {
    ready();
    expect(addressOf(await ask("1.0.100.10.in-addr.arpa", TYPE.PTR))).toEqual(["kubernetes.default.svc.cluster.local"]);
    const v6 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
    expect(addressOf(await ask(v6, TYPE.PTR))).toEqual(["pod-v6.default.pod.cluster.local"]);
    expect(core!.log.map((q) => q.name)).toEqual(expect.arrayContaining(["1.0.100.10.in-addr.arpa", v6]));
    expect(vpc!.log.some((q) => q.name.endsWith(".arpa"))).toBe(false);
  });

  it("sends every other name to the VPC resolver", async () => {
    ready();
    expect(addressOf(await ask("www.example.com"))).toEqual(["203.0.113.7"]);
    expect(addressOf(await ask("www.example.com", TYPE.AAAA))).toEqual(["2001:db8:0:0:0:0:0:7"]);
    expect(vpc!.log.map((q) => q.name)).toContain("www.example.com");
    expect(core!.log.map((q) => q.name)).not.toContain("www.example.com");
  });

  it("answers repeats from its cache without asking upstream again", async () => {
    ready();
    await ask("api.example.org");
    await ask("web.default.svc.cluster.local");
    const [vpcBefore, coreBefore] = [vpc!.log.length, core!.log.length];
    for (let i = 0; i < 5; i++) {
      expect(addressOf(await ask("api.example.org"))).toEqual(["203.0.113.7"]);
      expect(addressOf(await ask("web.default.svc.cluster.local"))).toEqual(["10.100.0.1"]);
    }
    expect([vpc!.log.length, core!.log.length]).toEqual([vpcBefore, coreBefore]);
  });

  it("answers over TCP (glibc's use-vc)", async () => {
    ready();
    expect(addressOf(await queryTcp(CACHE.host, CACHE.port, { name: "tcp.example.net", type: TYPE.A }))).toEqual(["203.0.113.7"]);
    expect(addressOf(await queryTcp(CACHE.host, CACHE.port, { name: "tcp.default.svc.cluster.local", type: TYPE.A }))).toEqual(["10.100.0.1"]);
  });

  it("with CoreDNS down: cached cluster names still answer, external names still resolve, new cluster names fail", async () => {
    ready();
    await ask("cached.default.svc.cluster.local");
    await core!.close();
    core = undefined;
    expect(addressOf(await ask("cached.default.svc.cluster.local"))).toEqual(["10.100.0.1"]);
    expect(addressOf(await ask("still.example.com"))).toEqual(["203.0.113.7"]);
    // No upstream answers for the zone: dnsmasq stays silent and the client waits out its own timeout
    // (the documented weakness; glibc then tries the kubelet's second nameserver), never a wrong answer
    // from the VPC resolver.
    expect(await ask("new.default.svc.cluster.local", TYPE.A, 1500)).toBe("timeout");
    expect(vpc!.log.map((q) => q.name)).not.toContain("new.default.svc.cluster.local");
  });

  it("catches a broken configuration: without the cluster.local server, cluster names leak to the VPC resolver", async () => {
    ready();
    const broken = dnsmasqArgs(cluster, { listenAddress: "127.0.0.13", port: base, upstreams: [`${VPC.host}#${VPC.port}`] }).filter((a) => !a.startsWith("--server=/cluster.local/"));
    const run = await startDnsmasq(broken, "127.0.0.13", base);
    try {
      await queryUdp("127.0.0.13", base, { name: "leak.default.svc.cluster.local", type: TYPE.A });
      // The assertion the routing test makes would now fail:
      expect(vpc!.log.map((q) => q.name)).toContain("leak.default.svc.cluster.local");
    } finally {
      run.process.kill("SIGTERM");
    }
  });
});
