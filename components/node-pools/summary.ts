// summary.md: every ASG with what a reviewer checks first.
import type { Cluster } from "../../config/stack";
import { overrideOrder } from "./launch-template";
import { planNodeGroups } from "./plan";

const code = (s: string) => `\`${s}\``;

export function nodePoolsSummary(cluster: Cluster): string[] {
  const lines = [
    "## Node pools",
    "",
    "| ASG | pool | lifecycle | priority tier | instance types (first = CA template) | vCPU | memory GiB | min/max | AZs | labels | taints |",
    "| --- | --- | --- | ---: | --- | ---: | --- | --- | --- | --- | --- |",
  ];
  for (const g of planNodeGroups(cluster)) {
    const memory = g.instanceTypes.map((t) => t.memoryGiB);
    const [lo, hi] = [Math.min(...memory), Math.max(...memory)];
    const labels = Object.entries(g.labels).map(([k, v]) => code(`${k}=${v}`)).join(" ");
    const taints = g.taints.map((t) => code(`${t.key}=${t.value}:${t.effect}`)).join(" ") || "none";
    const lifecycle = g.lifecycle === "spot" ? `spot (${g.spotAllocationStrategy})` : "on-demand";
    lines.push(
      `| ${code(g.name)} | ${g.pool} | ${lifecycle} | ${g.tier} | ${overrideOrder(g.instanceTypes).join(", ")} | ${g.vcpu} | ${lo === hi ? lo : `${lo}-${hi}`} | ${g.minSize}/${g.maxSize} | ${g.availabilityZones.join(", ")} | ${labels} | ${taints} |`,
    );
  }
  return lines;
}
