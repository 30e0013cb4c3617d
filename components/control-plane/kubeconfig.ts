// The kubeconfig the Kubernetes provider uses: endpoint and CA from the cluster, a short-lived token
// from `aws eks get-token` on every call (no static credentials in state). Deterministic JSON.

export interface KubeconfigInput {
  clusterName: string;
  region: string;
  endpoint: string;
  certificateAuthorityData: string;
}

export function kubeconfigJson(k: KubeconfigInput): string {
  const name = k.clusterName;
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: k.endpoint, "certificate-authority-data": k.certificateAuthorityData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["--region", k.region, "eks", "get-token", "--cluster-name", name, "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}
