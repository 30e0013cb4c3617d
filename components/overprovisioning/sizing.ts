// Config-time rules for pause pods (seed: "big overprovisioning pods, bigger than any other pod"):
// a pause pod must be at least the group's largest application pod, or evicting one may not free enough;
// and it must fit on the group's smallest node after kubelet reservation and the DaemonSets, or the
// pause pods stay Pending forever and cluster-autoscaler keeps adding nodes for them.
import type { Cluster } from "../../config/stack";
import { planNodeGroups } from "../node-pools/plan";
import { usableForPods } from "./node-overhead";
import { amount } from "./resources";

export interface OverprovisioningProblem {
  path: (string | number)[];
  message: string;
}

export function overprovisioningProblems(cluster: Cluster): OverprovisioningProblem[] {
  const problems: OverprovisioningProblem[] = [];
  const groups = planNodeGroups(cluster);
  for (const name of Object.keys(cluster.appGroups).sort()) {
    const g = cluster.appGroups[name];
    const op = g.overprovisioning;
    if (!op?.enabled) continue;
    const at = ["appGroups", name, "overprovisioning", "pod"];
    const pause = amount(op.pod);
    if (g.largestPod) {
      const largest = amount(g.largestPod);
      if (pause.cpu < largest.cpu)
        problems.push({ path: [...at, "cpu"], message: `is ${op.pod.cpu}, below the group's largestPod cpu ${g.largestPod.cpu}: evicting one pause pod must free room for any application pod` });
      if (pause.memory < largest.memory)
        problems.push({ path: [...at, "memory"], message: `is ${op.pod.memory}, below the group's largestPod memory ${g.largestPod.memory}: evicting one pause pod must free room for any application pod` });
    }
    // Every type the group may launch must hold one pause pod; report the tightest per dimension.
    const types = groups.filter((ng) => ng.pool === name).flatMap((ng) => ng.instanceTypes);
    const usable = types.map((t) => ({ type: t.name, ...usableForPods(cluster, t) }));
    const tightestCpu = usable.reduce((a, b) => (b.cpu < a.cpu ? b : a));
    const tightestMemory = usable.reduce((a, b) => (b.memory < a.memory ? b : a));
    if (pause.cpu > tightestCpu.cpu)
      problems.push({ path: [...at, "cpu"], message: `is ${op.pod.cpu}, more than the ${tightestCpu.cpu}m left for pods on ${tightestCpu.type} after kubelet reservation and DaemonSets: the pause pods would never schedule` });
    if (pause.memory > tightestMemory.memory)
      problems.push({ path: [...at, "memory"], message: `is ${op.pod.memory}, more than the ${tightestMemory.memory}Mi left for pods on ${tightestMemory.type} after kubelet reservation and DaemonSets: the pause pods would never schedule` });
  }
  return problems;
}
