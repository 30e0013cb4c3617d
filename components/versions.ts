// The one version table: every container image clusterkit runs and every EKS add-on it pins.
// test/versions.test.ts checks that every supported minor has a complete row, that cluster-autoscaler's
// minor equals the cluster's, and that every image the manifests use comes from here.
// Sources (checked 2026-11): kubernetes/autoscaler tags cluster-autoscaler-1.NN.P and their
// registry.k8s.io promotion; the EKS user guide's add-on version tables.

export interface MinorVersions {
  /** registry.k8s.io/autoscaling/cluster-autoscaler tag: its minor must equal the cluster's. */
  clusterAutoscaler: string;
  /** EKS managed add-on versions. */
  addons: { coredns: string; kubeProxy: string; vpcCni: string };
}

export const BY_KUBERNETES_MINOR: Readonly<Record<string, MinorVersions>> = {
  "1.33": {
    clusterAutoscaler: "v1.33.6",
    addons: { coredns: "v1.12.4-eksbuild.18", kubeProxy: "v1.33.10-eksbuild.13", vpcCni: "v1.21.1-eksbuild.7" },
  },
  "1.34": {
    clusterAutoscaler: "v1.34.5",
    addons: { coredns: "v1.13.2-eksbuild.11", kubeProxy: "v1.34.6-eksbuild.13", vpcCni: "v1.21.1-eksbuild.7" },
  },
  "1.35": {
    clusterAutoscaler: "v1.35.2",
    addons: { coredns: "v1.14.3-eksbuild.3", kubeProxy: "v1.35.3-eksbuild.13", vpcCni: "v1.21.1-eksbuild.7" },
  },
  "1.36": {
    clusterAutoscaler: "v1.36.1",
    // vpc-cni: v1.21.1 is the newest listed for 1.30-1.35; AWS's table had no 1.36 row when checked.
    addons: { coredns: "v1.14.3-eksbuild.3", kubeProxy: "v1.36.0-eksbuild.14", vpcCni: "v1.21.1-eksbuild.7" },
  },
};

/** Images that do not follow the cluster's minor. */
export const IMAGES = {
  /** cluster-proportional-autoscaler: v1.10.3 is the newest release whose ladder/linear behaviour we checked. */
  clusterProportionalAutoscaler: "registry.k8s.io/cpa/cluster-proportional-autoscaler:v1.10.3",
  pause: "registry.k8s.io/pause:3.10.1",
  /**
   * dnsmasq 2.90 at /usr/sbin/dnsmasq (distroless, no shell); the nanny wrapper is not used.
   * End of life: kubernetes/dns is being retired with kube-dns, and 1.26.8 is most likely its last
   * release (kubernetes/k8s.io#9378), so this dnsmasq gets no more CVE rebuilds. Exit plan: move the
   * node cache to registry.k8s.io/dns/k8s-dns-node-cache (kubernetes-sigs/node-local-dns, maintained),
   * or build a minimal image from Debian's dnsmasq package (the one test/dnsmasq.test.ts runs).
   */
  dnsmasq: "registry.k8s.io/dns/k8s-dns-dnsmasq-nanny:1.26.8",
  /** Post-deploy DNS check pod (delivery/verify.ts): the Kubernetes e2e DNS tests' Debian image with
   * nslookup (1.7 is the tag the e2e image manifest pins); Debian, not musl, as the seed prefers. */
  dnsCheck: "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7",
  /** aws-node-termination-handler v1.25.6 (tag 2026-04-02; chart 0.27.6 appVersion), run in queue-processor mode. */
  nodeTerminationHandler: "public.ecr.aws/aws-ec2/aws-node-termination-handler:v1.25.6",
  /** GoKubeDownscaler 1.3.4 (tag 2026-05-27): the maintained successor of kube-downscaler; the image tag has no "v". */
  downscaler: "ghcr.io/caas-team/gokubedownscaler:1.3.4",
} as const;

/**
 * descheduler per Kubernetes minor: its minor follows the client-go it is built with and is tested against
 * the matching Kubernetes minor (kubernetes-sigs/descheduler README, compatibility matrix). Each tag here
 * was promoted to registry.k8s.io (kubernetes/k8s.io PRs #8064, #8710, #9133, #9513); v0.35.1 is tagged
 * upstream but its promotion was not confirmed, so 1.35 stays on v0.35.0.
 */
export const DESCHEDULER_BY_KUBERNETES_MINOR: Readonly<Record<string, string>> = {
  "1.33": "v0.33.0",
  "1.34": "v0.34.0",
  "1.35": "v0.35.0",
  "1.36": "v0.36.0",
};

export function deschedulerImage(minor: string): string {
  const tag = DESCHEDULER_BY_KUBERNETES_MINOR[minor];
  if (!tag) throw new Error(`no descheduler version for Kubernetes ${minor} in components/versions.ts`);
  return `registry.k8s.io/descheduler/descheduler:${tag}`;
}

export function clusterAutoscalerImage(minor: string): string {
  return `registry.k8s.io/autoscaling/cluster-autoscaler:${versionsFor(minor).clusterAutoscaler}`;
}

export function versionsFor(minor: string): MinorVersions {
  const row = BY_KUBERNETES_MINOR[minor];
  if (!row) throw new Error(`no version row for Kubernetes ${minor} in components/versions.ts`);
  return row;
}

export const SUPPORTED_KUBERNETES_MINORS: readonly string[] = Object.keys(BY_KUBERNETES_MINOR).sort(
  (a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]),
);
