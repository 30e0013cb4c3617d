// DNS: the dnsmasq argument list, the node-local DaemonSet, the host setup script, the CoreDNS add-on's
// configuration and the application dnsConfig snippet.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kubeDnsIp, VPC_RESOLVER_IP } from "../components/dns/addresses";
import { APP_DNS_CONFIG_FILE, appDnsConfig, appDnsConfigYaml } from "../components/dns/app-dns-config";
import { corednsAddonSpec } from "../components/dns/coredns";
import { dnsmasqArgs, nodeLocalDnsDaemonSet } from "../components/dns/dnsmasq";
import { nodeLocalDnsSetupCommands, nodeLocalDnsUserDataScript, notrackRules } from "../components/dns/node-setup";
import { MAX_ROLLOUT_TIMEOUT_MINUTES, maxNodeCount, nodeLocalDnsTimeouts, rolloutBatchSize, rolloutRounds, rolloutTimeoutMinutes } from "../components/dns/rollout";
import { LABELS } from "../components/node-pools/plan";
import { IMAGES, versionsFor } from "../components/versions";
import { parse } from "yaml";
import { ROOT } from "./helpers/repo";
import { exampleClusters } from "./helpers/stacks";

const clusters = exampleClusters();
const prod = clusters.find((c) => c.stack === "prod-eu-west-1")!;

describe("dnsmasq arguments", () => {
  it("are the proven node-cache configuration, forwarding cluster zones to kube-dns and the rest to the VPC", () => {
    expect(prod.controlPlane.serviceCidr).toBe("172.20.0.0/16");
    expect(dnsmasqArgs(prod)).toEqual([
      "--keep-in-foreground",
      "--user=root",
      "--group=",
      "--pid-file=",
      "--port=53",
      "--listen-address=169.254.20.10",
      "--bind-interfaces",
      "--no-resolv",
      "--no-hosts",
      "--domain-needed",
      "--cache-size=10000",
      "--neg-ttl=5",
      "--dns-forward-max=1000",
      "--dns-loop-detect",
      "--log-facility=-",
      "--server=/cluster.local/172.20.0.10",
      "--server=/in-addr.arpa/172.20.0.10",
      "--server=/ip6.arpa/172.20.0.10",
      `--server=${VPC_RESOLVER_IP}`,
    ]);
  });

  it("follow the config: address, cache size, negative TTL, service CIDR", () => {
    const c = { ...prod, controlPlane: { ...prod.controlPlane, serviceCidr: "10.100.0.0/16" }, dns: { ...prod.dns, nodeLocal: { ...prod.dns.nodeLocal, ip: "169.254.0.53", cacheSize: 500, negTtl: 30 } } };
    const args = dnsmasqArgs(c);
    expect(args).toContain("--listen-address=169.254.0.53");
    expect(args).toContain("--cache-size=500");
    expect(args).toContain("--neg-ttl=30");
    expect(args.filter((a) => a.startsWith("--server=/"))).toEqual(["--server=/cluster.local/10.100.0.10", "--server=/in-addr.arpa/10.100.0.10", "--server=/ip6.arpa/10.100.0.10"]);
  });

  it("take loopback addresses and #port upstreams for a test run", () => {
    const args = dnsmasqArgs(prod, { listenAddress: "127.0.0.10", port: 5300, clusterDns: "127.0.0.11#5301", upstreams: ["127.0.0.12#5302"] });
    expect(args).toContain("--listen-address=127.0.0.10");
    expect(args).toContain("--port=5300");
    expect(args.slice(-4)).toEqual(["--server=/cluster.local/127.0.0.11#5301", "--server=/in-addr.arpa/127.0.0.11#5301", "--server=/ip6.arpa/127.0.0.11#5301", "--server=127.0.0.12#5302"]);
    expect(args.join(" ")).not.toContain("169.254");
  });
});

describe("node-local DNS DaemonSet", () => {
  const ds = nodeLocalDnsDaemonSet(prod);
  const pod = ds.spec!.template.spec!;
  const c = pod.containers[0];

  it("runs on every node on the host network at system-node-critical, 10 % of the nodes at a time", () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe("Default");
    expect(pod.priorityClassName).toBe("system-node-critical");
    expect(pod.tolerations).toEqual([{ operator: "Exists" }]);
    expect(ds.spec!.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: "10%" } });
  });

  it("is killed after 1 s: the image's stop signal (SIGCONT) never stops dnsmasq, only the SIGKILL does", () => {
    expect(pod.terminationGracePeriodSeconds).toBe(1);
  });

  it("runs the plain dnsmasq binary with the argument list, Guaranteed, and only NET_BIND_SERVICE", () => {
    expect(c.image).toBe(IMAGES.dnsmasq);
    expect(c.command).toEqual(["/usr/sbin/dnsmasq"]);
    expect(c.args).toEqual(dnsmasqArgs(prod));
    expect(c.resources).toEqual({ requests: prod.dns.nodeLocal.resources, limits: prod.dns.nodeLocal.resources });
    expect(c.securityContext!.capabilities).toEqual({ drop: ["ALL"], add: ["NET_BIND_SERVICE"] });
    expect(c.securityContext!.readOnlyRootFilesystem).toBe(true);
    expect(c.securityContext!.allowPrivilegeEscalation).toBe(false);
    expect(pod.initContainers).toBeUndefined();
  });

  it("probes the cache on its own link-local address", () => {
    expect(c.livenessProbe!.tcpSocket).toEqual({ host: "169.254.20.10", port: 53 });
  });

  it("sends other names to an overridden VPC resolver", () => {
    expect(nodeLocalDnsDaemonSet(prod, { upstreams: ["10.10.0.2"] }).spec!.template.spec!.containers[0].args!.at(-1)).toBe("--server=10.10.0.2");
  });
});

describe("node-local DNS rollout: how long Pulumi may wait", () => {
  it("replaces 10 % of the nodes per round, rounded up, at least one", () => {
    expect([1, 9, 10, 11, 20, 21, 170, 850].map(rolloutBatchSize)).toEqual([1, 1, 1, 2, 2, 3, 17, 85]);
    expect([1, 9, 10, 11, 20, 21, 170, 850].map(rolloutRounds)).toEqual([1, 9, 10, 6, 10, 7, 10, 10]);
  });

  it("never takes more than ten rounds, and the rounds cover every node", () => {
    expect(MAX_ROLLOUT_TIMEOUT_MINUTES).toBe(30);
    for (let nodes = 1; nodes <= 3000; nodes++) {
      const rounds = rolloutRounds(nodes);
      expect(rounds).toBeLessThanOrEqual(10);
      expect(rounds * rolloutBatchSize(nodes)).toBeGreaterThanOrEqual(nodes);
      expect(rolloutTimeoutMinutes(nodes)).toBeLessThanOrEqual(MAX_ROLLOUT_TIMEOUT_MINUTES);
    }
  });

  it("allows 3 minutes per round, never less than Pulumi's own 10-minute default", () => {
    expect([1, 3, 4, 9, 10, 11, 850, 5000].map(rolloutTimeoutMinutes)).toEqual([10, 10, 12, 27, 30, 18, 30, 30]);
  });

  it("is sized from every ASG at its max size", () => {
    const byStack = Object.fromEntries(clusters.map((c) => [c.stack, [maxNodeCount(c), nodeLocalDnsTimeouts(c)]]));
    // prod-eu-west-1: admin 6 + monitoring 4 + workers 4 x 150 + api 4 x 60.
    expect(byStack["prod-eu-west-1"]).toEqual([850, { create: "30m", update: "30m" }]);
    const small = { ...prod, admin: { ...prod.admin, maxSize: 1 }, monitoring: { ...prod.monitoring, maxSize: 1 }, appGroups: { workers: { ...prod.appGroups.workers, maxSize: 1 } } };
    expect(maxNodeCount(small)).toBe(2 + prod.appGroups.workers.spot.length + prod.appGroups.workers.onDemand.length);
    expect(nodeLocalDnsTimeouts(small)).toEqual({ create: "18m", update: "18m" });
  });
});

describe("node-local address and NOTRACK rules (host side, user data)", () => {
  const ip = prod.dns.nodeLocal.ip;

  it("untracks DNS to and from the cache address for UDP and TCP", () => {
    const raw = notrackRules(ip).filter((r) => r.table === "raw");
    for (const proto of ["udp", "tcp"]) {
      expect(raw).toContainEqual({ table: "raw", chain: "PREROUTING", spec: `-d ${ip}/32 -p ${proto} --dport 53 -j NOTRACK` });
      expect(raw).toContainEqual({ table: "raw", chain: "OUTPUT", spec: `-s ${ip}/32 -p ${proto} --sport 53 -j NOTRACK` });
    }
  });

  it("is idempotent: every command checks before it adds", () => {
    const cmds = nodeLocalDnsSetupCommands(ip);
    expect(cmds[0]).toBe("ip link show nodelocaldns >/dev/null 2>&1 || ip link add nodelocaldns type dummy");
    expect(cmds).toContain(`ip addr replace ${ip}/32 dev nodelocaldns`);
    for (const cmd of cmds.filter((c) => c.startsWith("iptables"))) expect(cmd).toMatch(/^iptables -w -t \S+ -C (.+) 2>\/dev\/null \|\| iptables -w -t \S+ -I \1$/);
  });

  it("is valid bash that installs a unit ordered before the kubelet", () => {
    const script = nodeLocalDnsUserDataScript(prod);
    const check = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    expect(script).toContain("Before=kubelet.service");
    expect(script).toContain("systemctl enable --now clusterkit-node-local-dns.service");
    for (const cmd of nodeLocalDnsSetupCommands(ip)) expect(script).toContain(cmd);
  });
});

describe("CoreDNS add-on", () => {
  for (const cluster of clusters) {
    it(`${cluster.stack}: pinned, on the admin pool, autoscaled, Guaranteed, spread across zones, with a PDB`, () => {
      const spec = corednsAddonSpec(cluster);
      expect(spec.addonVersion).toBe(versionsFor(cluster.kubernetesVersion).addons.coredns);
      const config = JSON.parse(spec.configurationValues);
      expect(config).toEqual(spec.configuration);
      expect(Object.keys(config)).toEqual([...Object.keys(config)].sort());
      const c = cluster.dns.coredns;
      expect(config.autoScaling).toEqual({ enabled: true, minReplicas: c.minReplicas, maxReplicas: c.maxReplicas });
      expect(config.nodeSelector).toEqual({ [LABELS.pool]: "admin" });
      expect(config.tolerations).toContainEqual({ key: "dedicated", operator: "Equal", value: "admin", effect: "NoSchedule" });
      expect(config.resources.requests).toEqual(config.resources.limits);
      expect(config.resources.requests).toEqual(c.resources);
      expect(config.topologySpreadConstraints[0]).toMatchObject({ topologyKey: "topology.kubernetes.io/zone", labelSelector: { matchLabels: { "k8s-app": "kube-dns" } } });
      expect(config.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
      // Only keys the add-on's schema has (it rejects unknown keys).
      const schemaKeys = ["affinity", "autoScaling", "computeType", "corefile", "nodeSelector", "podAnnotations", "podDisruptionBudget", "podLabels", "replicaCount", "resources", "tolerations", "topologySpreadConstraints"];
      for (const key of Object.keys(config)) expect(schemaKeys).toContain(key);
    });
  }
});

describe("application dnsConfig snippet", () => {
  it("is the file snippets/app-dns-config.yaml", () => {
    expect(readFileSync(join(ROOT, APP_DNS_CONFIG_FILE), "utf8")).toBe(appDnsConfigYaml());
  });
  it("sets ndots 1, single-request-reopen, use-vc with dnsPolicy ClusterFirst", () => {
    expect(parse(appDnsConfigYaml())).toEqual(appDnsConfig());
    expect(appDnsConfig()).toEqual({
      dnsPolicy: "ClusterFirst",
      dnsConfig: { options: [{ name: "ndots", value: "1" }, { name: "single-request-reopen" }, { name: "use-vc" }] },
    });
  });
  it("kube-dns is the service CIDR's .10", () => {
    expect(kubeDnsIp("10.100.0.0/16")).toBe("10.100.0.10");
  });
});
