// The cluster's PriorityClasses (seed: "PriorityClass"). Who gets sacrificed when capacity runs out:
// pause pods first, then `low` workers; most apps never name one and get `default`.
import type { IPriorityClass } from "kubernetes-models/scheduling.k8s.io/v1/PriorityClass";

export interface PriorityClassEntry {
  name: string;
  value: number;
  globalDefault: boolean;
  /** Never: the pod only ever takes free space, it never evicts anything to get scheduled. */
  preemptionPolicy: "PreemptLowerPriority" | "Never";
  description: string;
}

/**
 * `overprovisioning` must be exactly cluster-autoscaler's --expendable-pods-priority-cutoff (-10): a pod
 * strictly below the cutoff never triggers a scale-up, so at -11 a preempted pause pod would not make CA
 * add a node. Every other class is above it, so all of them preempt pause pods.
 */
export const PRIORITY_CLASSES: readonly PriorityClassEntry[] = [
  {
    name: "overprovisioning",
    value: -10,
    globalDefault: false,
    preemptionPolicy: "Never",
    description: "Pause pods holding spare capacity: preempted first, their pending replacements make cluster-autoscaler add nodes.",
  },
  {
    name: "low",
    value: -5,
    globalDefault: false,
    preemptionPolicy: "PreemptLowerPriority",
    description: "Asynchronous workers that may wait tens of minutes: sacrificed before default and high applications.",
  },
  {
    name: "default",
    value: 0,
    globalDefault: true,
    preemptionPolicy: "PreemptLowerPriority",
    description: "Every application that names no PriorityClass.",
  },
  {
    name: "high",
    value: 5,
    globalDefault: false,
    preemptionPolicy: "PreemptLowerPriority",
    description: "Critical, user-facing applications: scheduled first when capacity is short.",
  },
];

export const OVERPROVISIONING_PRIORITY_CLASS = "overprovisioning";

export function priorityClassValue(name: string): number {
  const entry = PRIORITY_CLASSES.find((c) => c.name === name);
  if (!entry) throw new Error(`unknown PriorityClass "${name}" (known: ${PRIORITY_CLASSES.map((c) => c.name).join(", ")})`);
  return entry.value;
}

export function priorityClassObjects(): IPriorityClass[] {
  return PRIORITY_CLASSES.map((c) => ({
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: c.name, labels: { "app.kubernetes.io/managed-by": "clusterkit" } },
    value: c.value,
    globalDefault: c.globalDefault,
    preemptionPolicy: c.preemptionPolicy,
    description: c.description,
  }));
}

export function priorityClassSummary(): string[] {
  return [
    "## PriorityClasses",
    "",
    "| name | value | global default | description |",
    "| --- | ---: | --- | --- |",
    ...PRIORITY_CLASSES.map((c) => `| \`${c.name}\` | ${c.value} | ${c.globalDefault ? "yes" : "no"} | ${c.description} |`),
  ];
}
