// The dnsConfig every application should carry (seed: "We've defined dnsConfig preferences for all our
// applications"), published as snippets/app-dns-config.yaml for application charts.
//   ndots "1": `www.example.com` is one query, not five (ten with AAAA) walked through the search path;
//   single-request-reopen: glibc sends A and AAAA from different sockets, dodging the conntrack race;
//   use-vc: glibc asks over TCP, which has no UDP conntrack race at all.
// dnsPolicy ClusterFirst keeps the node's clusterDNS (the node-local cache first). musl (Alpine) ignores
// all of these options.
import { stringify } from "yaml";

export const APP_DNS_CONFIG_FILE = "snippets/app-dns-config.yaml";

export interface AppDnsConfig {
  dnsPolicy: "ClusterFirst";
  dnsConfig: { options: { name: string; value?: string }[] };
}

export function appDnsConfig(): AppDnsConfig {
  return {
    dnsPolicy: "ClusterFirst",
    dnsConfig: {
      options: [{ name: "ndots", value: "1" }, { name: "single-request-reopen" }, { name: "use-vc" }],
    },
  };
}

/** The snippet file's exact text: a pod spec fragment to merge into an application's pod template. */
export function appDnsConfigYaml(): string {
  const header = [
    "# Recommended DNS settings for application pods on clusterkit clusters: merge into the pod spec.",
    "# Generated from components/dns/app-dns-config.ts (test/dns.test.ts checks this file matches).",
    "# ndots 1: one query per external name instead of a walk through the search path.",
    "# single-request-reopen, use-vc: glibc avoids the UDP conntrack race (musl/Alpine ignores these).",
  ];
  return `${header.join("\n")}\n${stringify(appDnsConfig())}`;
}
