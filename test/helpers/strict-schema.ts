// Strict field checking for rendered Kubernetes objects: the check `kubectl --validate=strict` and
// kubeconform -strict make and kubernetes-models' validate() does not (a typo such as
// `priorityClassNam` passes it, and the API server would drop the field silently).
//
// kubernetes-models ships no JSON schemas, only the validators Ajv compiled from them: one module per
// OpenAPI definition (kubernetes-models/_schemas/, @kubernetes-models/apimachinery/_schemas/, CRDs in
// @kubernetes-models/<crd>/_schemas/), $refs turned into calls between modules, every `description`
// and x-kubernetes-* key dropped. What a schema allows still shows in what its validator reads: it looks up each
// name in `properties` (through $refs, array items and allOf/anyOf branches), reads every key of a
// map (additionalProperties: labels, annotations, data, nodeSelector, resources.limits), and reads
// nothing of an object whose schema has no properties (RawExtension, FieldsV1, JSON: anything goes).
// So the object goes through the package's own validator behind proxies that record those reads.
//
// Those keys were dropped at every depth, so properties of those names went too: PriorityClass's
// `description`, JSONSchemaProps' `description` and x-kubernetes-preserve-unknown-fields, ... No
// validator knows them any more, so such keys are let through unchecked, anywhere. Blind spot: an object with both `properties` and
// x-kubernetes-preserve-unknown-fields would have its extra keys reported, since the compiled validator
// no longer says it preserves them. None of the built-in kinds clusterkit renders has one, nor do
// prometheus-operator's own PodMonitor and PrometheusRule CRD files.

/** A kubernetes-models class: `validate()` runs the compiled schema validator on `this`. */
export type Model = (new (data: object) => { validate(): void }) & { prototype: { validate(): void } };

/** kubernetes-models lays models out as <group>/<version>/<Kind> (core: v1/<Kind>); CRDs come from their own packages. */
const CRD_MODELS: Record<string, string> = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

export function modelFor(apiVersion: string, kind: string): Model {
  const pkg = CRD_MODELS[apiVersion.split("/")[0]] ?? "kubernetes-models";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`${pkg}/${apiVersion}/${kind}`);
  return mod[kind] ?? mod.default;
}

/** An object's keys the validator read (enumerating them counts: for-in and Object.keys read each key's descriptor). */
type Node = { looked: Set<string>; fields: Record<string, Node> } | { items: Node[] } | null;

/** A copy of `value` whose objects record the validator's reads into the returned tree, one record per position. */
function watch(value: unknown): { data: unknown; node: Node } {
  if (Array.isArray(value)) {
    const watched = value.map(watch);
    return { data: watched.map((w) => w.data), node: { items: watched.map((w) => w.node) } };
  }
  if (value === null || typeof value !== "object") return { data: value, node: null };
  const copy: Record<string, unknown> = {};
  const fields: Record<string, Node> = {};
  for (const [key, child] of Object.entries(value)) {
    const w = watch(child);
    copy[key] = w.data;
    fields[key] = w.node;
  }
  const looked = new Set<string>();
  const look = (key: string | symbol) => typeof key === "string" && looked.add(key);
  const data = new Proxy(copy, {
    get: (target, key, receiver) => (look(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (look(key), Reflect.has(target, key)),
    getOwnPropertyDescriptor: (target, key) => (look(key), Reflect.getOwnPropertyDescriptor(target, key)),
  });
  return { data, node: { looked, fields } };
}

/** Keys the generator removed from every schema, real properties of those names included. */
const stripped = (key: string) => key === "description" || key.startsWith("x-kubernetes-");

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;
const join = (path: string, key: string) => (IDENTIFIER.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);

function collect(node: Node, path: string, out: string[]): void {
  if (node === null) return;
  if ("items" in node) {
    node.items.forEach((item, i) => collect(item, `${path}[${i}]`, out));
    return;
  }
  const { looked, fields } = node;
  // Never looked into: the schema has no properties here, so nothing below is constrained either.
  if (looked.size === 0) return;
  for (const [key, child] of Object.entries(fields)) {
    if (looked.has(key)) collect(child, join(path, key), out);
    else if (!stripped(key)) out.push(join(path, key));
  }
}

/**
 * The path of every field in `object` that its schema does not know (`spec.template.spec.tolerationz`,
 * `spec.template.spec.containers[0].resourcez`), in document order; nothing below an unknown field.
 * Schema errors (types, required fields) are validate()'s business and are not reported here.
 */
export function unknownFields(object: Record<string, unknown>): string[] {
  const model = modelFor(String(object.apiVersion), String(object.kind));
  const { data, node } = watch(object);
  try {
    // The prototype method, not `new Model(data)`: the constructor copies the object, reading every key.
    model.prototype.validate.call(data);
  } catch (e) {
    // A schema error (Ajv's ValidationError) is validate()'s to report; the compiled validators collect
    // every error, so they have read every field all the same. Anything else is a real failure.
    if (!(e as { validation?: boolean }).validation) throw e;
  }
  const out: string[] = [];
  collect(node, "", out);
  return out;
}
