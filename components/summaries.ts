// The summary.md sections, in reading order. Each is a pure function of the validated cluster, taken
// from the component's own spec module, so a new component adds its section in one line here.
import type { Cluster } from "../config/stack";
import { awsSummary } from "./control-plane/summary";
import { nodePoolsSummary } from "./node-pools/summary";
import { autoscalerSummary } from "./autoscaler/summary";
import { dnsSummary } from "./dns/summary";
import { nodeOverheadSummary, overprovisioningSummary } from "./overprovisioning/summary";
import { priorityClassSummary } from "./priority-classes/spec";
import { spotInterruptionsSummary } from "./spot-interruptions/summary";
import { scaleBackSummary } from "./scale-back/summary";
import { downscalerSummary } from "./downscaler/summary";
import { alertsSummary } from "./alerts/summary";

export type SummarySection = (cluster: Cluster) => string[];

export const SUMMARY_SECTIONS: readonly SummarySection[] = [
  awsSummary,
  nodePoolsSummary,
  priorityClassSummary,
  autoscalerSummary,
  overprovisioningSummary,
  (cluster) => dnsSummary(cluster),
  nodeOverheadSummary,
  spotInterruptionsSummary,
  scaleBackSummary,
  downscalerSummary,
  alertsSummary,
];
