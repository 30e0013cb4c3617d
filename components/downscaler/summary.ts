// summary.md: when the cluster sleeps and what never does.
import type { Cluster } from "../../config/stack";
import { IMAGES } from "../versions";
import { excludedNamespaces } from "./spec";

export function downscalerSummary(cluster: Cluster): string[] {
  const d = cluster.downscaler;
  if (!d.enabled) return ["## Off-hours downscaling", "", "Off (`downscaler.enabled: false`)."];
  return [
    "## Off-hours downscaling",
    "",
    `GoKubeDownscaler (\`${IMAGES.downscaler}\`): ${[...d.includeResources].sort().join(" and ")} run during \`${d.uptime}\` and are scaled to 0 outside it.`,
    `Never scaled down: ${excludedNamespaces(cluster).map((n) => `\`${n}\``).join(", ")} (and anything annotated \`downscaler/exclude: "true"\`).`,
  ];
}
