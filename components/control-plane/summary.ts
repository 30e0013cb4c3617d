// summary.md: where the cluster runs and how its control plane is set up, in two or three lines.
import type { Cluster } from "../../config/stack";
import { networkSummary } from "../network/spec";
import { controlPlaneSummary } from "./spec";

export function awsSummary(cluster: Cluster): string[] {
  return ["## Network and control plane", "", ...networkSummary(cluster), ...controlPlaneSummary(cluster)];
}
