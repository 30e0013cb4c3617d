// Reads rendered user data back the way the node sees it: MIME parts by the boundary the header
// declares, NodeConfig YAML, and the kubelet's own parsing of --node-labels and --register-with-taints.
// Tests use it to prove the ASG tags agree with what the kubelet will register.
import { parse } from "yaml";
import type { Taint } from "../../config/schema";

export interface MimePart {
  contentType: string;
  body: string;
}

export function mimeParts(document: string): MimePart[] {
  const header = /^Content-Type:\s*multipart\/mixed;\s*boundary="?([^"\n]+)"?\s*$/im.exec(document);
  if (!header) throw new Error("user data is not a multipart/mixed MIME document");
  const boundary = header[1];
  const chunks = document.split(`--${boundary}`);
  if (!chunks[chunks.length - 1].startsWith("--")) throw new Error("user data has no closing MIME boundary");
  return chunks.slice(1, -1).map((chunk) => {
    const text = chunk.replace(/^\r?\n/, "");
    const split = text.search(/\r?\n\r?\n/);
    const headers = text.slice(0, split);
    const type = /^Content-Type:\s*([^;\n]+)/im.exec(headers)?.[1]?.trim() ?? "text/plain";
    return { contentType: type, body: text.slice(split).replace(/^\r?\n\r?\n/, "") };
  });
}

export interface NodeView {
  nodeConfig: any;
  labels: Record<string, string>;
  taints: Taint[];
}

/** kubelet's taint parsing: `key[=value]:Effect`. */
function parseTaintArg(arg: string): Taint {
  const parts = arg.split(":");
  if (parts.length !== 2) throw new Error(`invalid taint "${arg}"`);
  const kv = parts[0].split("=");
  if (kv.length > 2) throw new Error(`invalid taint "${arg}"`);
  return { key: kv[0], value: kv[1] ?? "", effect: parts[1] as Taint["effect"] };
}

export function readNodeUserData(document: string): NodeView {
  const configs = mimeParts(document).filter((p) => p.contentType === "application/node.eks.aws");
  if (configs.length !== 1) throw new Error(`expected one NodeConfig part, found ${configs.length}`);
  const nodeConfig = parse(configs[0].body);
  const flags: string[] = nodeConfig?.spec?.kubelet?.flags ?? [];
  const labelFlags = flags.filter((f) => f.startsWith("--node-labels="));
  const taintFlags = flags.filter((f) => f.startsWith("--register-with-taints="));
  if (labelFlags.length > 1 || taintFlags.length > 1) throw new Error("more than one --node-labels or --register-with-taints flag");
  const labels: Record<string, string> = {};
  for (const pair of (labelFlags[0]?.slice("--node-labels=".length) ?? "").split(",").filter((p) => p !== "")) {
    const eq = pair.indexOf("=");
    if (eq < 0) throw new Error(`invalid node label "${pair}"`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const taintList = taintFlags[0]?.slice("--register-with-taints=".length) ?? "";
  const taints = taintList === "" ? [] : taintList.split(",").map(parseTaintArg);
  return { nodeConfig, labels, taints };
}
