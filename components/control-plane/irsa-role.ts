// Thin wiring: an IAM role one Kubernetes service account assumes through the cluster's OIDC provider.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy, type ServiceAccountRef } from "./irsa";

export interface IrsaRoleArgs {
  /** Explicit IAM role name (64 characters at most). */
  name: string;
  serviceAccount: ServiceAccountRef;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  /** Inline policy JSON, named after the role. */
  policy?: string;
  managedPolicyArns?: string[];
  tags: Record<string, string>;
}

export interface IrsaRole {
  role: aws.iam.Role;
  /** The role's policies: depend on these, not the role, before a pod uses it. */
  policies: pulumi.Resource[];
}

export function createIrsaRole(args: IrsaRoleArgs, opts: pulumi.CustomResourceOptions): IrsaRole {
  const role = new aws.iam.Role(
    args.name,
    {
      name: args.name,
      assumeRolePolicy: pulumi
        .all([args.oidcProviderArn, args.oidcIssuerUrl])
        .apply(([arn, issuer]) => irsaTrustPolicy(arn, issuer, args.serviceAccount)),
      tags: args.tags,
    },
    opts,
  );
  const policies: pulumi.Resource[] = [];
  if (args.policy) policies.push(new aws.iam.RolePolicy(args.name, { name: args.name, role: role.name, policy: args.policy }, { parent: role }));
  for (const arn of args.managedPolicyArns ?? []) {
    policies.push(new aws.iam.RolePolicyAttachment(`${args.name}-${arn.split("/").pop()}`, { role: role.name, policyArn: arn }, { parent: role }));
  }
  return { role, policies };
}
