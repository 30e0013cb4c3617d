// The host side of the node-local cache: a dummy interface holding the link-local address, and raw-table
// NOTRACK rules so pod <-> cache DNS packets skip conntrack (the 5-second UDP conntrack race).
//
// Why on the host (user data) and not in an init container: no image in the version table has `ip` and
// `iptables` (the dnsmasq image is distroless), and an idempotent setup needs a shell; a host unit needs no
// NET_ADMIN in any pod; and with the address present from boot, a query while the cache pod is down (a
// rollout, a crash) gets an immediate ICMP port-unreachable, so glibc moves on to kube-dns (the kubelet's
// second clusterDNS) at once instead of timing out on an address that does not exist.
// The unit runs before the kubelet on every boot, so a reboot restores both the address and the rules.
import type { Cluster } from "../../config/stack";

export const NODE_LOCAL_DNS_INTERFACE = "nodelocaldns";
export const NODE_LOCAL_DNS_UNIT = "clusterkit-node-local-dns.service";

/** The iptables rule specs (without -A/-I/-C) for the cache's address. */
export function notrackRules(ip: string): { table: "raw" | "filter"; chain: string; spec: string }[] {
  const rules: { table: "raw" | "filter"; chain: string; spec: string }[] = [];
  for (const proto of ["udp", "tcp"]) {
    // Pods (via their veth) to the cache, and host-network clients to the cache.
    rules.push({ table: "raw", chain: "PREROUTING", spec: `-d ${ip}/32 -p ${proto} --dport 53 -j NOTRACK` });
    rules.push({ table: "raw", chain: "OUTPUT", spec: `-d ${ip}/32 -p ${proto} --dport 53 -j NOTRACK` });
    // The cache's answers.
    rules.push({ table: "raw", chain: "OUTPUT", spec: `-s ${ip}/32 -p ${proto} --sport 53 -j NOTRACK` });
    // Untracked packets match no ESTABLISHED rule: accept them explicitly in case a filter policy drops.
    rules.push({ table: "filter", chain: "INPUT", spec: `-d ${ip}/32 -p ${proto} --dport 53 -j ACCEPT` });
    rules.push({ table: "filter", chain: "OUTPUT", spec: `-s ${ip}/32 -p ${proto} --sport 53 -j ACCEPT` });
  }
  return rules;
}

/** The script the unit runs: idempotent, so a restart of the unit or a re-run changes nothing. */
export function nodeLocalDnsSetupCommands(ip: string): string[] {
  const dev = NODE_LOCAL_DNS_INTERFACE;
  return [
    `ip link show ${dev} >/dev/null 2>&1 || ip link add ${dev} type dummy`,
    `ip addr replace ${ip}/32 dev ${dev}`,
    `ip link set ${dev} up`,
    ...notrackRules(ip).map((r) => `iptables -w -t ${r.table} -C ${r.chain} ${r.spec} 2>/dev/null || iptables -w -t ${r.table} -I ${r.chain} ${r.spec}`),
  ];
}

/**
 * A `text/x-shellscript` user-data part (AL2023 runs it once, at first boot, through cloud-init) that
 * installs and starts a oneshot systemd unit ordered before the kubelet, which redoes the setup on every
 * boot. For the node-pools user data; the content is plain text, the caller adds the MIME headers.
 */
export function nodeLocalDnsUserDataScript(cluster: Pick<Cluster, "dns">): string {
  const ip = cluster.dns.nodeLocal.ip;
  const script = ["#!/bin/bash", "set -euo pipefail", ...nodeLocalDnsSetupCommands(ip)].join("\n");
  const unit = [
    "[Unit]",
    `Description=clusterkit node-local DNS address ${ip} and NOTRACK rules`,
    "After=network-online.target",
    "Wants=network-online.target",
    "Before=kubelet.service",
    "",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    "ExecStart=/usr/local/sbin/clusterkit-node-local-dns",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
  ].join("\n");
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "cat > /usr/local/sbin/clusterkit-node-local-dns <<'CLUSTERKIT_EOF'",
    script,
    "CLUSTERKIT_EOF",
    "chmod 0755 /usr/local/sbin/clusterkit-node-local-dns",
    `cat > /etc/systemd/system/${NODE_LOCAL_DNS_UNIT} <<'CLUSTERKIT_EOF'`,
    unit,
    "CLUSTERKIT_EOF",
    "systemctl daemon-reload",
    `systemctl enable --now ${NODE_LOCAL_DNS_UNIT}`,
    "",
  ].join("\n");
}
