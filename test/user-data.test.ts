import { describe, expect, it } from "vitest";
import { readNodeUserData, mimeParts } from "../components/node-pools/user-data-reader";
import { base64UserData, renderUserData, type NodeClusterSettings } from "../components/node-pools/user-data";

const settings: NodeClusterSettings = {
  name: "prod-eu-west-1",
  apiServerEndpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
  certificateAuthority: "Q0EtREFUQQ==",
  cidr: "172.20.0.0/16",
  clusterDns: ["169.254.20.10", "172.20.0.10"],
};

const group = {
  labels: { "clusterkit.io/pool": "api", "clusterkit.io/lifecycle": "spot", team: "web" },
  taints: [
    { key: "dedicated", value: "api", effect: "NoSchedule" as const },
    { key: "gpu", value: "", effect: "NoExecute" as const },
  ],
};

describe("AL2023 nodeadm user data", () => {
  it("is MIME multipart with exactly one NodeConfig part carrying the cluster settings nodeadm needs", () => {
    const doc = renderUserData(settings, group);
    expect(doc.startsWith("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=")).toBe(true);
    const parts = mimeParts(doc);
    expect(parts.map((p) => p.contentType)).toEqual(["application/node.eks.aws"]);
    const { nodeConfig } = readNodeUserData(doc);
    expect(nodeConfig.apiVersion).toBe("node.eks.aws/v1alpha1");
    expect(nodeConfig.kind).toBe("NodeConfig");
    expect(nodeConfig.spec.cluster).toEqual({
      name: "prod-eu-west-1",
      apiServerEndpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
      certificateAuthority: "Q0EtREFUQQ==",
      cidr: "172.20.0.0/16",
    });
    expect(nodeConfig.spec.kubelet.config).toEqual({ clusterDNS: ["169.254.20.10", "172.20.0.10"] });
  });

  it("puts every label into ONE sorted --node-labels flag and every taint into one --register-with-taints flag", () => {
    const { nodeConfig, labels, taints } = readNodeUserData(renderUserData(settings, group));
    expect(nodeConfig.spec.kubelet.flags).toEqual([
      "--node-labels=clusterkit.io/lifecycle=spot,clusterkit.io/pool=api,team=web",
      "--register-with-taints=dedicated=api:NoSchedule,gpu=:NoExecute",
    ]);
    expect(labels).toEqual(group.labels);
    // The empty taint value survives the kubelet's parsing as "".
    expect(taints).toEqual(group.taints);
  });

  it("omits --register-with-taints for an untainted group and adds maxPods only when configured", () => {
    const untainted = readNodeUserData(renderUserData({ ...settings, maxPods: 58 }, { labels: { a: "b" }, taints: [] }));
    expect(untainted.nodeConfig.spec.kubelet.flags).toEqual(["--node-labels=a=b"]);
    expect(untainted.nodeConfig.spec.kubelet.config.maxPods).toBe(58);
    expect(untainted.taints).toEqual([]);
  });

  it("refuses taint values the kubelet would mis-parse and labels the kubelet may not set", () => {
    expect(() => renderUserData(settings, { labels: {}, taints: [{ key: "k", value: "a:b", effect: "NoSchedule" }] })).toThrow(/':' and ','/);
    expect(() => renderUserData(settings, { labels: { "node-role.kubernetes.io/worker": "" }, taints: [] })).toThrow(/may not set labels in the node-role\.kubernetes\.io namespace/);
    expect(() => renderUserData(settings, { labels: { "node.kubernetes.io/x": "y" }, taints: [] })).not.toThrow();
  });

  it("appends shell scripts as text/x-shellscript parts after the NodeConfig, still one NodeConfig", () => {
    const doc = renderUserData(settings, group, ["#!/bin/bash\necho one\n", "#!/bin/bash\necho two"]);
    const parts = mimeParts(doc);
    expect(parts.map((p) => p.contentType)).toEqual(["application/node.eks.aws", "text/x-shellscript", "text/x-shellscript"]);
    expect(parts[1].body.trimEnd()).toBe("#!/bin/bash\necho one");
    expect(readNodeUserData(doc).labels).toEqual(group.labels);
    expect(() => renderUserData(settings, group, ["echo ==CLUSTERKIT-NODEADM=="])).toThrow(/MIME boundary/);
  });

  it("is deterministic and base64-encodes the whole document", () => {
    const a = base64UserData(settings, group);
    expect(base64UserData(settings, { ...group, labels: { team: "web", "clusterkit.io/lifecycle": "spot", "clusterkit.io/pool": "api" } })).toBe(a);
    expect(Buffer.from(a, "base64").toString("utf8")).toBe(renderUserData(settings, group));
  });
});
