import { describe, expect, it } from "vitest";
import type { Cluster, Resolved } from "../config/stack";
import { formatCidr, parseCidr, subnet } from "../components/network/cidr";
import { carveSubnets, ELB_ROLE_TAG, INTERNAL_ELB_ROLE_TAG, networkSpec } from "../components/network/spec";
import { resolveExample } from "./helpers/stacks";

const cluster = (patch?: (raw: any) => void): Resolved => resolveExample("prod-eu-west-1", patch);

function ok(patch?: (raw: any) => void): Cluster {
  const r = cluster(patch);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.cluster;
}

const range = (cidr: string) => {
  const c = parseCidr(cidr);
  return [c.base, c.base + 2 ** (32 - c.prefix) - 1] as const;
};

describe("cidr arithmetic", () => {
  it("round-trips and carves like cidrsubnet", () => {
    expect(formatCidr(parseCidr("10.20.0.0/16"))).toBe("10.20.0.0/16");
    expect(formatCidr(subnet(parseCidr("10.20.0.0/16"), 2, 3))).toBe("10.20.192.0/18");
    expect(formatCidr(subnet(parseCidr("10.20.192.0/18"), 2, 1))).toBe("10.20.208.0/20");
  });

  it("rejects host bits, bad octets and blocks that do not exist", () => {
    expect(() => parseCidr("10.20.1.0/16")).toThrow(/host bits set.*10\.20\.0\.0\/16/);
    expect(() => parseCidr("10.300.0.0/16")).toThrow(/not an IPv4 CIDR/);
    expect(() => subnet(parseCidr("10.0.0.0/16"), 2, 4)).toThrow(/no block 4/);
  });
});

describe("carveSubnets", () => {
  it("gives the private subnets the big blocks and packs the public ones into the last", () => {
    expect(carveSubnets("10.10.0.0/16", ["eu-west-1a", "eu-west-1b", "eu-west-1c"])).toEqual([
      { az: "eu-west-1a", privateCidr: "10.10.0.0/18", publicCidr: "10.10.192.0/20" },
      { az: "eu-west-1b", privateCidr: "10.10.64.0/18", publicCidr: "10.10.208.0/20" },
      { az: "eu-west-1c", privateCidr: "10.10.128.0/18", publicCidr: "10.10.224.0/20" },
    ]);
  });

  it("never overlaps and stays inside the VPC, for every AZ count and VPC size that fits", () => {
    for (let prefix = 16; prefix <= 24; prefix++) {
      for (let zones = 2; zones <= 6; zones++) {
        const vpc = `10.0.0.0/${prefix}`;
        const azs = Array.from({ length: zones }, (_, i) => `eu-west-1${"abcdef"[i]}`);
        let carved;
        try {
          carved = carveSubnets(vpc, azs);
        } catch (e) {
          expect(String(e)).toMatch(/too small/);
          expect(prefix).toBeGreaterThanOrEqual(23);
          continue;
        }
        const blocks = carved.flatMap((s) => [s.privateCidr, s.publicCidr]).map(range);
        const [lo, hi] = range(vpc);
        for (const [a, b] of blocks) expect(a >= lo && b <= hi).toBe(true);
        const sorted = [...blocks].sort((x, y) => x[0] - y[0]);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i][0]).toBeGreaterThan(sorted[i - 1][1]);
        for (const s of carved) expect(parseCidr(s.publicCidr).prefix).toBeLessThanOrEqual(28);
      }
    }
  });

  it("refuses a VPC too small for its AZs instead of making /29 subnets", () => {
    expect(() => carveSubnets("10.0.0.0/24", ["a", "b", "c", "d", "e", "f"])).toThrow(/too small for 6 availability zones.*\/30/);
  });
});

describe("networkSpec", () => {
  it("tags public subnets for internet-facing LBs, private ones for internal LBs, both shared with the cluster", () => {
    const c = ok((raw) => (raw.tags = { team: "platform" }));
    const spec = networkSpec(c);
    if (spec.kind !== "new") throw new Error("expected a new VPC");
    expect(spec.zones.map((z) => z.az)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    for (const z of spec.zones) {
      expect(z.publicSubnet.tags).toEqual({ Name: `prod-eu-west-1-public-${z.az}`, [ELB_ROLE_TAG]: "1", "kubernetes.io/cluster/prod-eu-west-1": "shared", team: "platform" });
      expect(z.privateSubnet.tags).toEqual({ Name: `prod-eu-west-1-private-${z.az}`, [INTERNAL_ELB_ROLE_TAG]: "1", "kubernetes.io/cluster/prod-eu-west-1": "shared", team: "platform" });
      expect(z.privateSubnet.tags[ELB_ROLE_TAG]).toBeUndefined();
      expect(z.natGateway.tags.team).toBe("platform");
    }
  });

  it("uses an existing VPC's private subnets, in the configured AZ order", () => {
    const c = ok((raw) => {
      delete raw.network.vpcCidr;
      raw.network.existingVpc = {
        vpcId: "vpc-0123456789abcdef0",
        privateSubnetIds: { "eu-west-1c": "subnet-0000000000000000c", "eu-west-1a": "subnet-0000000000000000a", "eu-west-1b": "subnet-0000000000000000b" },
      };
    });
    expect(networkSpec(c)).toEqual({
      kind: "existing",
      vpcId: "vpc-0123456789abcdef0",
      privateSubnetIds: [
        { az: "eu-west-1a", subnetId: "subnet-0000000000000000a" },
        { az: "eu-west-1b", subnetId: "subnet-0000000000000000b" },
        { az: "eu-west-1c", subnetId: "subnet-0000000000000000c" },
      ],
    });
  });

  it("never gets a single-AZ cluster: the config rejects it", () => {
    const r = cluster((raw) => (raw.network.availabilityZones = ["eu-west-1a"]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toMatch(/network\.availabilityZones: .*at least 2 availability zones/);
  });
});
