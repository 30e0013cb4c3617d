// Overprovisioning: CPA's ladder semantics, the pause Deployment and its CPA, the sizing rules, and the
// -10 rule that makes preempted pause pods trigger scale-ups at all.
import { describe, expect, it } from "vitest";
import { autoscalerFlags } from "../components/autoscaler/flags";
import { LABELS, planNodeGroups } from "../components/node-pools/plan";
import { ladderJson, ladderReplicas, stepReplicas } from "../components/overprovisioning/ladder";
import { allocatable, fixedNodeOverhead, kubeletReserved } from "../components/overprovisioning/node-overhead";
import { amount } from "../components/overprovisioning/resources";
import { overprovisioningProblems } from "../components/overprovisioning/sizing";
import { autoscalerArgs, overprovisioningObjects } from "../components/overprovisioning/spec";
import { PRIORITY_CLASSES, priorityClassObjects } from "../components/priority-classes/spec";
import { IMAGES } from "../components/versions";
import type { Cluster } from "../config/stack";
import { exampleClusters } from "./helpers/stacks";

const clusters = exampleClusters();
const prod = clusters.find((c) => c.stack === "prod-eu-west-1")!;

describe("ladder replicas (CPA ladder mode)", () => {
  const seed = { coresToReplicas: [[16, 4], [100, 10], [200, 20]] as [number, number][] };

  it("below the first step gives the first step's replicas", () => {
    expect(ladderReplicas(seed, { cores: 0, nodes: 0 })).toBe(4);
    expect(ladderReplicas(seed, { cores: 15, nodes: 9 })).toBe(4);
  });
  it("exactly on a step takes that step", () => {
    expect(ladderReplicas(seed, { cores: 16, nodes: 1 })).toBe(4);
    expect(ladderReplicas(seed, { cores: 100, nodes: 1 })).toBe(10);
    expect(ladderReplicas(seed, { cores: 200, nodes: 1 })).toBe(20);
  });
  it("between steps keeps the lower step", () => {
    expect(ladderReplicas(seed, { cores: 99, nodes: 1 })).toBe(4);
    expect(ladderReplicas(seed, { cores: 199, nodes: 1 })).toBe(10);
    expect(ladderReplicas(seed, { cores: 5000, nodes: 1 })).toBe(20);
  });
  it("with both lists the larger result wins", () => {
    const both = { coresToReplicas: [[16, 2], [64, 6]] as [number, number][], nodesToReplicas: [[1, 1], [10, 8]] as [number, number][] };
    expect(ladderReplicas(both, { cores: 64, nodes: 4 })).toBe(6);
    expect(ladderReplicas(both, { cores: 64, nodes: 10 })).toBe(8);
    expect(ladderReplicas(both, { cores: 0, nodes: 0 })).toBe(2);
  });
  it("an empty or missing list gives 0, and a ladder may ask for 0", () => {
    expect(stepReplicas(50, [])).toBe(0);
    expect(stepReplicas(50, undefined)).toBe(0);
    expect(ladderReplicas({ nodesToReplicas: [[0, 0], [3, 1]] }, { cores: 500, nodes: 2 })).toBe(0);
    expect(ladderReplicas({}, { cores: 500, nodes: 50 })).toBe(0);
  });
  it("sorts unsorted steps as CPA does", () => {
    expect(stepReplicas(150, [[200, 20], [16, 4], [100, 10]])).toBe(10);
  });
  it("writes the ConfigMap value as canonical JSON", () => {
    const json = ladderJson({ ...seed, includeUnschedulableNodes: false });
    expect(json).toBe('{"coresToReplicas":[[16,4],[100,10],[200,20]],"includeUnschedulableNodes":false}');
    const keys = Object.keys(JSON.parse(json));
    expect(keys).toEqual([...keys].sort());
  });
});

describe("the -10 rule", () => {
  const cutoff = Number(autoscalerFlags(prod).find((f) => f.startsWith("--expendable-pods-priority-cutoff="))!.split("=")[1]);
  const value = (name: string) => PRIORITY_CLASSES.find((c) => c.name === name)!.value;

  it("pause pods sit exactly on CA's expendable cutoff: not below it (they would never scale up), the lowest class", () => {
    expect(cutoff).toBe(-10);
    expect(value("overprovisioning")).toBe(cutoff);
    for (const c of PRIORITY_CLASSES.filter((p) => p.name !== "overprovisioning")) expect(c.value, c.name).toBeGreaterThan(cutoff);
  });
  it("has the seed's classes, one global default, and pause pods never preempt", () => {
    expect(PRIORITY_CLASSES.map((c) => [c.name, c.value])).toEqual([["overprovisioning", -10], ["low", -5], ["default", 0], ["high", 5]]);
    expect(priorityClassObjects().filter((c) => c.globalDefault).map((c) => c.metadata!.name)).toEqual(["default"]);
    expect(priorityClassObjects().find((c) => c.metadata!.name === "overprovisioning")!.preemptionPolicy).toBe("Never");
    expect(priorityClassObjects().find((c) => c.metadata!.name === "low")!.preemptionPolicy).toBe("PreemptLowerPriority");
  });
  it("every pause Deployment uses the overprovisioning class", () => {
    for (const c of clusters) for (const g of overprovisioningObjects(c).groups) expect(g.pause.spec!.template.spec!.priorityClassName).toBe("overprovisioning");
  });
});

describe("pause Deployment and its CPA", () => {
  const o = overprovisioningObjects(prod);
  const plan = planNodeGroups(prod);

  it("one per overprovisioned group", () => {
    expect(o.groups.map((g) => g.group)).toEqual(Object.keys(prod.appGroups).filter((n) => prod.appGroups[n].overprovisioning?.enabled).sort());
  });

  for (const g of o.groups) {
    describe(g.group, () => {
      const pod = g.pause.spec!.template.spec!;
      const values = prod.appGroups[g.group].overprovisioning!;
      const taints = plan.find((n) => n.pool === g.group)!.taints;

      it("places pause pods on the group with its tolerations, sized from config, requests == limits", () => {
        expect(pod.nodeSelector).toEqual({ [LABELS.pool]: g.group });
        expect(pod.tolerations).toEqual(taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })));
        expect(pod.containers[0].resources).toEqual({ requests: values.pod, limits: values.pod });
        expect(pod.containers[0].image).toBe(IMAGES.pause);
        expect(pod.terminationGracePeriodSeconds).toBe(0);
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65535 });
        expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        // CPA owns the replica count; setting it here would fight it on every deploy.
        expect(g.pause.spec!.replicas).toBeUndefined();
      });

      it("runs CPA in ladder mode on the admin pool, counting only this group's nodes, from our ConfigMap", () => {
        const cpa = g.autoscaler.spec!.template.spec!;
        expect(cpa.nodeSelector).toEqual({ [LABELS.pool]: "admin" });
        expect(cpa.tolerations).toEqual([{ key: "dedicated", operator: "Equal", value: "admin", effect: "NoSchedule" }]);
        expect(cpa.containers[0].args).toEqual(autoscalerArgs(g.group));
        expect(cpa.containers[0].args).toContain(`--target=deployment/${g.pause.metadata!.name}`);
        expect(cpa.containers[0].args).toContain(`--configmap=${g.ladder.metadata!.name}`);
        expect(cpa.containers[0].args).toContain(`--nodelabels=${LABELS.pool}=${g.group}`);
        expect(cpa.containers[0].args!.some((a) => a.startsWith("--default-params"))).toBe(false);
        expect(cpa.containers[0].image).toBe(IMAGES.clusterProportionalAutoscaler);
        expect(JSON.parse(g.ladder.data!.ladder)).toEqual(JSON.parse(ladderJson(values.ladder)));
        expect(cpa.serviceAccountName).toBe(g.serviceAccount.metadata!.name);
      });

      it("grants CPA only its own target's scale, its own ConfigMap, and reading nodes", () => {
        expect(g.role.metadata!.namespace).toBe("overprovisioning");
        expect(g.role.rules).toEqual([
          { apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: [g.pause.metadata!.name], verbs: ["get", "update"] },
          { apiGroups: [""], resources: ["configmaps"], resourceNames: [g.ladder.metadata!.name], verbs: ["get"] },
        ]);
        expect(o.nodeReader.rules).toEqual([{ apiGroups: [""], resources: ["nodes"], verbs: ["list", "watch"] }]);
        expect(g.clusterRoleBinding.roleRef.name).toBe(o.nodeReader.metadata!.name);
        expect(g.clusterRoleBinding.subjects).toEqual([{ kind: "ServiceAccount", name: g.serviceAccount.metadata!.name, namespace: "overprovisioning" }]);
      });
    });
  }
});

describe("pause pod sizing rules", () => {
  it("no example stack breaks them", () => {
    for (const c of clusters) expect(overprovisioningProblems(c), c.stack).toEqual([]);
  });

  const withPod = (pod: { cpu: string; memory: string }, largestPod = { cpu: "2", memory: "4Gi" }): Cluster => ({
    ...prod,
    appGroups: { ...prod.appGroups, workers: { ...prod.appGroups.workers, largestPod, overprovisioning: { ...prod.appGroups.workers.overprovisioning!, pod } } },
  });

  it("flags a pause pod smaller than the group's largest app pod, per dimension", () => {
    expect(overprovisioningProblems(withPod({ cpu: "1500m", memory: "6Gi" }))).toEqual([
      { path: ["appGroups", "workers", "overprovisioning", "pod", "cpu"], message: expect.stringMatching(/^is 1500m, below the group's largestPod cpu 2:/) },
    ]);
    expect(overprovisioningProblems(withPod({ cpu: "3", memory: "3Gi" }))).toEqual([
      { path: ["appGroups", "workers", "overprovisioning", "pod", "memory"], message: expect.stringMatching(/^is 3Gi, below the group's largestPod memory 4Gi:/) },
    ]);
  });

  it("flags a pause pod that cannot fit the group's smallest instance after kubelet reservation and DaemonSets", () => {
    // workers' smallest types have 16 vCPU and 32 GiB: 16 CPUs cannot fit once kubelet reserves its share.
    const problems = overprovisioningProblems(withPod({ cpu: "16", memory: "31Gi" }));
    expect(problems.map((p) => p.path.join("."))).toEqual(["appGroups.workers.overprovisioning.pod.cpu", "appGroups.workers.overprovisioning.pod.memory"]);
    expect(problems[0].message).toMatch(/more than the [0-9]+m left for pods on [a-z0-9]+\.4xlarge/);
    // Exactly what is left fits; one more millicore does not.
    const type = planNodeGroups(prod).find((g) => g.pool === "workers")!.instanceTypes[0];
    const left = allocatable(type, undefined).cpu - fixedNodeOverhead(prod).total.cpu;
    expect(overprovisioningProblems(withPod({ cpu: `${left}m`, memory: "6Gi" }))).toEqual([]);
    expect(overprovisioningProblems(withPod({ cpu: `${left + 1}m`, memory: "6Gi" })).map((p) => p.path.at(-1))).toEqual(["cpu"]);
  });

  it("uses nodeadm's kube-reserved formula", () => {
    // 2 vCPU: 6% of 1000 + 1% of 1000 = 70m; 16 vCPU: 60 + 10 + 10 + 0.25% of 12000 = 110m.
    expect(kubeletReserved(2, 29)).toEqual({ cpu: 70, memory: 11 * 29 + 255 });
    expect(kubeletReserved(16, 234)).toEqual({ cpu: 110, memory: 2829 });
  });

  it("counts the node-local cache in the fixed per-node overhead", () => {
    expect(fixedNodeOverhead(prod)).toEqual({
      entries: [{ name: "kube-system/node-local-dns", perNode: amount(prod.dns.nodeLocal.resources) }],
      total: amount(prod.dns.nodeLocal.resources),
    });
  });
});
