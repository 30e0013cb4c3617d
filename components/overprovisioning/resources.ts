// Quantities and Guaranteed QoS, as plain data. Every container clusterkit ships gets requests == limits:
// the scheduler reserves exactly what the container may use, so the per-node overhead is a known sum.
import type { Resources } from "../../config/schema";

export interface ResourceRequirements {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** requests == limits: the pod lands in the Guaranteed QoS class (when every container does this). */
export function guaranteed(r: Resources): ResourceRequirements {
  return { requests: { cpu: r.cpu, memory: r.memory }, limits: { cpu: r.cpu, memory: r.memory } };
}

/** "250m" -> 250, "2" -> 2000, "2.5" -> 2500 (the schema's CPU formats). */
export function millicores(cpu: string): number {
  if (cpu.endsWith("m")) return Number(cpu.slice(0, -1));
  return Math.round(Number(cpu) * 1000);
}

/** "64Mi" -> 64, "4Gi" -> 4096 (the schema's memory formats). */
export function mebibytes(memory: string): number {
  const m = /^([0-9]+)(Mi|Gi)$/.exec(memory);
  if (!m) throw new Error(`unsupported memory quantity "${memory}" (expected <n>Mi or <n>Gi)`);
  return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
}

export interface Amount {
  /** millicores */
  cpu: number;
  /** MiB */
  memory: number;
}

export function amount(r: Resources): Amount {
  return { cpu: millicores(r.cpu), memory: mebibytes(r.memory) };
}

export function formatAmount(a: Amount): string {
  return `${a.cpu}m CPU / ${a.memory}Mi`;
}
