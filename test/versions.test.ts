// The version table is the only place images and add-on versions are pinned; a stale or missing row
// must fail here, not in production.
import { describe, expect, it } from "vitest";
import { BY_KUBERNETES_MINOR, clusterAutoscalerImage, IMAGES, SUPPORTED_KUBERNETES_MINORS, versionsFor } from "../components/versions";
import { ClusterSchema } from "../config/schema";

describe("version table", () => {
  it("supports a contiguous range of minors, oldest first", () => {
    const minors = SUPPORTED_KUBERNETES_MINORS.map((m) => Number(m.split(".")[1]));
    expect(minors.length).toBeGreaterThanOrEqual(3);
    minors.forEach((m, i) => i > 0 && expect(m).toBe(minors[i - 1] + 1));
  });

  for (const minor of SUPPORTED_KUBERNETES_MINORS) {
    it(`Kubernetes ${minor}: cluster-autoscaler's minor equals the cluster's and every add-on is pinned for it`, () => {
      const row = versionsFor(minor);
      expect(row.clusterAutoscaler).toMatch(new RegExp(`^v${minor.replace(".", "\\.")}\\.[0-9]+$`));
      expect(clusterAutoscalerImage(minor)).toBe(`registry.k8s.io/autoscaling/cluster-autoscaler:${row.clusterAutoscaler}`);
      expect(row.addons.coredns).toMatch(/^v1\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/);
      expect(row.addons.vpcCni).toMatch(/^v1\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/);
      // kube-proxy follows the cluster's minor like cluster-autoscaler.
      expect(row.addons.kubeProxy).toMatch(new RegExp(`^v${minor.replace(".", "\\.")}\\.[0-9]+-eksbuild\\.[0-9]+$`));
    });

    it(`Kubernetes ${minor} is accepted by the config schema`, () => {
      expect(ClusterSchema.shape.kubernetesVersion.safeParse(minor).success).toBe(true);
    });
  }

  it("rejects a minor with no row", () => {
    expect(ClusterSchema.shape.kubernetesVersion.safeParse("1.20").success).toBe(false);
    expect(() => versionsFor("1.20")).toThrow(/no version row for Kubernetes 1.20/);
    expect(Object.keys(BY_KUBERNETES_MINOR)).toEqual([...SUPPORTED_KUBERNETES_MINORS].sort());
  });

  it("pins every other image to an explicit tag (never latest)", () => {
    for (const [name, image] of Object.entries(IMAGES)) {
      expect(image, name).toMatch(/^[a-z0-9.-]+(\/[a-z0-9._-]+)+:[A-Za-z0-9._-]+$/);
      expect(image, name).not.toMatch(/:latest$/);
    }
  });
});
