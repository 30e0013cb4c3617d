// npm run schema: regenerate schema/*.json from the zod schema (test/schema.test.ts fails when stale).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { schemaFiles } from "../config/json-schema";
import { runMain } from "./args";

export const SCHEMA_DIR = "schema";

export function renderSchemaFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(schemaFiles()).map(([name, json]) => [name, `${JSON.stringify(json, null, 2)}\n`]));
}

if (require.main === module) {
  runMain(() => {
    mkdirSync(SCHEMA_DIR, { recursive: true });
    for (const [name, text] of Object.entries(renderSchemaFiles())) writeFileSync(join(SCHEMA_DIR, name), text);
    process.stdout.write(`wrote ${SCHEMA_DIR}/: ${Object.keys(renderSchemaFiles()).join(", ")}\n`);
    return 0;
  });
}
