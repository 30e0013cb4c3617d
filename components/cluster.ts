// createCluster: the whole cluster from one validated Cluster value. Thin wiring only: every rule lives
// in the pure spec modules of each component folder, which take plain config and return plain data.
// Order: network -> control plane -> node pools -> cluster-autoscaler's IAM role -> platform layer.
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../config/stack";
import { AUTOSCALER_SERVICE_ACCOUNT, autoscalerPolicy, autoscalerRoleName } from "./autoscaler/iam";
import { ControlPlane } from "./control-plane/control-plane";
import { createIrsaRole } from "./control-plane/irsa-role";
import { Network } from "./network/network";
import { resourceTags } from "./network/tags";
import { NodePools } from "./node-pools/node-pools";
import { planNodeGroups, type NodeGroup } from "./node-pools/plan";
import { createSpotAndCostOperations } from "./operations";
import { createPlatform } from "./platform";

export class ClusterComponent extends pulumi.ComponentResource {
  readonly cluster: Cluster;
  /** One entry per ASG: the shared contract every later component derives from. */
  readonly nodeGroups: readonly NodeGroup[];
  readonly network: Network;
  /** clusterName, endpoint, OIDC provider, node role, cluster security group and `k8sProvider`. */
  readonly controlPlane: ControlPlane;
  readonly nodePools: NodePools;
  /** IRSA role for kube-system/cluster-autoscaler. */
  readonly autoscalerRoleArn: pulumi.Output<string>;

  constructor(cluster: Cluster, opts?: pulumi.ComponentResourceOptions) {
    super("clusterkit:index:Cluster", cluster.name, {}, opts);
    this.cluster = cluster;
    this.nodeGroups = planNodeGroups(cluster);

    this.network = new Network(cluster, { parent: this });
    this.controlPlane = new ControlPlane(cluster, { subnetIds: Object.values(this.network.privateSubnetIds), apiRoutes: this.network.apiRoutes }, { parent: this });
    const cp = this.controlPlane;
    this.nodePools = new NodePools(
      cluster,
      {
        groups: this.nodeGroups,
        clusterName: cp.clusterName,
        endpoint: cp.endpoint,
        certificateAuthorityData: cp.certificateAuthorityData,
        clusterSecurityGroupId: cp.clusterSecurityGroupId,
        instanceProfileArn: cp.nodeInstanceProfile.arn,
        privateSubnetIds: this.network.privateSubnetIds,
        dependsOn: [cp.nodeAccessEntry],
      },
      { parent: this },
    );

    const roleName = autoscalerRoleName(cluster.name);
    this.autoscalerRoleArn = createIrsaRole(
      {
        name: roleName,
        serviceAccount: AUTOSCALER_SERVICE_ACCOUNT,
        oidcProviderArn: cp.oidcProviderArn,
        oidcIssuerUrl: cp.oidcIssuerUrl,
        policy: autoscalerPolicy(cluster.name),
        tags: resourceTags(cluster, roleName),
      },
      { parent: this },
    ).role.arn;

    // Kubernetes platform layer: PriorityClasses, cluster-autoscaler, overprovisioning ladders, DNS.
    createPlatform(
      cluster,
      { provider: cp.k8sProvider, clusterName: cp.clusterName, autoscalerRoleArn: this.autoscalerRoleArn },
      { parent: this, dependsOn: [this.nodePools] },
    );

    // Spot and cost operations: interruption handling, on-demand scale-back, off-hours, alerts.
    createSpotAndCostOperations(
      cluster,
      {
        provider: cp.k8sProvider,
        oidcProviderArn: cp.oidcProviderArn,
        oidcIssuerUrl: cp.oidcIssuerUrl,
        nodeGroups: this.nodeGroups,
        asgNames: Object.fromEntries(Object.entries(this.nodePools.asgs).map(([name, asg]) => [name, asg.name])),
      },
      { parent: this },
    );

    this.registerOutputs({ clusterName: cp.clusterName, endpoint: cp.endpoint, autoscalerRoleArn: this.autoscalerRoleArn });
  }
}

export function createCluster(cluster: Cluster, opts?: pulumi.ComponentResourceOptions): ClusterComponent {
  return new ClusterComponent(cluster, opts);
}
