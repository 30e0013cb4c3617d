// The shared snippets: instance-type lists (snippets/instance-types/<name>.yaml, a YAML list each, as
// the seed's spot_4x_32Gb_machine_type.yaml) and layered values (snippets/values/<name>.yaml).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { byMemoryThenName, lookupInstanceType, INSTANCE_TYPES, type InstanceType } from "./catalog";
import { isPlainObject } from "./layers";
import type { Problem } from "./problems";
import { readYaml } from "./yaml-file";

export const INSTANCE_TYPES_DIR = "snippets/instance-types";
export const VALUES_DIR = "snippets/values";

export interface InstanceTypeSnippet {
  name: string;
  file: string;
  /** Sorted least memory first: cluster-autoscaler templates an ASG from its first override. */
  types: InstanceType[];
  vcpu: number;
  problems: Problem[];
}

export interface ValuesSnippet {
  name: string;
  file: string;
  data: Record<string, unknown>;
  problems: Problem[];
}

export interface SnippetLibrary {
  instanceTypes: Map<string, InstanceTypeSnippet>;
  values: Map<string, ValuesSnippet>;
}

function yamlNames(root: string, dir: string): string[] {
  try {
    return readdirSync(join(root, dir))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -".yaml".length))
      .sort();
  } catch {
    return [];
  }
}

export function loadSnippets(root: string): SnippetLibrary {
  const instanceTypes = new Map<string, InstanceTypeSnippet>();
  for (const name of yamlNames(root, INSTANCE_TYPES_DIR)) {
    instanceTypes.set(name, loadInstanceTypeSnippet(root, name));
  }
  const values = new Map<string, ValuesSnippet>();
  for (const name of yamlNames(root, VALUES_DIR)) {
    const file = `${VALUES_DIR}/${name}.yaml`;
    const read = readYaml(root, file);
    if (!read.ok) values.set(name, { name, file, data: {}, problems: [read.problem] });
    else if (!isPlainObject(read.data))
      values.set(name, { name, file, data: {}, problems: [{ file, path: "", message: "must be a map of cluster values (like the clusterkit:cluster value of a stack)" }] });
    else values.set(name, { name, file, data: read.data, problems: [] });
  }
  return { instanceTypes, values };
}

function loadInstanceTypeSnippet(root: string, name: string): InstanceTypeSnippet {
  const file = `${INSTANCE_TYPES_DIR}/${name}.yaml`;
  const broken = (problems: Problem[]): InstanceTypeSnippet => ({ name, file, types: [], vcpu: 0, problems });
  const read = readYaml(root, file);
  if (!read.ok) return broken([read.problem]);
  if (!Array.isArray(read.data) || read.data.length === 0)
    return broken([{ file, path: "", message: "must be a non-empty YAML list of EC2 instance types, like [c5.4xlarge, m5.4xlarge]" }]);

  const problems: Problem[] = [];
  const types: InstanceType[] = [];
  const seen = new Set<string>();
  read.data.forEach((entry, i) => {
    const type = typeof entry === "string" ? lookupInstanceType(entry) : undefined;
    if (typeof entry !== "string") problems.push({ file, path: `[${i}]`, message: "must be an instance type name like c5.4xlarge" });
    else if (!type) problems.push({ file, path: `[${i}]`, message: `unknown instance type "${entry}"${suggest(entry)}` });
    else if (seen.has(type.name)) problems.push({ file, path: `[${i}]`, message: `"${type.name}" is listed twice` });
    else {
      seen.add(type.name);
      types.push(type);
    }
  });
  if (problems.length > 0) return broken(problems);

  const vcpus = [...new Set(types.map((t) => t.vcpu))];
  if (vcpus.length > 1) {
    const detail = types.map((t) => `${t.name}=${t.vcpu}`).join(", ");
    problems.push({ file, path: "", message: `mixes vCPU counts (${detail}): every type of one ASG must have the same vCPU count, because cluster-autoscaler sizes the whole ASG from one type` });
  }
  const archs = [...new Set(types.map((t) => t.architecture))];
  if (archs.length > 1) {
    problems.push({ file, path: "", message: `mixes architectures (${archs.join(", ")}): one ASG runs one AMI, so all its types need the same architecture` });
  }
  if (problems.length > 0) return broken(problems);
  return { name, file, types: [...types].sort(byMemoryThenName), vcpu: vcpus[0], problems: [] };
}

/** " (did you mean c5.4xlarge?)" for near misses; "" otherwise. */
function suggest(name: string): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of INSTANCE_TYPES.keys()) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean ${best}?)` : " (not in config/catalog.ts: add its family there if it is real)";
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}
