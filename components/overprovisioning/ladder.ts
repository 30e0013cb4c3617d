// cluster-proportional-autoscaler's ladder mode, as the controller computes it (v1.10): each list sorted
// by threshold; a value gets the replicas of the largest threshold <= value; below the first threshold,
// the first entry's replicas; an empty or missing list gives 0; with both lists the larger result wins.
import type { LadderValues } from "../../config/schema";

export type Steps = readonly (readonly [number, number])[];

export function stepReplicas(value: number, steps: Steps | undefined): number {
  if (!steps || steps.length === 0) return 0;
  const sorted = [...steps].sort((a, b) => a[0] - b[0]);
  let pick = sorted[0];
  for (const step of sorted) if (step[0] <= value) pick = step;
  return pick[1];
}

/** Pause pod replicas for a group with `cores` (ceil of allocatable CPU summed) on `nodes` counted nodes. */
export function ladderReplicas(ladder: Pick<LadderValues, "coresToReplicas" | "nodesToReplicas">, at: { cores: number; nodes: number }): number {
  return Math.max(stepReplicas(at.cores, ladder.coresToReplicas), stepReplicas(at.nodes, ladder.nodesToReplicas));
}

/** The ConfigMap's `ladder` value as canonical JSON: keys sorted, no spaces, only the lists the stack sets. */
export function ladderJson(ladder: LadderValues): string {
  return JSON.stringify({
    ...(ladder.coresToReplicas ? { coresToReplicas: ladder.coresToReplicas } : {}),
    includeUnschedulableNodes: ladder.includeUnschedulableNodes,
    ...(ladder.nodesToReplicas ? { nodesToReplicas: ladder.nodesToReplicas } : {}),
  });
}
