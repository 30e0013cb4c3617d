// What every node gives away before application pods: the kubelet's reservation (AL2023 nodeadm's
// formula) and the DaemonSets clusterkit ships, all Guaranteed QoS so their sum is exact (seed: "a server
// with 16 CPUs has in fact only 80% of them usable").
import type { InstanceType } from "../../config/catalog";
import type { Cluster } from "../../config/stack";
import { nodeLocalDnsDaemonSet } from "../dns/dnsmasq";
import { amount, type Amount } from "./resources";

export interface OverheadEntry {
  /** namespace/name of the DaemonSet */
  name: string;
  perNode: Amount;
}

/** A pod's effective request: the larger of its biggest init container and the sum of its containers. */
function podRequest(spec: { containers: { resources?: { requests?: Record<string, unknown> } }[]; initContainers?: { resources?: { requests?: Record<string, unknown> } }[] }): Amount {
  const of = (c: { resources?: { requests?: Record<string, unknown> } }) =>
    amount({ cpu: String(c.resources?.requests?.cpu ?? "0"), memory: String(c.resources?.requests?.memory ?? "0Mi") });
  const sum = spec.containers.map(of).reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory }), { cpu: 0, memory: 0 });
  const init = (spec.initContainers ?? []).map(of);
  return { cpu: Math.max(sum.cpu, ...init.map((i) => i.cpu)), memory: Math.max(sum.memory, ...init.map((i) => i.memory)) };
}

/**
 * The per-node DaemonSets clusterkit ships. The EKS add-on DaemonSets (aws-node, kube-proxy) are NOT
 * counted: their current default requests could not be confirmed, and they set requests without limits.
 */
export function fixedNodeOverhead(cluster: Cluster): { entries: OverheadEntry[]; total: Amount } {
  const daemonSets = [nodeLocalDnsDaemonSet(cluster)];
  const entries = daemonSets.map((ds) => ({
    name: `${ds.metadata!.namespace}/${ds.metadata!.name}`,
    perNode: podRequest(ds.spec!.template.spec! as Parameters<typeof podRequest>[0]),
  }));
  const total = entries.reduce((a, e) => ({ cpu: a.cpu + e.perNode.cpu, memory: a.memory + e.perNode.memory }), { cpu: 0, memory: 0 });
  return { entries, total };
}

/** kubelet's default hard eviction threshold memory.available<100Mi. */
export const EVICTION_HARD_MEMORY_MI = 100;

/**
 * nodeadm's default maxPods comes from the instance's ENI limits (DescribeInstanceTypes at boot), which
 * the catalog does not carry: this is the ENI-based value of Nitro sizes by vCPU, the usual upper bound.
 */
export function estimatedMaxPods(vcpu: number): number {
  if (vcpu <= 2) return 29;
  if (vcpu <= 8) return 58;
  if (vcpu <= 48) return 234;
  return 737;
}

/** AL2023 nodeadm kube-reserved: CPU 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above; memory 11Mi per pod + 255Mi. */
export function kubeletReserved(vcpu: number, maxPods: number): Amount {
  const total = vcpu * 1000;
  const bands: [number, number, number][] = [
    [0, 1000, 600],
    [1000, 2000, 100],
    [2000, 4000, 50],
    [4000, Number.POSITIVE_INFINITY, 25],
  ];
  const cpu = bands.reduce((acc, [start, end, basisPoints]) => (total <= start ? acc : acc + Math.floor(((Math.min(total, end) - start) * basisPoints) / 10000)), 0);
  return { cpu, memory: 11 * maxPods + 255 };
}

/** What pods can request on one instance type: capacity - kube-reserved - eviction threshold. */
export function allocatable(type: InstanceType, maxPods: number | undefined): Amount {
  const reserved = kubeletReserved(type.vcpu, maxPods ?? estimatedMaxPods(type.vcpu));
  return { cpu: type.vcpu * 1000 - reserved.cpu, memory: Math.floor(type.memoryGiB * 1024) - reserved.memory - EVICTION_HARD_MEMORY_MI };
}

/** What an application (or pause) pod can still get on an otherwise empty node of this type. */
export function usableForPods(cluster: Cluster, type: InstanceType): Amount {
  const a = allocatable(type, cluster.nodes.maxPods);
  const o = fixedNodeOverhead(cluster).total;
  return { cpu: a.cpu - o.cpu, memory: a.memory - o.memory };
}
