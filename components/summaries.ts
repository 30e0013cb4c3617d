// The summary.md sections, in reading order. Each is a pure function of the validated cluster, taken
// from the component's own spec module, so a new component adds its section in one line here.
import type { Cluster } from "../config/stack";

export type SummarySection = (cluster: Cluster) => string[];

export const SUMMARY_SECTIONS: readonly SummarySection[] = [];
