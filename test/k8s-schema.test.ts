// Every Kubernetes object synth renders is validated against the Kubernetes OpenAPI schemas shipped by
// kubernetes-models (types, required fields, enums, quantities) — the consumer's schema, not ours —
// and PrometheusRules against prometheus-operator's CRD schema; then strictly, as
// `kubectl --validate=strict` would: no field the schema does not know.
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { Synthesized } from "../synth/synth";
import { podMonitors } from "../components/alerts/scrape-targets";
import { exampleCluster } from "./helpers/stacks";
import { modelFor, unknownFields } from "./helpers/strict-schema";
import { synthesizeExamples } from "./helpers/synth";

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

  // validate() ignores unknown keys: a misspelt field would pass it and be dropped by the API server.
  it("no object in any manifests.yaml has a field its schema does not know", () => {
    const unknown: string[] = [];
    const kinds = new Map<string, Record<string, any>>();
    for (const r of results) {
      for (const doc of parseAllDocuments(r.files["manifests.yaml"])) {
        const object = doc.toJS() as Record<string, any>;
        kinds.set(`${object.apiVersion} ${object.kind}`, object);
        const where = `${r.stack}: ${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name}`;
        for (const path of unknownFields(object)) unknown.push(`${where}: ${path}`);
      }
    }
    expect(unknown).toEqual([]);
    // The pass is live for every kind rendered: one misspelt field in the object and in its metadata is found.
    expect(kinds.size, "synth renders Kubernetes objects").toBeGreaterThan(0);
    for (const [kind, object] of kinds) {
      expect(unknownFields({ ...object, kindd: "x", metadata: { ...object.metadata, nam: "x" } }), kind).toEqual(["metadata.nam", "kindd"]);
    }
  });

  it("every stack with alerts renders its PodMonitors, valid against prometheus-operator's schema", () => {
    let rendered = 0;
    for (const r of results) {
      const monitors = parseAllDocuments(r.files["manifests.yaml"])
        .map((d) => d.toJS() as Record<string, any>)
        .filter((o) => o.kind === "PodMonitor");
      const cluster = exampleCluster(r.stack);
      const expected = cluster.alerts.enabled ? podMonitors(cluster).map((m) => m.metadata.name) : [];
      expect(monitors.map((m) => m.metadata.name).sort(), r.stack).toEqual(expected.sort());
      for (const m of monitors) expect(schemaErrors(m), `${r.stack}: PodMonitor ${m.metadata.name}`).toBeUndefined();
      rendered += monitors.length;
    }
    expect(rendered, "some example stack has alerts on").toBeGreaterThan(0);
  });

  it("rejects a broken PodMonitor (the CRD schema is really applied)", () => {
    const monitor = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "x", namespace: "monitoring" },
      spec: { selector: { matchLabels: { app: "x" } }, podMetricsEndpoints: [{ port: "metrics", path: "/metrics" }] },
    };
    expect(schemaErrors(monitor)).toBeUndefined();
    expect(schemaErrors({ ...monitor, spec: { ...monitor.spec, podMetricsEndpoints: [{ port: 8085 }] } })).toMatch(/port/);
    expect(schemaErrors({ ...monitor, spec: { ...monitor.spec, namespaceSelector: { matchNames: "kube-system" } } })).toMatch(/matchNames/);
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
