// The EKS control plane as plain data: cluster settings, the roles around it, the KMS key for secrets
// and the pinned managed add-ons. Values known only after deployment (endpoint, OIDC issuer) are not
// here; the thin component wires them.
import type { Cluster } from "../../config/stack";
import { versionsFor } from "../versions";
import { resourceTags } from "../network/tags";
import type { CLUSTER_ACCESS } from "../../config/schema";
import { eksAccessPolicyArn, managedPolicyArn, serviceTrustPolicy } from "./iam-policies";
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

/** EKS's managed access policy per access level of controlPlane.accessEntries. */
export const ACCESS_POLICIES: Record<(typeof CLUSTER_ACCESS)[number], string> = {
  "cluster-admin": "AmazonEKSClusterAdminPolicy",
  admin: "AmazonEKSAdminPolicy",
  view: "AmazonEKSViewPolicy",
};

/** The EKS API endpoint's port. */
export const API_PORT = 443;

export interface ApiIngressSpec {
  /** Pulumi resource name. */
  name: string;
  cidr: string;
  description: string;
  tags: Record<string, string>;
}

export interface AccessEntrySpec {
  /** Pulumi resource name. */
  name: string;
  principalArn: string;
  access: (typeof CLUSTER_ACCESS)[number];
  policyArn: string;
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
  /** tcp/443 ingress on the EKS cluster security group, one per controlPlane.privateAccessCidrs entry. */
  apiIngress: ApiIngressSpec[];
  serviceCidr: string;
  /** Written out even at the API's default, so the choice shows in every review. */
  supportType: "EXTENDED" | "STANDARD";
  logTypes: string[];
  /** Created before the cluster so EKS writes into it, with a retention, instead of creating it with none. */
  logGroup: { resourceName: string; name: string; retentionInDays: number; tags: Record<string, string> };
  /** STANDARD access entries with one cluster-wide access policy each. */
  accessEntries: AccessEntrySpec[];
  bootstrapClusterCreatorAdminPermissions: boolean;
  /** Pulumi `protect` on the irreplaceable resources (cluster, secrets key): prod only. */
  protect: boolean;
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
    apiIngress: [...new Set(cluster.controlPlane.privateAccessCidrs)].sort().map((cidr) => ({
      name: `${n}-api-from-${cidr.replace(/[./]/g, "-")}`,
      cidr,
      description: `Kubernetes API from ${cidr} (controlPlane.privateAccessCidrs)`,
      tags: resourceTags(cluster, `${n}-api-from-${cidr}`),
    })),
    serviceCidr: cluster.controlPlane.serviceCidr,
    supportType: cluster.controlPlane.supportType,
    logTypes: [...cluster.controlPlane.logTypes].sort(),
    logGroup: {
      resourceName: `${n}-control-plane-logs`,
      // The name EKS writes control plane logs to; it cannot be changed.
      name: `/aws/eks/${n}/cluster`,
      retentionInDays: cluster.controlPlane.logRetentionDays,
      tags: resourceTags(cluster, `${n}-control-plane-logs`),
    },
    accessEntries: [...cluster.controlPlane.accessEntries]
      .sort((a, b) => (a.principalArn < b.principalArn ? -1 : a.principalArn > b.principalArn ? 1 : 0))
      .map((e) => ({
        name: `${n}-${principalResourceName(e.principalArn)}`,
        principalArn: e.principalArn,
        access: e.access,
        policyArn: eksAccessPolicyArn(cluster.region, ACCESS_POLICIES[e.access]),
        tags: resourceTags(cluster, `${n}-${principalResourceName(e.principalArn)}`),
      })),
    bootstrapClusterCreatorAdminPermissions: cluster.controlPlane.clusterCreatorAdmin,
    protect: cluster.environment === "prod",
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

/** "arn:aws:iam::111122223333:role/ci/deploy" -> "role-ci-deploy": unique per principal, readable in diffs. */
export function principalResourceName(principalArn: string): string {
  const resource = principalArn.slice(principalArn.indexOf(":", principalArn.indexOf("::") + 2) + 1);
  return resource.replace(/[^A-Za-z0-9_-]+/g, "-");
}

/** One line for summary.md. */
export function controlPlaneSummary(cluster: Cluster): string[] {
  const s = controlPlaneSpec(cluster);
  const endpoint = s.endpointPublicAccess ? `private + public from ${s.publicAccessCidrs.join(", ")}` : "private only";
  const privateFrom = s.apiIngress.length > 0 ? `, private endpoint reachable from ${s.apiIngress.map((i) => `\`${i.cidr}\``).join(", ")}` : "";
  const addons = s.addons.map((a) => `${a.name} ${a.version}`).join(", ");
  const access = s.accessEntries.map((e) => `\`${e.principalArn}\` ${e.access}`);
  return [
    `- Control plane: EKS ${s.version}, API authentication mode, endpoint ${endpoint}${privateFrom}, service CIDR \`${s.serviceCidr}\`, secrets encrypted with KMS (rotation on), ${s.supportType === "EXTENDED" ? "extended support past standard support (extended-support rate)" : "standard support only (EKS upgrades it at end of support)"}, logs: ${s.logTypes.join(", ")} (kept ${s.logGroup.retentionInDays} days)${s.protect ? ", cluster and key protected from deletion" : ""}`,
    `- API access: ${[...(s.bootstrapClusterCreatorAdminPermissions ? ["the cluster's creator (cluster-admin)"] : []), ...access].join(", ") || "nobody"}`,
    `- Managed add-ons: ${addons} (vpc-cni through IRSA role \`${s.vpcCniRole.name}\`)`,
  ];
}
