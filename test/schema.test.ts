// The committed JSON Schemas must be what the zod schema generates today, and must accept the
// example stacks and values files (editors would otherwise flag valid files).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderSchemaFiles, SCHEMA_DIR } from "../cli/schema";
import { ClusterSchema } from "../config/schema";
import { listStacks } from "../config/stack";
import { ROOT } from "./helpers/repo";

describe("exported JSON Schema", () => {
  for (const [name, text] of Object.entries(renderSchemaFiles())) {
    it(`${SCHEMA_DIR}/${name} is current (npm run schema regenerates it)`, () => {
      expect(readFileSync(join(ROOT, SCHEMA_DIR, name), "utf8")).toBe(text);
    });
  }

  it("documents every field of the cluster with a description", () => {
    const missing: string[] = [];
    const walk = (node: any, path: string) => {
      if (!node || typeof node !== "object") return;
      for (const [key, child] of Object.entries<any>(node.properties ?? {})) {
        if (!child.description) missing.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (node.additionalProperties && typeof node.additionalProperties === "object") walk(node.additionalProperties, `${path}.*`);
      if (node.items) walk(node.items, `${path}[]`);
    };
    walk(JSON.parse(renderSchemaFiles()["values.schema.json"]), "cluster");
    expect(missing).toEqual([]);
  });

  it("rejects unknown keys everywhere (additionalProperties false on every object)", () => {
    const open: string[] = [];
    const walk = (node: any, path: string) => {
      if (!node || typeof node !== "object") return;
      if (node.type === "object" && node.properties && node.additionalProperties !== false) open.push(path);
      for (const [key, child] of Object.entries<any>(node.properties ?? {})) walk(child, `${path}.${key}`);
      if (node.additionalProperties && typeof node.additionalProperties === "object") walk(node.additionalProperties, `${path}.*`);
      if (node.items) walk(node.items, `${path}[]`);
    };
    walk(JSON.parse(renderSchemaFiles()["values.schema.json"]), "cluster");
    expect(open).toEqual([]);
  });

  it("points every example stack file at the stack schema", () => {
    for (const stack of listStacks(ROOT)) {
      const text = readFileSync(join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8");
      expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/stack.schema.json");
      expect(parse(text).config["clusterkit:cluster"].name).toBe(stack);
    }
  });

  it("is generated from the same schema that validates (a field added to zod appears in the JSON)", () => {
    const json = JSON.parse(renderSchemaFiles()["values.schema.json"]);
    expect(Object.keys(json.properties).sort()).toEqual(Object.keys(ClusterSchema.shape).sort());
  });
});
