// On-demand scale-back: the cluster-autoscaler per-ASG options on exactly the on-demand fallback ASGs,
// and the descheduler's rendered policy, RBAC and Deployment.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planNodeGroups } from "../components/node-pools/plan";
import { readNodeTemplate } from "../components/node-pools/tags";
import { deschedulerRules, POLICY_HASH_ANNOTATION, scaleBackObjects } from "../components/scale-back/manifests";
import { deschedulerArgs, deschedulerPolicy, durationSeconds, isOnDemandFallback, scaleBackAsgTags, UNNEEDED_TIME_TAG, UTILIZATION_THRESHOLD_TAG } from "../components/scale-back/spec";
import { spotOperationAsgTags } from "../components/spot-interruptions/tags";
import { deschedulerImage, SUPPORTED_KUBERNETES_MINORS } from "../components/versions";
import { ClusterSchema } from "../config/schema";
import { exampleClusters } from "./helpers/stacks";

const clusters = exampleClusters();
const prod = clusters.find((c) => c.stack === "prod-eu-west-1")!;

/** What cluster-autoscaler's GetAsgOptions accepts: strconv.ParseFloat and time.ParseDuration. */
const GO_FLOAT = /^[0-9]+(\.[0-9]+)?$/;
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(h|m|s|ms))+$/;

describe("cluster-autoscaler per-ASG options", () => {
  it("defaults: the seed's 2 h, removable on-demand nodes after 5 min at any utilization", () => {
    const d = ClusterSchema.shape.onDemandScaleBack.parse(undefined);
    expect(d).toMatchObject({ enabled: true, after: "2h", interval: "10m", unneededTime: "5m", utilizationThreshold: 1 });
  });

  for (const cluster of clusters) {
    it(`${cluster.stack}: tags exactly the on-demand app ASGs, with values CA parses`, () => {
      const groups = planNodeGroups(cluster);
      const tagged = groups.filter((g) => Object.keys(spotOperationAsgTags(cluster, g)).length > 0).map((g) => g.name);
      expect(tagged).toEqual(groups.filter((g) => g.kind === "app" && g.lifecycle === "on-demand").map((g) => g.name));
      expect(tagged).toHaveLength(Object.keys(cluster.appGroups).length * 2);
      for (const g of groups.filter(isOnDemandFallback)) {
        const tags = spotOperationAsgTags(cluster, g);
        expect(tags).toEqual({ [UNNEEDED_TIME_TAG]: "5m", [UTILIZATION_THRESHOLD_TAG]: "1" });
        expect(tags[UNNEEDED_TIME_TAG]).toMatch(GO_DURATION);
        expect(tags[UTILIZATION_THRESHOLD_TAG]).toMatch(GO_FLOAT);
        // Not read as a label, taint or resource by CA's node-template parser.
        expect(readNodeTemplate(Object.entries(tags).map(([key, value]) => ({ key, value })))).toEqual({ labels: {}, taints: [], resources: {} });
      }
      // Admin is on-demand by design: it keeps the cluster-wide scale-down settings.
      expect(spotOperationAsgTags(cluster, groups.find((g) => g.pool === "admin")!)).toEqual({});
    });
  }

  it("takes the values from config and adds nothing when disabled", () => {
    const g = planNodeGroups(prod).find(isOnDemandFallback)!;
    const tuned = { ...prod, onDemandScaleBack: { ...prod.onDemandScaleBack, unneededTime: "3m", utilizationThreshold: 0.8 } };
    expect(scaleBackAsgTags(tuned, g)).toEqual({ [UNNEEDED_TIME_TAG]: "3m", [UTILIZATION_THRESHOLD_TAG]: "0.8" });
    expect(scaleBackAsgTags({ onDemandScaleBack: { ...prod.onDemandScaleBack, enabled: false } }, g)).toEqual({});
  });

  it("rejects a threshold above 1 and a malformed duration", () => {
    expect(ClusterSchema.shape.onDemandScaleBack.safeParse({ utilizationThreshold: 1.5 }).success).toBe(false);
    expect(ClusterSchema.shape.onDemandScaleBack.safeParse({ after: "two hours" }).success).toBe(false);
  });
});

describe("descheduler policy", () => {
  const policy = deschedulerPolicy(prod) as any;

  it("looks only at on-demand app nodes and moves pods that have run `after` there", () => {
    expect(policy.apiVersion).toBe("descheduler/v1alpha2");
    expect(policy.nodeSelector).toBe("clusterkit.io/lifecycle=on-demand,clusterkit.io/pool notin (admin,monitoring)");
    const [profile] = policy.profiles;
    expect(profile.plugins.deschedule).toEqual({ enabled: ["PodLifeTime"] });
    const lifetime = profile.pluginConfig.find((p: any) => p.name === "PodLifeTime").args;
    expect(lifetime).toEqual({ maxPodLifeTimeSeconds: 7200, namespaces: { exclude: ["kube-system"] } });
    expect(profile.plugins.balance).toBeUndefined();
  });

  it("evicts only when the pod fits a spot node now (nodeFit restricted to spot nodes)", () => {
    const evictor = policy.profiles[0].pluginConfig.find((p: any) => p.name === "DefaultEvictor").args;
    expect(evictor).toEqual({ nodeFit: true, nodeSelector: "clusterkit.io/lifecycle=spot" });
    expect(policy.profiles[0].plugins.preevictionfilter).toEqual({ enabled: ["DefaultEvictor"] });
  });

  it("follows `after` and `interval`", () => {
    const tuned = { ...prod, onDemandScaleBack: { ...prod.onDemandScaleBack, after: "1h30m", interval: "5m" } };
    expect((deschedulerPolicy(tuned) as any).profiles[0].pluginConfig[1].args.maxPodLifeTimeSeconds).toBe(5400);
    expect(deschedulerArgs(tuned)).toContain("--descheduling-interval=5m");
  });

  it("durationSeconds reads Go durations and refuses anything else", () => {
    expect(durationSeconds("2h")).toBe(7200);
    expect(durationSeconds("90m")).toBe(5400);
    expect(durationSeconds("1h0m30s")).toBe(3630);
    expect(() => durationSeconds("2 hours")).toThrow(/not a duration/);
    expect(() => durationSeconds("")).toThrow(/not a duration/);
  });
});

describe("descheduler objects", () => {
  const o = scaleBackObjects(prod);

  it("mounts the rendered policy and points the binary at it", () => {
    expect(parse(o.policy.data!["policy.yaml"])).toEqual(deschedulerPolicy(prod));
    const c = o.deployment.spec!.template.spec!.containers[0];
    expect(c.args).toContain("--policy-config-file=/policy-dir/policy.yaml");
    expect(c.volumeMounts).toEqual([{ name: "policy", mountPath: "/policy-dir", readOnly: true }]);
    expect(o.deployment.spec!.template.spec!.volumes).toEqual([{ name: "policy", configMap: { name: o.policy.metadata!.name } }]);
  });

  it("carries the sha256 of the mounted policy text on the pod template", () => {
    const sha = createHash("sha256").update(o.policy.data!["policy.yaml"]).digest("hex");
    expect(o.deployment.spec!.template.metadata!.annotations).toEqual({ [POLICY_HASH_ANNOTATION]: sha });
    expect(POLICY_HASH_ANNOTATION).toBe("clusterkit.io/policy-sha256");
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rolls the pod when the policy changes (the descheduler reads it only at start), and only then", () => {
    const template = (c: typeof prod) => scaleBackObjects(c).deployment.spec!.template;
    const withScaleBack = (s: Partial<typeof prod.onDemandScaleBack>) => ({ ...prod, onDemandScaleBack: { ...prod.onDemandScaleBack, ...s } });
    // `after` lives only in the ConfigMap: the template must change with it.
    const later = template(withScaleBack({ after: "3h" }));
    expect(later.metadata!.annotations![POLICY_HASH_ANNOTATION]).not.toBe(template(prod).metadata!.annotations![POLICY_HASH_ANNOTATION]);
    expect(later.spec).toEqual(template(prod).spec);
    // ASG-tag-only settings leave the policy, and so the pod, alone.
    expect(template(withScaleBack({ unneededTime: "3m", utilizationThreshold: 0.8 }))).toEqual(template(prod));
  });

  for (const minor of SUPPORTED_KUBERNETES_MINORS) {
    it(`Kubernetes ${minor}: runs the descheduler of the same minor`, () => {
      const image = scaleBackObjects({ ...prod, kubernetesVersion: minor }).deployment.spec!.template.spec!.containers[0].image!;
      expect(image).toBe(deschedulerImage(minor));
      expect(image).toMatch(new RegExp(`:v0\\.${minor.split(".")[1]}\\.[0-9]+$`));
    });
  }

  it("is Guaranteed, non-root, read-only, on the admin pool", () => {
    const pod = o.deployment.spec!.template.spec!;
    expect(pod.nodeSelector).toEqual({ "clusterkit.io/pool": "admin" });
    expect(pod.containers[0].resources).toEqual({ requests: prod.onDemandScaleBack.resources, limits: prod.onDemandScaleBack.resources });
    expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it("RBAC: evictions and reads; delete pods (the descheduler's fallback), no write on anything else", () => {
    const writes = deschedulerRules().filter((r) => r.verbs.some((v) => !["get", "list", "watch"].includes(v)));
    expect(writes.map((r) => `${r.apiGroups![0]}/${r.resources!.join(",")}:${r.verbs.filter((v) => !["get", "list", "watch"].includes(v)).join(",")}`)).toEqual([
      "/pods:delete",
      "/pods/eviction:create",
      "events.k8s.io/events:create,update",
    ]);
  });
});
