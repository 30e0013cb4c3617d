// The control plane's config rules and pure spec: API reachability, service CIDR, access entries, log
// group and prod protection. (What the real program registers from it: test/aws-layer.test.ts.)
import { describe, expect, it } from "vitest";
import { controlPlaneSpec, principalResourceName } from "../components/control-plane/spec";
import { kubeDnsIp } from "../components/dns/addresses";
import { contains, networkOf, overlaps, parseCidr } from "../components/network/cidr";
import { exampleCluster, resolveExample } from "./helpers/stacks";

/** The problems of prod-eu-west-1 with its raw values patched, as "path: message". */
function problems(patch: (raw: any) => void): string[] {
  const r = resolveExample("prod-eu-west-1", patch);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}
const controlPlane = (values: object) => (raw: any) => (raw.controlPlane = { ...raw.controlPlane, ...values });

describe("API reachability", () => {
  it("refuses a private-only endpoint nothing outside the VPC can reach, and names both ways out", () => {
    const found = problems(controlPlane({ endpointPublicAccess: false, privateAccessCidrs: [] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^cluster\.controlPlane\.privateAccessCidrs: is empty while endpointPublicAccess is false/);
    expect(found[0]).toContain("`pulumi up`");
    expect(found[0]).toContain("kubectl");
    expect(found[0]).toContain("List the CI/VPN networks routed into the VPC");
    expect(found[0]).toContain("endpointPublicAccess: true with publicAccessCidrs");
  });

  it("accepts either way out", () => {
    expect(problems(controlPlane({ privateAccessCidrs: ["10.0.0.0/16"] }))).toEqual([]);
    expect(problems(controlPlane({ privateAccessCidrs: [], endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }))).toEqual([]);
  });

  it("refuses access CIDRs with host bits, naming the network to write", () => {
    expect(problems(controlPlane({ privateAccessCidrs: ["10.0.5.0/16"] }))).toEqual([
      'cluster.controlPlane.privateAccessCidrs[0]: "10.0.5.0/16" has host bits set: write the network address 10.0.0.0/16',
    ]);
    expect(problems(controlPlane({ privateAccessCidrs: ["10.0.0.0/16", "300.0.0.0/8"] }))).toEqual([
      'cluster.controlPlane.privateAccessCidrs[1]: "300.0.0.0/8" is not an IPv4 CIDR: four numbers 0-255 and a prefix 0-32, like 10.0.0.0/16',
    ]);
  });

  it("opens tcp/443 once per configured network, sorted, with a description naming it", () => {
    const c = exampleCluster("prod-eu-west-1", controlPlane({ privateAccessCidrs: ["192.168.0.0/16", "10.0.0.0/16", "10.0.0.0/16"] }));
    expect(controlPlaneSpec(c).apiIngress.map((i) => [i.name, i.cidr, i.description])).toEqual([
      ["prod-eu-west-1-api-from-10-0-0-0-16", "10.0.0.0/16", "Kubernetes API from 10.0.0.0/16 (controlPlane.privateAccessCidrs)"],
      ["prod-eu-west-1-api-from-192-168-0-0-16", "192.168.0.0/16", "Kubernetes API from 192.168.0.0/16 (controlPlane.privateAccessCidrs)"],
    ]);
  });

  it("the example values reach every example cluster from the CI/VPN network, which overlaps none of their VPCs", () => {
    for (const stack of ["prod-eu-west-1", "prod-eu-west-3", "staging-eu-west-1"]) {
      const c = exampleCluster(stack);
      expect(c.controlPlane.endpointPublicAccess).toBe(false);
      expect(c.controlPlane.privateAccessCidrs).toEqual(["10.0.0.0/16"]);
      expect(overlaps(parseCidr("10.0.0.0/16"), parseCidr(c.network.vpcCidr!))).toBe(false);
    }
  });
});

describe("service CIDR", () => {
  const serviceCidr = (cidr: string, vpcCidr?: string) => (raw: any) => {
    raw.controlPlane = { ...raw.controlPlane, serviceCidr: cidr };
    if (vpcCidr) raw.network.vpcCidr = vpcCidr;
  };

  it("accepts a network address in each private range", () => {
    for (const cidr of ["172.20.0.0/16", "10.100.0.0/16", "192.168.0.0/24", "172.16.0.0/12"]) expect(problems(serviceCidr(cidr))).toEqual([]);
  });

  it("refuses a range outside 10/8, 172.16/12 and 192.168/16", () => {
    for (const cidr of ["100.64.0.0/16", "172.32.0.0/16", "192.169.0.0/16", "8.0.0.0/12"]) {
      expect(problems(serviceCidr(cidr))).toEqual([
        `cluster.controlPlane.serviceCidr: "${cidr}" is not inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16: EKS accepts only a private range for the service CIDR`,
      ]);
    }
  });

  it("refuses host bits, naming the network (whose .10 EKS would give kube-dns)", () => {
    expect(problems(serviceCidr("172.20.0.0/12"))).toEqual([
      'cluster.controlPlane.serviceCidr: "172.20.0.0/12" has host bits set: its network is 172.16.0.0/12, so write 172.16.0.0/12 (EKS would put kube-dns at the .10 of the network, not of what is written)',
    ]);
  });

  it("refuses an overlap with the VPC, either way round", () => {
    expect(problems(serviceCidr("10.10.0.0/16"))).toEqual([
      'cluster.controlPlane.serviceCidr: "10.10.0.0/16" overlaps network.vpcCidr 10.10.0.0/16: EKS rejects a service CIDR that overlaps the VPC (a Service IP and a node or pod IP could be the same address); pick a range outside it, like 172.20.0.0/16',
    ]);
    expect(problems(serviceCidr("10.10.128.0/24"))).toHaveLength(1);
    expect(problems(serviceCidr("10.0.0.0/12"))).toHaveLength(1); // contains 10.10.0.0/16
    expect(problems(serviceCidr("10.0.0.0/16"))).toEqual([]); // beside it
  });

  it("kube-dns is the .10 of the network address, whatever the prefix or host bits", () => {
    expect(kubeDnsIp("172.20.0.0/16")).toBe("172.20.0.10");
    expect(kubeDnsIp("172.20.0.0/12")).toBe("172.16.0.10");
    expect(kubeDnsIp("10.100.4.0/22")).toBe("10.100.4.10");
    expect(kubeDnsIp("10.100.7.0/22")).toBe("10.100.4.10");
  });

  it("cidr helpers: containment and overlap on network addresses", () => {
    expect(networkOf("172.20.0.0/12")).toEqual({ base: networkOf("172.16.0.0/12").base, prefix: 12, hostBitsSet: true });
    expect(contains(parseCidr("172.16.0.0/12"), parseCidr("172.31.255.0/24"))).toBe(true);
    expect(contains(parseCidr("172.16.0.0/12"), parseCidr("172.32.0.0/24"))).toBe(false);
    expect(contains(parseCidr("10.0.0.0/16"), parseCidr("10.0.0.0/8"))).toBe(false);
    expect(overlaps(parseCidr("10.0.0.0/8"), parseCidr("10.10.0.0/16"))).toBe(true);
    expect(overlaps(parseCidr("10.10.0.0/16"), parseCidr("10.11.0.0/16"))).toBe(false);
  });
});

describe("access entries", () => {
  const entries = (list: object[]) => controlPlane({ accessEntries: list });

  it("gives each principal the managed policy of its access level, partition-aware, sorted", () => {
    const c = exampleCluster(
      "prod-eu-west-1",
      entries([
        { principalArn: "arn:aws:iam::111122223333:role/ci/deploy", access: "cluster-admin" },
        { principalArn: "arn:aws:iam::111122223333:user/alice", access: "admin" },
        { principalArn: "arn:aws:iam::111122223333:role/preview", access: "view" },
      ]),
    );
    expect(controlPlaneSpec(c).accessEntries.map((e) => [e.name, e.principalArn, e.policyArn])).toEqual([
      ["prod-eu-west-1-role-ci-deploy", "arn:aws:iam::111122223333:role/ci/deploy", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"],
      ["prod-eu-west-1-role-preview", "arn:aws:iam::111122223333:role/preview", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"],
      ["prod-eu-west-1-user-alice", "arn:aws:iam::111122223333:user/alice", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"],
    ]);
    const china = { ...c, region: "cn-north-1" };
    expect(controlPlaneSpec(china).accessEntries[0].policyArn).toBe("arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
  });

  it("accepts IAM role (with or without a path) and user ARNs", () => {
    for (const arn of ["arn:aws:iam::111122223333:role/clusterkit-deploy", "arn:aws:iam::111122223333:role/teams/platform/ci", "arn:aws-us-gov:iam::111122223333:user/ci.bot@example"]) {
      expect(problems(entries([{ principalArn: arn, access: "cluster-admin" }]))).toEqual([]);
    }
  });

  it("refuses a cluster nobody could administer: no creator entry and no cluster-admin entry", () => {
    expect(problems(entries([{ principalArn: "arn:aws:iam::111122223333:role/clusterkit-preview", access: "view" }]))).toEqual([
      "cluster.controlPlane.accessEntries: has no cluster-admin entry while clusterCreatorAdmin is false: nothing could deploy the Kubernetes objects; add the deploy role with access: cluster-admin (or set clusterCreatorAdmin: true on a new cluster)",
    ]);
  });

  it("refuses session, group, malformed ARNs and unknown access levels", () => {
    const message =
      "must be an IAM role or user ARN like arn:aws:iam::111122223333:role/clusterkit-deploy (not an assumed-role session ARN: EKS access entries take the role itself)";
    for (const arn of [
      "arn:aws:sts::111122223333:assumed-role/clusterkit-deploy/jenkins",
      "arn:aws:iam::111122223333:group/admins",
      "arn:aws:iam::1111:role/short-account",
      "clusterkit-deploy",
    ]) {
      expect(problems(entries([{ principalArn: arn, access: "view" }]))).toEqual([`cluster.controlPlane.accessEntries[0].principalArn: ${message}`]);
    }
    expect(problems(entries([{ principalArn: "arn:aws:iam::111122223333:role/x", access: "edit" }]))).toEqual([
      "cluster.controlPlane.accessEntries[0].access: must be one of cluster-admin, admin, view",
    ]);
  });

  it("refuses a principal listed twice (EKS keeps one entry per principal)", () => {
    const arn = "arn:aws:iam::111122223333:role/clusterkit-deploy";
    expect(problems(entries([{ principalArn: arn, access: "view" }, { principalArn: arn, access: "cluster-admin" }]))).toEqual([
      "cluster.controlPlane.accessEntries[1].principalArn: is already listed at accessEntries[0]: EKS keeps one access entry per principal, give it one access level",
    ]);
  });

  it("names a resource after the principal's IAM resource path", () => {
    expect(principalResourceName("arn:aws:iam::111122223333:role/a/b/deploy")).toBe("role-a-b-deploy");
    expect(principalResourceName("arn:aws-cn:iam::111122223333:user/ci.bot@example")).toBe("user-ci-bot-example");
  });

  it("the example values give the Jenkins deploy role cluster-admin and the preview role view, and no second creator entry", () => {
    for (const stack of ["prod-eu-west-1", "staging-eu-west-1"]) {
      const c = exampleCluster(stack);
      expect(c.controlPlane.accessEntries).toEqual([
        { principalArn: "arn:aws:iam::111122223333:role/clusterkit-deploy", access: "cluster-admin" },
        { principalArn: "arn:aws:iam::111122223333:role/clusterkit-preview", access: "view" },
      ]);
      // The deploy role creates the cluster: EKS must not give it a second, conflicting entry.
      expect(controlPlaneSpec(c).bootstrapClusterCreatorAdminPermissions).toBe(false);
    }
  });
});

describe("log group and protection", () => {
  it("creates /aws/eks/<cluster>/cluster with the configured retention, default 90 days", () => {
    expect(controlPlaneSpec(exampleCluster("prod-eu-west-1")).logGroup).toMatchObject({ name: "/aws/eks/prod-eu-west-1/cluster", retentionInDays: 90 });
    expect(controlPlaneSpec(exampleCluster("prod-eu-west-1", controlPlane({ logRetentionDays: 400 }))).logGroup.retentionInDays).toBe(400);
  });

  it("accepts only retentions CloudWatch Logs offers, and not 'never expire'", () => {
    for (const days of [0, 2, 100, 3650]) {
      expect(problems(controlPlane({ logRetentionDays: days }))).toEqual([
        "cluster.controlPlane.logRetentionDays: must be a CloudWatch Logs retention: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
      ]);
    }
  });

  it("protects the cluster and its secrets key in prod only", () => {
    expect(controlPlaneSpec(exampleCluster("prod-eu-west-1")).protect).toBe(true);
    expect(controlPlaneSpec(exampleCluster("staging-eu-west-1")).protect).toBe(false);
  });
});

describe("EKS upgrade policy", () => {
  it("writes the API's default (EXTENDED) out, and STANDARD when the stack chooses it", () => {
    expect(controlPlaneSpec(exampleCluster("prod-eu-west-1")).supportType).toBe("EXTENDED");
    expect(controlPlaneSpec(exampleCluster("prod-eu-west-1", controlPlane({ supportType: "STANDARD" }))).supportType).toBe("STANDARD");
    expect(problems(controlPlane({ supportType: "standard" }))).toEqual(["cluster.controlPlane.supportType: must be EXTENDED or STANDARD"]);
  });
});
