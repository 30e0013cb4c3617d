// AL2023 user data: a MIME multipart document with one nodeadm NodeConfig part. It carries everything
// nodeadm would otherwise look up (endpoint, CA, service CIDR: no DescribeCluster call per node, which
// keeps large scale-ups from throttling), kubelet clusterDNS, and the node's labels and taints as ONE
// --node-labels flag and one --register-with-taints flag, rendered from the NodeGroup the ASG tags use.
import { stringify } from "yaml";
import type { Taint } from "../../config/schema";
import type { NodeGroup } from "./plan";

export interface NodeClusterSettings {
  name: string;
  apiServerEndpoint: string;
  /** Base64 CA bundle, as EKS returns it. */
  certificateAuthority: string;
  /** The service CIDR. */
  cidr: string;
  /** kubelet clusterDNS: node-local cache first, kube-dns second. */
  clusterDns: readonly string[];
  maxPods?: number;
}

/** Fixed, so identical inputs give identical user data (and no needless launch template versions). */
export const MIME_BOUNDARY = "==CLUSTERKIT-NODEADM==";
export const NODECONFIG_CONTENT_TYPE = "application/node.eks.aws";

// kubelet refuses to start with --node-labels in these namespaces, except the allowed ones below
// (NodeRestriction admission): better to fail at render time than to have nodes that never join.
const RESTRICTED_LABEL_DOMAINS = ["kubernetes.io", "k8s.io"];
const ALLOWED_LABEL_DOMAINS = ["kubelet.kubernetes.io", "node.kubernetes.io"];

function labelDomain(key: string): string | undefined {
  const slash = key.indexOf("/");
  return slash < 0 ? undefined : key.slice(0, slash);
}

/** Why kubelet would refuse to set this label on its node, or undefined when it may. */
export function nodeLabelProblem(key: string): string | undefined {
  const domain = labelDomain(key);
  if (domain === undefined) return undefined;
  const restricted = RESTRICTED_LABEL_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
  const allowed = ALLOWED_LABEL_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
  return restricted && !allowed
    ? `kubelet may not set labels in the ${domain} namespace (only ${ALLOWED_LABEL_DOMAINS.join(" and ")} there): use your own prefix, like example.com/role`
    : undefined;
}

export function checkNodeLabel(key: string): void {
  const problem = nodeLabelProblem(key);
  if (problem) throw new Error(`node label "${key}": ${problem}`);
}

/** `--node-labels=k=v,k2=v2`, sorted by key. */
export function nodeLabelsFlag(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  for (const k of keys) checkNodeLabel(k);
  return `--node-labels=${keys.map((k) => `${k}=${labels[k]}`).join(",")}`;
}

/** kubelet's documented `key=value:Effect`; an empty value stays `key=:Effect`, mirroring the `:Effect` tag value. */
export function taintArg(t: Taint): string {
  if (t.value.includes(":") || t.value.includes(",") || t.key.includes(",")) throw new Error(`taint ${t.key}=${t.value}: ':' and ',' are not allowed in taint keys or values`);
  return `${t.key}=${t.value}:${t.effect}`;
}

export function registerWithTaintsFlag(taints: readonly Taint[]): string | undefined {
  return taints.length === 0 ? undefined : `--register-with-taints=${taints.map(taintArg).join(",")}`;
}

export function nodeConfig(settings: NodeClusterSettings, group: Pick<NodeGroup, "labels" | "taints">): Record<string, unknown> {
  const taints = registerWithTaintsFlag(group.taints);
  return {
    apiVersion: "node.eks.aws/v1alpha1",
    kind: "NodeConfig",
    spec: {
      cluster: {
        name: settings.name,
        apiServerEndpoint: settings.apiServerEndpoint,
        certificateAuthority: settings.certificateAuthority,
        cidr: settings.cidr,
      },
      kubelet: {
        config: { clusterDNS: [...settings.clusterDns], ...(settings.maxPods !== undefined ? { maxPods: settings.maxPods } : {}) },
        flags: [nodeLabelsFlag(group.labels), ...(taints ? [taints] : [])],
      },
    },
  };
}

/**
 * The whole user data document (plain text; the launch template takes its base64). `scripts` become
 * `text/x-shellscript` parts after the NodeConfig: cloud-init runs them before nodeadm starts the kubelet.
 */
export function renderUserData(settings: NodeClusterSettings, group: Pick<NodeGroup, "labels" | "taints">, scripts: readonly string[] = []): string {
  const parts = [
    { type: NODECONFIG_CONTENT_TYPE, body: `---\n${stringify(nodeConfig(settings, group), { lineWidth: 0 })}` },
    ...scripts.map((body) => ({ type: 'text/x-shellscript; charset="us-ascii"', body })),
  ];
  const lines = ["MIME-Version: 1.0", `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`, ""];
  for (const part of parts) {
    if (part.body.includes(MIME_BOUNDARY)) throw new Error("user data contains the MIME boundary");
    lines.push(`--${MIME_BOUNDARY}`, `Content-Type: ${part.type}`, "", part.body.trimEnd(), "");
  }
  lines.push(`--${MIME_BOUNDARY}--`, "");
  return lines.join("\n");
}

export function base64UserData(settings: NodeClusterSettings, group: Pick<NodeGroup, "labels" | "taints">, scripts: readonly string[] = []): string {
  return Buffer.from(renderUserData(settings, group, scripts), "utf8").toString("base64");
}
