// Offline synth: run the real program for one stack under the mock runtime and render what it would
// create as three review files: resources.json, manifests.yaml, summary.md.
import type { Cluster, StackSource } from "../config/stack";
import { runProgram } from "../program";
import { compareStrings, manifestYaml, sortKeys } from "./canonical";
import { mockState } from "./mock-state";
import { record, type RecordedResource } from "./recorder";
import { renderSummary } from "./summary";

export const PROJECT = "clusterkit";

export interface Synthesized {
  stack: string;
  resources: RecordedResource[];
  files: { "resources.json": string; "manifests.yaml": string; "summary.md": string };
}

/** Register the stack's resources under mocks. `source` is the raw stack config, as Pulumi would pass it. */
export async function recordStack(root: string, source: StackSource): Promise<RecordedResource[]> {
  const config: Record<string, string> = { "clusterkit:cluster": JSON.stringify(source.cluster) };
  if (typeof source.region === "string") config["aws:region"] = source.region;
  return record(() => runProgram(root), {
    project: PROJECT,
    stack: source.stack,
    config,
    state: mockState(String(source.region)),
  });
}

export async function synthesizeStack(root: string, source: StackSource, cluster: Cluster): Promise<Synthesized> {
  const resources = await recordStack(root, source);
  return {
    stack: source.stack,
    resources,
    files: {
      "resources.json": renderResources(resources),
      "manifests.yaml": renderManifests(resources),
      "summary.md": renderSummary(cluster, resources),
    },
  };
}

const byTypeThenName = (a: RecordedResource, b: RecordedResource) => compareStrings(a.type, b.type) || compareStrings(a.name, b.name);

export function renderResources(resources: readonly RecordedResource[]): string {
  const entries = [...resources].sort(byTypeThenName).map((r) => ({
    type: r.type,
    name: r.name,
    parent: r.parent,
    inputs: sortKeys(r.inputs),
    ...(r.options ? { options: sortKeys(r.options) } : {}),
  }));
  // Entry keys in reading order (type, name, parent, inputs, options); everything inside sorted.
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** Kubernetes objects: every resource of the kubernetes provider except providers and opaque groups. */
export function kubernetesObjects(resources: readonly RecordedResource[]): Record<string, any>[] {
  return resources
    .filter((r) => r.type.startsWith("kubernetes:") && typeof r.inputs.kind === "string" && typeof r.inputs.apiVersion === "string")
    .map((r) => r.inputs as Record<string, any>);
}

export function renderManifests(resources: readonly RecordedResource[]): string {
  const key = (o: Record<string, any>) => [o.kind, o.metadata?.namespace ?? "", o.metadata?.name ?? ""];
  const objects = kubernetesObjects(resources).sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return compareStrings(ka[0], kb[0]) || compareStrings(ka[1], kb[1]) || compareStrings(ka[2], kb[2]);
  });
  return objects.map((o) => `---\n${manifestYaml(o)}`).join("");
}
