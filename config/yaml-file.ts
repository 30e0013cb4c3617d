// Reads a YAML file into plain data, turning syntax errors (and duplicate keys, which YAML forbids and
// which would otherwise silently drop a group) into a Problem with line and column.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { formatPath, type PathSegment, type Problem } from "./problems";

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
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    // yaml refuses documents whose aliases expand past maxAliasCount (a "billion laughs" file).
    return { ok: false, problem: { file, path: "", message: "is not usable YAML: its aliases (*name) expand to too many values; write the values out instead" } };
  }
  const proto = protoKeyPath(data, []);
  if (proto !== undefined) {
    // A __proto__ key would be merged into Object.prototype by the layering: refuse it outright.
    return { ok: false, problem: { file, path: formatPath(proto), message: 'the key "__proto__" is not allowed (it is not a setting anywhere)' } };
  }
  return { ok: true, data };
}

/** Path of the first `__proto__` map key, or undefined. */
function protoKeyPath(value: unknown, path: PathSegment[]): PathSegment[] | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = protoKeyPath(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      if (key === "__proto__") return [...path, key];
      const found = protoKeyPath((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function firstLine(s: string): string {
  return s.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}
