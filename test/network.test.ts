import { describe, expect, it } from "vitest";
import type { Cluster, Resolved } from "../config/stack";
import { formatCidr, parseCidr, subnet } from "../components/network/cidr";
import { carveSubnets, ELB_ROLE_TAG, INTERNAL_ELB_ROLE_TAG, networkSpec, networkSummary } from "../components/network/spec";
import { transitGatewaySpec } from "../components/network/transit";
import { checkRules } from "../config/rules";
import { loadSnippets } from "../config/snippets";
import { formatPath } from "../config/problems";
import { ROOT } from "./helpers/repo";
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

  it("keeps every existing subnet when an AZ is added, as long as the power of two does not grow", () => {
    const azs = ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d", "eu-west-1e", "eu-west-1f", "eu-west-1g"];
    // 2 and 3 AZs carve 4 blocks, 4 to 7 AZs carve 8: a NAT gateway's public subnet must not move.
    for (const [from, to] of [[2, 3], [4, 5], [5, 6], [6, 7]]) {
      const before = carveSubnets("10.10.0.0/16", azs.slice(0, from));
      const after = carveSubnets("10.10.0.0/16", azs.slice(0, to));
      expect(after.slice(0, from), `${from} -> ${to} AZs`).toEqual(before);
    }
    expect(carveSubnets("10.10.0.0/16", azs.slice(0, 2))).toEqual([
      { az: "eu-west-1a", privateCidr: "10.10.0.0/18", publicCidr: "10.10.192.0/20" },
      { az: "eu-west-1b", privateCidr: "10.10.64.0/18", publicCidr: "10.10.208.0/20" },
    ]);
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

describe("transit gateway routing of the API's private access networks", () => {
  const TGW = "tgw-0fedcba9876543210";
  const withCidrs = (cidrs: string[]) => (raw: any) => {
    raw.network.transitGatewayId = TGW;
    raw.controlPlane = { ...raw.controlPlane, privateAccessCidrs: cidrs };
  };
  const newVpc = (c: Cluster) => {
    const spec = networkSpec(c);
    if (spec.kind !== "new") throw new Error("expected a new VPC");
    return spec;
  };

  it("attaches every private subnet and routes each network from each private route table, sorted and deduplicated", () => {
    const c = ok((raw) => {
      withCidrs(["192.168.0.0/16", "10.0.0.0/16", "192.168.0.0/16"])(raw);
      raw.tags = { team: "platform" };
    });
    const spec = newVpc(c);
    expect(spec.transitGateway).toEqual({
      transitGatewayId: TGW,
      attachment: { name: "prod-eu-west-1-tgw-attachment", tags: { Name: "prod-eu-west-1-tgw-attachment", team: "platform" } },
      subnetAzs: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      routes: ["a", "b", "c"].flatMap((z) => [
        { name: `prod-eu-west-1-private-eu-west-1${z}-to-10-0-0-0-16`, az: `eu-west-1${z}`, destinationCidr: "10.0.0.0/16" },
        { name: `prod-eu-west-1-private-eu-west-1${z}-to-192-168-0-0-16`, az: `eu-west-1${z}`, destinationCidr: "192.168.0.0/16" },
      ]),
    });
    // Every route sits in a private route table the spec creates.
    const tables = new Set(spec.zones.map((z) => z.az));
    for (const r of spec.transitGateway!.routes) expect(tables.has(r.az)).toBe(true);
    expect(networkSummary(c)[0]).toMatch(/; private subnets attached to transit gateway `tgw-0fedcba9876543210`, routing `10\.0\.0\.0\/16`, `192\.168\.0\.0\/16` there$/);
  });

  it("attaches but routes nothing when no private access network is listed", () => {
    const c = ok((raw) => {
      withCidrs([])(raw);
      raw.controlPlane.endpointPublicAccess = true;
      raw.controlPlane.publicAccessCidrs = ["203.0.113.0/24"];
    });
    expect(newVpc(c).transitGateway?.routes).toEqual([]);
    expect(newVpc(c).transitGateway?.subnetAzs).toHaveLength(3);
  });

  it("creates nothing without a transit gateway id", () => {
    const c = ok();
    const without: Cluster = { ...c, network: { ...c.network, transitGatewayId: undefined } };
    expect(transitGatewaySpec(without, newVpc(c).zones)).toBeUndefined();
    expect(newVpc(without).transitGateway).toBeUndefined();
    expect(networkSummary(without)[0]).not.toContain("transit gateway");
  });

  it("leaves an existing VPC's routing to its owner, and says so in the summary", () => {
    const c = ok((raw) => {
      delete raw.network.vpcCidr;
      raw.network.transitGatewayId = TGW;
      raw.network.existingVpc = { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: { "eu-west-1a": "subnet-0000000000000000a", "eu-west-1b": "subnet-0000000000000000b", "eu-west-1c": "subnet-0000000000000000c" } };
    });
    expect(networkSpec(c)).not.toHaveProperty("transitGateway");
    expect(networkSummary(c)[0]).toContain("its owner routes the API's private access networks (transit gateway `tgw-0fedcba9876543210` is not attached by clusterkit)");
  });

  describe("config rules", () => {
    const library = loadSnippets(ROOT);
    const problems = (change: (c: Cluster) => Cluster) => {
      const c = change(ok());
      return checkRules(c, c.region, library).map((p) => `${formatPath(p.path)}: ${p.message}`);
    };
    const noTgw = (c: Cluster): Cluster => ({ ...c, network: { ...c.network, transitGatewayId: undefined } });

    it("needs a transit gateway for each private access network of a VPC clusterkit creates", () => {
      const found = problems((c) => ({ ...noTgw(c), controlPlane: { ...c.controlPlane, privateAccessCidrs: ["10.0.0.0/16", "192.168.0.0/16"] } }));
      expect(found).toEqual([
        "controlPlane.privateAccessCidrs[0]: nothing routes 10.0.0.0/16 into the VPC clusterkit creates (network.vpcCidr), so it could not reach the private API endpoint: set network.transitGatewayId to the transit gateway that network reaches the VPC through, or use a public endpoint with publicAccessCidrs",
        "controlPlane.privateAccessCidrs[1]: nothing routes 192.168.0.0/16 into the VPC clusterkit creates (network.vpcCidr), so it could not reach the private API endpoint: set network.transitGatewayId to the transit gateway that network reaches the VPC through, or use a public endpoint with publicAccessCidrs",
      ]);
    });

    it("needs no transit gateway without private access networks, or in an existing VPC", () => {
      expect(problems((c) => ({ ...noTgw(c), controlPlane: { ...c.controlPlane, privateAccessCidrs: [], endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } }))).toEqual([]);
      const existing = (c: Cluster): Cluster => ({
        ...noTgw(c),
        network: { availabilityZones: c.network.availabilityZones, existingVpc: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: Object.fromEntries(c.network.availabilityZones.map((az, i) => [az, `subnet-0000000000000000${i}`])) } },
      });
      expect(problems(existing)).toEqual([]);
      // ...and a transit gateway id there is accepted (a fleet-wide values layer may set it) but unused.
      expect(problems((c) => ({ ...existing(c), network: { ...existing(c).network, transitGatewayId: "tgw-0123456789abcdef0" } }))).toEqual([]);
    });

    it("rejects private access networks overlapping the VPC, either way round", () => {
      const cidrs = (list: string[]) => (c: Cluster): Cluster => ({ ...c, controlPlane: { ...c.controlPlane, privateAccessCidrs: list } });
      expect(problems(cidrs(["10.10.64.0/18", "10.0.0.0/8", "0.0.0.0/0", "10.11.0.0/16"]))).toEqual([
        'controlPlane.privateAccessCidrs[0]: "10.10.64.0/18" overlaps network.vpcCidr 10.10.0.0/16: list only networks outside the cluster VPC, like the CI/VPN network behind the transit gateway (a route for addresses of the VPC would clash with its local route)',
        'controlPlane.privateAccessCidrs[1]: "10.0.0.0/8" overlaps network.vpcCidr 10.10.0.0/16: list only networks outside the cluster VPC, like the CI/VPN network behind the transit gateway (a route for addresses of the VPC would clash with its local route)',
        'controlPlane.privateAccessCidrs[2]: "0.0.0.0/0" overlaps network.vpcCidr 10.10.0.0/16: list only networks outside the cluster VPC, like the CI/VPN network behind the transit gateway (a route for addresses of the VPC would clash with its local route)',
      ]);
    });

    it("accepts only transit gateway ids", () => {
      const r = cluster((raw) => (raw.network.transitGatewayId = "tgw-XYZ"));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(["cluster.network.transitGatewayId: must be a transit gateway id like tgw-0123456789abcdef0"]);
    });
  });
});
