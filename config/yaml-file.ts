// Reads a YAML file into plain data, turning syntax errors (and duplicate keys, which YAML forbids and
// which would otherwise silently drop a group) into a Problem with line and column.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { Problem } from "./problems";

export type YamlResult = { ok: true; data: unknown } | { ok: false; problem: Problem };

export function readYaml(root: string, file: string): YamlResult {
  let text: string;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch {
    return { ok: false, problem: { file, path: "", message: "cannot be read: the file does not exist" } };
  }
  return parseYaml(file, text);
}

export function parseYaml(file: string, text: string): YamlResult {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  const error = doc.errors[0];
  if (error) {
    const where = error.linePos?.[0] ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}: ` : "";
    const reason = error.code === "DUPLICATE_KEY" ? "duplicate key: every map key (group, pool, label) must be unique" : firstLine(error.message);
    return { ok: false, problem: { file, path: "", message: `is not valid YAML: ${where}${reason}` } };
  }
  return { ok: true, data: doc.toJS({ maxAliasCount: 100 }) };
}

function firstLine(s: string): string {
  return s.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}
