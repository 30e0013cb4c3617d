// IAM roles for service accounts: a role only one Kubernetes service account can assume, through the
// cluster's OIDC provider. The trust is pinned to the exact subject and to STS as the audience, so no
// other pod (and no other OIDC audience) can use the token to get the role.
import { policyJson } from "./iam-policies";

export const STS_AUDIENCE = "sts.amazonaws.com";
/** The ServiceAccount annotation that names the IAM role its pods assume. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

export interface ServiceAccountRef {
  namespace: string;
  serviceAccount: string;
}

export function serviceAccountSubject(sa: ServiceAccountRef): string {
  return `system:serviceaccount:${sa.namespace}:${sa.serviceAccount}`;
}

/** "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC" -> "oidc.eks.eu-west-1.amazonaws.com/id/ABC": IAM's condition key prefix. */
export function issuerHostPath(issuerUrl: string): string {
  const hostPath = issuerUrl.replace(/^https:\/\//, "").replace(/\/+$/, "");
  if (hostPath === "" || hostPath.includes("://")) throw new Error(`"${issuerUrl}" is not an https OIDC issuer URL`);
  return hostPath;
}

export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, sa: ServiceAccountRef): string {
  const issuer = issuerHostPath(issuerUrl);
  return policyJson([
    {
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${issuer}:aud`]: STS_AUDIENCE,
          [`${issuer}:sub`]: serviceAccountSubject(sa),
        },
      },
    },
  ]);
}
