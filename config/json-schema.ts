// JSON Schemas for editors, generated from the zod schema so they never drift (a test checks the
// committed files are current). Stack files get the whole cluster; values files the same shape with
// nothing required, since they are layers.
import { z } from "zod";
import { ClusterSchema } from "./schema";
import { CLUSTER_KEY, REGION_KEY } from "./stack";

type Json = Record<string, unknown>;

export function clusterJsonSchema(): Json {
  const schema = z.toJSONSchema(ClusterSchema, { io: "input", target: "draft-2020-12" }) as Json;
  delete schema.$schema;
  return schema;
}

function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (node !== null && typeof node === "object") {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) if (k !== "required") out[k] = withoutRequired(v);
    return out;
  }
  return node;
}

export function schemaFiles(): Record<string, Json> {
  // Nothing inside the cluster is required by the editor schema: a stack may take any field from the
  // values files it extends. `npm run check` enforces the merged result.
  const cluster = withoutRequired(clusterJsonSchema()) as Json;
  return {
    "stack.schema.json": {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "clusterkit stack file (stacks/Pulumi.<stack>.yaml)",
      type: "object",
      required: ["config"],
      properties: {
        config: {
          type: "object",
          required: [REGION_KEY, CLUSTER_KEY],
          properties: {
            [REGION_KEY]: { type: "string", pattern: "^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", description: "AWS region of the cluster." },
            [CLUSTER_KEY]: cluster,
          },
        },
        encryptionsalt: { type: "string" },
        secretsprovider: { type: "string" },
        encryptedkey: { type: "string" },
        environment: {},
      },
      additionalProperties: false,
    },
    "values.schema.json": {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "clusterkit values file (snippets/values/<name>.yaml): a layer of cluster values",
      ...cluster,
    },
  };
}
