// The EKS control plane as plain data: cluster settings, the roles around it, the KMS key for secrets
// and the pinned managed add-ons. Values known only after deployment (endpoint, OIDC issuer) are not
// here; the thin component wires them.
import type { Cluster } from "../../config/stack";
import { versionsFor } from "../versions";
import { resourceTags } from "../network/tags";
import { managedPolicyArn, serviceTrustPolicy } from "./iam-policies";
import type { ServiceAccountRef } from "./irsa";

export interface AddonSpec {
  name: "vpc-cni" | "kube-proxy";
  version: string;
  /** IRSA role for the add-on's service account, if it calls AWS APIs. */
  serviceAccount?: ServiceAccountRef;
}

export interface RoleSpec {
  name: string;
  assumeRolePolicy?: string;
  policyArns: string[];
  tags: Record<string, string>;
}

export interface ControlPlaneSpec {
  clusterName: string;
  version: string;
  /** API only: access entries, no aws-auth ConfigMap. */
  authenticationMode: "API";
  /**
   * No self-managed default add-ons at creation: vpc-cni and kube-proxy are managed add-ons below, and
   * CoreDNS is the platform layer's (on admin nodes). Changing this later would replace the cluster.
   */
  bootstrapSelfManagedAddons: false;
  endpointPrivateAccess: true;
  endpointPublicAccess: boolean;
  publicAccessCidrs: string[];
  serviceCidr: string;
  logTypes: string[];
  tags: Record<string, string>;
  clusterRole: RoleSpec;
  nodeRole: RoleSpec;
  nodeInstanceProfileName: string;
  secretsKey: { description: string; alias: string; deletionWindowInDays: number; tags: Record<string, string> };
  /** The VPC CNI's own IRSA role: ENI permissions stay off the node role, out of reach of other pods. */
  vpcCniRole: RoleSpec & { serviceAccount: ServiceAccountRef };
  addons: AddonSpec[];
}

export const VPC_CNI_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: "kube-system", serviceAccount: "aws-node" };

/** What every self-managed node needs: join the cluster, pull images from ECR, be reachable by SSM (no SSH). */
export const NODE_POLICIES = ["AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"] as const;

export function controlPlaneSpec(cluster: Cluster): ControlPlaneSpec {
  const n = cluster.name;
  const policies = (...names: string[]) => names.map((p) => managedPolicyArn(cluster.region, p)).sort();
  const versions = versionsFor(cluster.kubernetesVersion).addons;
  const publicAccess = cluster.controlPlane.endpointPublicAccess;
  return {
    clusterName: n,
    version: cluster.kubernetesVersion,
    authenticationMode: "API",
    bootstrapSelfManagedAddons: false,
    endpointPrivateAccess: true,
    endpointPublicAccess: publicAccess,
    publicAccessCidrs: publicAccess ? [...cluster.controlPlane.publicAccessCidrs].sort() : [],
    serviceCidr: cluster.controlPlane.serviceCidr,
    logTypes: [...cluster.controlPlane.logTypes].sort(),
    tags: resourceTags(cluster, n),
    clusterRole: {
      name: `${n}-cluster`,
      assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com"),
      policyArns: policies("AmazonEKSClusterPolicy"),
      tags: resourceTags(cluster, `${n}-cluster`),
    },
    nodeRole: {
      name: `${n}-node`,
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
      policyArns: policies(...NODE_POLICIES),
      tags: resourceTags(cluster, `${n}-node`),
    },
    nodeInstanceProfileName: `${n}-node`,
    secretsKey: {
      description: `EKS secrets envelope encryption for ${n}`,
      alias: `alias/${n}-eks-secrets`,
      deletionWindowInDays: 30,
      tags: resourceTags(cluster, `${n}-eks-secrets`),
    },
    vpcCniRole: {
      name: `${n}-vpc-cni`,
      policyArns: policies("AmazonEKS_CNI_Policy"),
      tags: resourceTags(cluster, `${n}-vpc-cni`),
      serviceAccount: VPC_CNI_SERVICE_ACCOUNT,
    },
    addons: [
      { name: "kube-proxy", version: versions.kubeProxy },
      { name: "vpc-cni", version: versions.vpcCni, serviceAccount: VPC_CNI_SERVICE_ACCOUNT },
    ],
  };
}

/** One line for summary.md. */
export function controlPlaneSummary(cluster: Cluster): string[] {
  const s = controlPlaneSpec(cluster);
  const endpoint = s.endpointPublicAccess ? `private + public from ${s.publicAccessCidrs.join(", ")}` : "private only";
  const addons = s.addons.map((a) => `${a.name} ${a.version}`).join(", ");
  return [
    `- Control plane: EKS ${s.version}, API authentication mode, endpoint ${endpoint}, service CIDR \`${s.serviceCidr}\`, secrets encrypted with KMS (rotation on), logs: ${s.logTypes.join(", ")}`,
    `- Managed add-ons: ${addons} (vpc-cni through IRSA role \`${s.vpcCniRole.name}\`)`,
  ];
}
