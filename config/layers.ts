// kops `--values` layering: values files from snippets/values/ deep-merged in order, the stack last.
// Maps merge, lists and scalars replace. Each path remembers the file that set it last, so an error
// in a merged value names the file the bad value came from.
import { formatPath, type PathSegment } from "./problems";

export interface Layer {
  file: string;
  data: Record<string, unknown>;
}

export interface Merged {
  value: Record<string, unknown>;
  /** formatPath(segments) -> file that wrote the value last. */
  origin: Map<string, string>;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mergeInto(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  file: string,
  path: PathSegment[],
  origin: Map<string, string>,
): void {
  for (const [key, value] of Object.entries(source)) {
    const here = [...path, key];
    origin.set(formatPath(here), file);
    const existing = target[key];
    if (isPlainObject(existing) && isPlainObject(value)) {
      mergeInto(existing, value, file, here, origin);
    } else {
      target[key] = isPlainObject(value) ? structuredClone(value) : value;
      if (isPlainObject(value)) markAll(value, file, here, origin);
    }
  }
}

function markAll(value: Record<string, unknown>, file: string, path: PathSegment[], origin: Map<string, string>): void {
  for (const [key, child] of Object.entries(value)) {
    origin.set(formatPath([...path, key]), file);
    if (isPlainObject(child)) markAll(child, file, [...path, key], origin);
  }
}

export function mergeLayers(layers: readonly Layer[]): Merged {
  const value: Record<string, unknown> = {};
  const origin = new Map<string, string>();
  for (const layer of layers) mergeInto(value, layer.data, layer.file, [], origin);
  return { value, origin };
}

/** The file responsible for a path: the deepest prefix some layer wrote, else the fallback. */
export function originOf(merged: Merged, path: readonly PathSegment[], fallback: string): string {
  for (let n = path.length; n > 0; n--) {
    const file = merged.origin.get(formatPath(path.slice(0, n)));
    if (file) return file;
  }
  return fallback;
}
