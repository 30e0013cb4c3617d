// Canonical forms so output is byte-identical across runs: map keys sorted, Kubernetes objects with
// apiVersion, kind, metadata first as people expect to read them.
import { stringify } from "yaml";

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

const LEADING_KEYS = ["apiVersion", "kind", "metadata"];

export function manifestYaml(object: Record<string, unknown>): string {
  const sorted = sortKeys(object) as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of LEADING_KEYS) if (key in sorted) ordered[key] = sorted[key];
  for (const key of Object.keys(sorted)) if (!LEADING_KEYS.includes(key)) ordered[key] = sorted[key];
  return stringify(ordered, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
