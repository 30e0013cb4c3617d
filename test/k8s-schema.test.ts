// Every Kubernetes object synth renders is validated against the Kubernetes OpenAPI schemas shipped by
// kubernetes-models (types, required fields, enums, quantities) — the consumer's schema, not ours —
// and PrometheusRules against prometheus-operator's CRD schema.
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { Synthesized } from "../synth/synth";
import { synthesizeExamples } from "./helpers/synth";

type Model = new (data: object) => { validate(): void };

/** kubernetes-models lays models out as <group>/<version>/<Kind> (core: v1/<Kind>); CRDs come from their own packages. */
const CRD_MODELS: Record<string, string> = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

function modelFor(apiVersion: string, kind: string): Model {
  const pkg = CRD_MODELS[apiVersion.split("/")[0]] ?? "kubernetes-models";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`${pkg}/${apiVersion}/${kind}`);
  return mod[kind] ?? mod.default;
}

export function schemaErrors(object: Record<string, any>): string | undefined {
  try {
    new (modelFor(object.apiVersion, object.kind))(object).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

let results: Synthesized[];

beforeAll(async () => {
  results = await synthesizeExamples();
});

describe("Kubernetes schemas", () => {
  it("every object in every manifests.yaml is valid", () => {
    let objects = 0;
    for (const r of results) {
      for (const doc of parseAllDocuments(r.files["manifests.yaml"])) {
        const object = doc.toJS() as Record<string, any>;
        objects++;
        expect(schemaErrors(object), `${r.stack}: ${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name}`).toBeUndefined();
      }
    }
    expect(objects, "synth renders Kubernetes objects").toBeGreaterThan(0);
  });

  it("rejects a broken object (the validation can fail)", () => {
    const pod = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "x", namespace: "kube-system" },
      spec: {
        selector: { matchLabels: { app: "x" } },
        template: {
          metadata: { labels: { app: "x" } },
          spec: { dnsPolicy: "Sometimes", containers: [{ name: "c", image: "i", resources: { limits: { cpu: "lots" } } }] },
        },
      },
    };
    expect(schemaErrors(pod)).toMatch(/dnsPolicy|must be equal to one of the allowed values/);
    const { selector: _s, ...noSelector } = pod.spec;
    expect(schemaErrors({ ...pod, spec: noSelector })).toMatch(/selector/);
  });
});
