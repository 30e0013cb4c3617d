// Thin wiring: the EKS cluster, its roles, secrets key, log group, OIDC provider, node role + access
// entry, API access (security group ingress, access entries), the pinned managed add-ons and a
// Kubernetes provider for everything that runs inside the cluster.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { STS_AUDIENCE } from "./irsa";
import { createIrsaRole, type IrsaRole } from "./irsa-role";
import { kubeconfigJson } from "./kubeconfig";
import { API_PORT, controlPlaneSpec, type RoleSpec } from "./spec";

export interface ControlPlaneArgs {
  /** Subnets for the control plane's ENIs: the private ones. */
  subnetIds: pulumi.Input<string>[];
  /** Routes that bring the deploying network to the API (transit gateway): Kubernetes objects wait for them. */
  apiRoutes?: pulumi.Resource[];
}

export class ControlPlane extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly certificateAuthorityData: pulumi.Output<string>;
  /** EKS-created security group shared by the control plane and every node. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly oidcIssuerUrl: pulumi.Output<string>;
  readonly nodeRole: aws.iam.Role;
  readonly nodeInstanceProfile: aws.iam.InstanceProfile;
  /** Nodes can join once this exists. */
  readonly nodeAccessEntry: aws.eks.AccessEntry;
  /** The provider every Kubernetes object of this cluster must use. */
  readonly k8sProvider: k8s.Provider;

  constructor(cluster: Cluster, args: ControlPlaneArgs, opts?: pulumi.ComponentResourceOptions) {
    super("clusterkit:aws:ControlPlane", `${cluster.name}-control-plane`, {}, opts);
    const spec = controlPlaneSpec(cluster);
    const parent = { parent: this };

    const clusterRole = serviceRole(spec.clusterRole, parent);
    // Losing the key loses every secret in etcd; losing the cluster loses everything: prod protects both.
    const key = new aws.kms.Key(
      spec.secretsKey.alias.replace(/^alias\//, ""),
      { description: spec.secretsKey.description, enableKeyRotation: true, deletionWindowInDays: spec.secretsKey.deletionWindowInDays, tags: spec.secretsKey.tags },
      { parent: this, protect: spec.protect },
    );
    new aws.kms.Alias(spec.secretsKey.alias.replace(/^alias\//, ""), { name: spec.secretsKey.alias, targetKeyId: key.keyId }, parent);

    // EKS writes to this exact name; created first, it has a retention instead of "never expire".
    const logGroup = new aws.cloudwatch.LogGroup(
      spec.logGroup.resourceName,
      { name: spec.logGroup.name, retentionInDays: spec.logGroup.retentionInDays, tags: spec.logGroup.tags },
      parent,
    );

    const eks = new aws.eks.Cluster(
      spec.clusterName,
      {
        name: spec.clusterName,
        version: spec.version,
        roleArn: clusterRole.role.arn,
        accessConfig: { authenticationMode: spec.authenticationMode, bootstrapClusterCreatorAdminPermissions: spec.bootstrapClusterCreatorAdminPermissions },
        bootstrapSelfManagedAddons: spec.bootstrapSelfManagedAddons,
        encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
        vpcConfig: {
          subnetIds: args.subnetIds,
          endpointPrivateAccess: spec.endpointPrivateAccess,
          endpointPublicAccess: spec.endpointPublicAccess,
          ...(spec.endpointPublicAccess ? { publicAccessCidrs: spec.publicAccessCidrs } : {}),
        },
        kubernetesNetworkConfig: { serviceIpv4Cidr: spec.serviceCidr },
        upgradePolicy: { supportType: spec.supportType },
        enabledClusterLogTypes: spec.logTypes,
        tags: spec.tags,
      },
      // The cluster role's policies must be attached before EKS uses the role, the log group exist before it logs.
      { parent: this, dependsOn: [...clusterRole.policies, logGroup], protect: spec.protect },
    );

    this.clusterName = eks.name;
    this.endpoint = eks.endpoint;
    this.certificateAuthorityData = eks.certificateAuthority.apply((ca) => ca.data);
    this.clusterSecurityGroupId = eks.vpcConfig.apply((v) => v.clusterSecurityGroupId);
    this.oidcIssuerUrl = eks.identities.apply((ids) => ids[0].oidcs[0].issuer);

    // The private endpoint's ENIs carry only the cluster security group, which admits only itself.
    const apiIngress = spec.apiIngress.map(
      (rule) =>
        new aws.vpc.SecurityGroupIngressRule(
          rule.name,
          { securityGroupId: this.clusterSecurityGroupId, cidrIpv4: rule.cidr, ipProtocol: "tcp", fromPort: API_PORT, toPort: API_PORT, description: rule.description, tags: rule.tags },
          parent,
        ),
    );
    // Who may use the Kubernetes API, beyond the nodes: each principal with one cluster-wide access policy.
    const apiAccess = spec.accessEntries.map((e) => {
      const entry = new aws.eks.AccessEntry(e.name, { clusterName: eks.name, principalArn: e.principalArn, type: "STANDARD", tags: e.tags }, parent);
      return new aws.eks.AccessPolicyAssociation(
        e.name,
        { clusterName: eks.name, principalArn: entry.principalArn, policyArn: e.policyArn, accessScope: { type: "cluster" } },
        { parent: entry },
      );
    });

    const oidc = new aws.iam.OpenIdConnectProvider(
      `${spec.clusterName}-oidc`,
      { url: this.oidcIssuerUrl, clientIdLists: [STS_AUDIENCE], tags: spec.tags },
      parent,
    );
    this.oidcProviderArn = oidc.arn;

    this.nodeRole = serviceRole(spec.nodeRole, parent).role;
    this.nodeInstanceProfile = new aws.iam.InstanceProfile(
      spec.nodeInstanceProfileName,
      { name: spec.nodeInstanceProfileName, role: this.nodeRole.name, tags: spec.nodeRole.tags },
      parent,
    );
    // API authentication mode: nodes join through an access entry, not the aws-auth ConfigMap.
    this.nodeAccessEntry = new aws.eks.AccessEntry(`${spec.nodeRole.name}-access`, { clusterName: eks.name, principalArn: this.nodeRole.arn, type: "EC2_LINUX", tags: spec.tags }, parent);

    const cniRole = createIrsaRole(
      {
        name: spec.vpcCniRole.name,
        serviceAccount: spec.vpcCniRole.serviceAccount,
        oidcProviderArn: this.oidcProviderArn,
        oidcIssuerUrl: this.oidcIssuerUrl,
        managedPolicyArns: spec.vpcCniRole.policyArns,
        tags: spec.vpcCniRole.tags,
      },
      parent,
    );
    for (const addon of spec.addons) {
      new aws.eks.Addon(
        `${spec.clusterName}-${addon.name}`,
        {
          clusterName: eks.name,
          addonName: addon.name,
          addonVersion: addon.version,
          ...(addon.serviceAccount ? { serviceAccountRoleArn: cniRole.role.arn } : {}),
          // clusterkit owns the add-ons' configuration: what is declared here wins.
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          tags: spec.tags,
        },
        { parent: this, dependsOn: addon.serviceAccount ? cniRole.policies : [] },
      );
    }

    this.k8sProvider = new k8s.Provider(
      `${spec.clusterName}-k8s`,
      {
        kubeconfig: pulumi
          .all([eks.name, this.endpoint, this.certificateAuthorityData])
          .apply(([clusterName, endpoint, ca]) => kubeconfigJson({ clusterName, region: cluster.region, endpoint, certificateAuthorityData: ca })),
      },
      // Kubernetes objects wait until the deploying network and principals can reach and use the API.
      { parent: this, dependsOn: [...apiIngress, ...apiAccess, ...(args.apiRoutes ?? [])] },
    );

    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      oidcProviderArn: this.oidcProviderArn,
      oidcIssuerUrl: this.oidcIssuerUrl,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
    });
  }
}

/** A role an AWS service assumes, with its managed policies attached. */
function serviceRole(spec: RoleSpec, opts: pulumi.CustomResourceOptions): IrsaRole {
  const role = new aws.iam.Role(spec.name, { name: spec.name, assumeRolePolicy: spec.assumeRolePolicy!, tags: spec.tags }, opts);
  const policies = spec.policyArns.map(
    (arn) => new aws.iam.RolePolicyAttachment(`${spec.name}-${arn.split("/").pop()}`, { role: role.name, policyArn: arn }, { parent: role }),
  );
  return { role, policies };
}
