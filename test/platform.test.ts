// createPlatform under the Pulumi mock runtime for every example stack: what it registers, every pod
// template Guaranteed, every object named and valid against the Kubernetes schemas.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { DaemonSet, Deployment } from "kubernetes-models/apps/v1";
import { ConfigMap, Namespace, ServiceAccount } from "kubernetes-models/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { PriorityClass } from "kubernetes-models/scheduling.k8s.io/v1";
import { matchPriority } from "../components/autoscaler/priority-expander";
import { planNodeGroups } from "../components/node-pools/plan";
import { createPlatform } from "../components/platform";
import { clusterAutoscalerImage, IMAGES } from "../components/versions";
import type { Cluster } from "../config/stack";
import { mockState } from "../synth/mock-state";
import { record, type RecordedResource } from "../synth/recorder";
import { kubernetesObjects } from "../synth/synth";
import { RE2 } from "re2-wasm";
import { exampleClusters } from "./helpers/stacks";

const clusters = exampleClusters();

const ROLE_ARN = "arn:aws:iam::123456789012:role/test-cluster-autoscaler";

async function recordPlatform(cluster: Cluster): Promise<RecordedResource[]> {
  return record(
    () => {
      const parent = new pulumi.ComponentResource("clusterkit:test:Parent", "parent");
      const provider = new k8s.Provider("test", { kubeconfig: "{}" }, { parent });
      // A custom resource: dependsOn on a component expands to its children.
      const nodePools = new (class extends pulumi.CustomResource {})("clusterkit:test:NodePool", "node-pools", {}, { parent });
      createPlatform(cluster, { provider, clusterName: cluster.name, autoscalerRoleArn: ROLE_ARN }, { parent, dependsOn: [nodePools] });
    },
    { project: "clusterkit", stack: cluster.stack, config: {}, state: mockState(cluster.region) },
  );
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  ClusterRole,
  ClusterRoleBinding,
  ConfigMap,
  DaemonSet,
  Deployment,
  Namespace,
  PodDisruptionBudget,
  PriorityClass,
  Role,
  RoleBinding,
  ServiceAccount,
};

type Container = { name: string; image: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };

describe("createPlatform under mocks", () => {
  for (const cluster of clusters) {
    describe(cluster.stack, () => {
      let resources: RecordedResource[];
      let objects: Record<string, any>[];
      const get = (kind: string, name: string, namespace?: string) =>
        objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));

      it("registers the platform objects", async () => {
        resources = await recordPlatform(cluster);
        objects = kubernetesObjects(resources);
        expect(objects.length).toBeGreaterThan(20);
        for (const pc of ["overprovisioning", "low", "default", "high"]) expect(get("PriorityClass", pc), pc).toBeDefined();
        for (const kind of ["ServiceAccount", "Role", "RoleBinding", "Deployment", "PodDisruptionBudget"]) expect(get(kind, "cluster-autoscaler", "kube-system"), kind).toBeDefined();
        for (const kind of ["ClusterRole", "ClusterRoleBinding"]) expect(get(kind, "cluster-autoscaler"), kind).toBeDefined();
        expect(get("ConfigMap", "cluster-autoscaler-priority-expander", "kube-system")).toBeDefined();
        expect(get("DaemonSet", "node-local-dns", "kube-system")).toBeDefined();
        for (const group of Object.keys(cluster.appGroups).filter((g) => cluster.appGroups[g].overprovisioning?.enabled)) {
          expect(get("Deployment", `overprovisioning-${group}`, "overprovisioning"), group).toBeDefined();
          expect(get("Deployment", `overprovisioning-${group}-autoscaler`, "overprovisioning"), group).toBeDefined();
          expect(get("ConfigMap", `overprovisioning-${group}-ladder`, "overprovisioning"), group).toBeDefined();
        }
        const addon = resources.find((r) => r.type === "aws:eks/addon:Addon")!;
        expect(addon.inputs).toMatchObject({ addonName: "coredns", clusterName: cluster.name });
      });

      it("gives every Deployment and DaemonSet container requests == limits (Guaranteed QoS)", () => {
        const templates = objects.filter((o) => o.kind === "Deployment" || o.kind === "DaemonSet");
        expect(templates.length).toBeGreaterThan(3);
        for (const o of templates) {
          const spec = o.spec.template.spec;
          for (const c of [...spec.containers, ...(spec.initContainers ?? [])] as Container[]) {
            const where = `${o.kind} ${o.metadata.namespace}/${o.metadata.name} ${c.name}`;
            expect(c.resources?.requests?.cpu, where).toBeDefined();
            expect(c.resources?.requests?.memory, where).toBeDefined();
            expect(c.resources!.limits, where).toEqual(c.resources!.requests);
          }
        }
        const coredns = JSON.parse(String(resources.find((r) => r.type === "aws:eks/addon:Addon")!.inputs.configurationValues));
        expect(coredns.resources.limits).toEqual(coredns.resources.requests);
      });

      it("names every object explicitly and registers none twice", () => {
        for (const o of objects) expect(o.metadata?.name, JSON.stringify(o).slice(0, 80)).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
        const keys = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`);
        expect(keys).toEqual([...new Set(keys)]);
      });

      it("passes the Kubernetes schema of every object", () => {
        for (const o of objects) {
          const Model = MODELS[o.kind];
          expect(Model, o.kind).toBeDefined();
          expect(() => new Model(o).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
        }
      });

      it("pulls only images from the version table", () => {
        const allowed = new Set([...Object.values(IMAGES), clusterAutoscalerImage(cluster.kubernetesVersion)]);
        for (const o of objects.filter((x) => x.spec?.template?.spec)) {
          for (const c of o.spec.template.spec.containers as Container[]) expect(allowed.has(c.image), `${o.metadata.name}: ${c.image}`).toBe(true);
        }
      });

      it("creates every platform object after the node pools, and never waits on pause pods", () => {
        const platform = resources.filter((r) => (r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes") || r.type === "aws:eks/addon:Addon");
        for (const r of platform) expect(r.options?.dependsOn, `${r.type} ${r.name}`).toContain("node-pools");
        for (const o of objects.filter((x) => x.kind === "Deployment" && x.metadata.namespace === "overprovisioning")) {
          expect(o.metadata.annotations?.["pulumi.com/skipAwait"] === "true", o.metadata.name).toBe(o.spec.template.spec.priorityClassName === "overprovisioning");
        }
      });

      it("annotates cluster-autoscaler's ServiceAccount with the IRSA role", () => {
        expect(get("ServiceAccount", "cluster-autoscaler", "kube-system")!.metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": ROLE_ARN });
      });

      it("ships a priority ConfigMap that covers every ASG, read back with RE2", () => {
        const text = get("ConfigMap", "cluster-autoscaler-priority-expander", "kube-system")!.data.priorities;
        const groups = planNodeGroups(cluster);
        const { byAsg } = matchPriority(text, groups.map((g) => g.name), (p) => new RE2(p, "u"));
        for (const g of groups) expect(byAsg[g.name].priority, g.name).toBe(g.tier);
      });
    });
  }
});
