// The strict pass (test/helpers/strict-schema.ts) against hand-made objects: it must name every field
// the schema does not know, and nothing in free-form maps or in fields the schema leaves open.
import { describe, expect, it } from "vitest";
import { modelFor, unknownFields } from "./helpers/strict-schema";

/** validate()'s own verdict: undefined when the object is valid. */
function schemaError(object: Record<string, any>): string | undefined {
  try {
    new (modelFor(object.apiVersion, object.kind))(object).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A valid DaemonSet using every kind of free-form map a pod spec has; `patch` breaks one thing. */
function daemonSet(patch: (o: any) => void = () => {}): Record<string, any> {
  const o: any = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "dns", namespace: "kube-system", labels: { "app.kubernetes.io/name": "dns" }, annotations: { "example.com/any": "thing" } },
    spec: {
      selector: { matchLabels: { "app.kubernetes.io/name": "dns" } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "dns" }, annotations: { "prometheus.io/scrape": "true" } },
        spec: {
          priorityClassName: "system-node-critical",
          nodeSelector: { "kubernetes.io/os": "linux", "node.example.com/pool": "admin" },
          tolerations: [{ key: "dedicated", operator: "Equal", value: "admin", effect: "NoSchedule" }],
          containers: [
            {
              name: "dnsmasq",
              image: "dnsmasq:2.90",
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "64Mi", "hugepages-2Mi": "0" } },
            },
          ],
        },
      },
    },
  };
  patch(o);
  return o;
}

const pod = (o: any) => o.spec.template.spec;

describe("unknownFields on core objects", () => {
  it("finds nothing in a valid DaemonSet, whatever keys its labels, annotations, nodeSelector and resources hold", () => {
    expect(schemaError(daemonSet())).toBeUndefined();
    expect(unknownFields(daemonSet())).toEqual([]);
  });

  it("names a misspelt field that validate() lets through", () => {
    const typo = daemonSet((o) => {
      pod(o).priorityClassNam = pod(o).priorityClassName;
      delete pod(o).priorityClassName;
    });
    expect(schemaError(typo)).toBeUndefined();
    expect(unknownFields(typo)).toEqual(["spec.template.spec.priorityClassNam"]);
  });

  it("names an unknown list field once, not the objects inside it", () => {
    const typo = daemonSet((o) => {
      pod(o).tolerationz = pod(o).tolerations;
      delete pod(o).tolerations;
    });
    expect(schemaError(typo)).toBeUndefined();
    expect(unknownFields(typo)).toEqual(["spec.template.spec.tolerationz"]);
  });

  it("follows list items: an unknown field of a container", () => {
    const typo = daemonSet((o) => {
      pod(o).containers.push({ name: "exporter", image: "exporter:1" });
      pod(o).containers[0].resourcez = pod(o).containers[0].resources;
      delete pod(o).containers[0].resources;
    });
    expect(schemaError(typo)).toBeUndefined();
    expect(unknownFields(typo)).toEqual(["spec.template.spec.containers[0].resourcez"]);
  });

  it("names every unknown field, at every depth, in document order", () => {
    const typos = daemonSet((o) => {
      o.metadata.lables = { a: "b" };
      o.spec["update.strategy"] = {};
      pod(o).tolerations[0].efect = "NoExecute";
      pod(o).containers[0].resources.limitz = { cpu: "1" };
      o.statuz = {};
    });
    expect(unknownFields(typos)).toEqual([
      "metadata.lables",
      "spec.template.spec.tolerations[0].efect",
      "spec.template.spec.containers[0].resources.limitz",
      'spec["update.strategy"]',
      "statuz",
    ]);
  });

  it("still names unknown fields in an object that is also invalid", () => {
    const broken = daemonSet((o) => {
      pod(o).dnsPolicy = "Sometimes";
      pod(o).containers[0].imagePullPolicy = 3;
      pod(o).containers[0].imagePulPolicy = "Always";
    });
    expect(schemaError(broken)).toMatch(/dnsPolicy/);
    expect(unknownFields(broken)).toEqual(["spec.template.spec.containers[0].imagePulPolicy"]);
  });

  it("judges each position by its own schema when one object is shared between two", () => {
    const shared = { name: "x" };
    const o = daemonSet((d) => {
      d.metadata = shared;
      pod(d).securityContext = shared;
    });
    expect(unknownFields(o)).toEqual(["spec.template.spec.securityContext.name"]);
  });

  it("lets ConfigMap data and binaryData hold any key, but not a misspelt data", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { "Corefile": ".:53 {}", "a.b-c_d": "x" }, binaryData: { "k.bin": "AA==" } };
    expect(unknownFields(cm)).toEqual([]);
    expect(unknownFields({ ...cm, dat: { x: "y" } })).toEqual(["dat"]);
  });
});

describe("unknownFields where the schema leaves things open", () => {
  it("checks nothing inside a RawExtension (ControllerRevision.data)", () => {
    const revision = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: { name: "r" },
      revision: 1,
      data: { spec: { template: { anything: { goes: [1, { here: true }] } } } },
    };
    expect(schemaError(revision)).toBeUndefined();
    expect(unknownFields(revision)).toEqual([]);
    expect(unknownFields({ ...revision, revison: 2 })).toEqual(["revison"]);
  });

  it("checks nothing inside managedFields[].fieldsV1, but does check managedFields[] itself", () => {
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", managedFields: [{ manager: "kubectl", operation: "Apply", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:x": {} } } }] },
    };
    expect(unknownFields(cm)).toEqual([]);
    cm.metadata.managedFields[0] = { ...cm.metadata.managedFields[0], managr: "x" } as any;
    expect(unknownFields(cm)).toEqual(["metadata.managedFields[0].managr"]);
  });

  // kubernetes-models compiled its validators without any `description` or x-kubernetes-* key, real
  // properties of those names included; the helper lets them through rather than report real fields.
  it("lets PriorityClass's description through, though its compiled validator lost it", () => {
    const pc = { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 5, description: "spiky APIs" };
    expect(schemaError(pc)).toBeUndefined();
    expect(unknownFields(pc)).toEqual([]);
    expect(unknownFields({ ...pc, descripton: "x" })).toEqual(["descripton"]);
  });

  it("checks nothing inside a CRD's JSON-typed default and example, keeps its description and x-kubernetes-* fields, but does check the JSONSchemaProps around them", () => {
    const crd: any = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "widgets.example.com" },
      spec: {
        group: "example.com",
        scope: "Namespaced",
        names: { plural: "widgets", singular: "widget", kind: "Widget" },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: "object",
                description: "A widget.",
                "x-kubernetes-preserve-unknown-fields": true,
                properties: { size: { type: "object", default: { any: { shape: 1 } }, example: { free: "form" } } },
              },
            },
          },
        ],
      },
    };
    expect(schemaError(crd)).toBeUndefined();
    expect(unknownFields(crd)).toEqual([]);
    crd.spec.versions[0].schema.openAPIV3Schema.properties.size.typ = "string";
    expect(unknownFields(crd)).toEqual(["spec.versions[0].schema.openAPIV3Schema.properties.size.typ"]);
  });
});

describe("unknownFields on prometheus-operator objects (CRD schemas)", () => {
  const podMonitor = (): any => ({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: "dns", namespace: "monitoring", labels: { release: "prometheus" } },
    spec: {
      selector: { matchLabels: { "app.kubernetes.io/name": "dns" } },
      namespaceSelector: { matchNames: ["kube-system"] },
      podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s", params: { "collect[]": ["dns"] } }],
    },
  });

  it("finds nothing in a valid PodMonitor, names unknown spec and endpoint fields", () => {
    expect(schemaError(podMonitor())).toBeUndefined();
    expect(unknownFields(podMonitor())).toEqual([]);
    const typo = podMonitor();
    typo.spec.jobLable = "app";
    typo.spec.podMetricsEndpoints[0].intervall = "30s";
    expect(schemaError(typo)).toBeUndefined();
    expect(unknownFields(typo)).toEqual(["spec.podMetricsEndpoints[0].intervall", "spec.jobLable"]);
  });

  const rule = (): any => ({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "clusterkit", namespace: "monitoring" },
    spec: {
      groups: [
        {
          name: "nodes",
          rules: [{ alert: "X", expr: "up == 0", for: "5m", labels: { severity: "page", "team.example.com/owner": "platform" }, annotations: { summary: "s", runbook_url: "u" } }],
        },
      ],
    },
  });

  it("finds nothing in a valid PrometheusRule (rule labels and annotations are free), names unknown group and rule fields", () => {
    expect(schemaError(rule())).toBeUndefined();
    expect(unknownFields(rule())).toEqual([]);
    const typo = rule();
    typo.spec.groups[0].intervall = "1m";
    typo.spec.groups[0].rules[0].fro = "5m";
    expect(schemaError(typo)).toBeUndefined();
    expect(unknownFields(typo)).toEqual(["spec.groups[0].rules[0].fro", "spec.groups[0].intervall"]);
  });
});
