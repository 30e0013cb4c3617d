// cluster-autoscaler's IAM policy (for its IRSA role, never the node role). Reads on "*": the describe
// calls do not support resource scoping. Writes only on ASGs tagged as owned by this cluster.
// autoscaling:DescribeScalingActivities lets CA see a failed spot launch at once and fall back to the
// next priority tier, instead of waiting out --max-node-provision-time.
import { policyJson, type PolicyStatement } from "../control-plane/iam-policies";
import type { ServiceAccountRef } from "../control-plane/irsa";
import { caOwnerTag } from "../node-pools/tags";

export const AUTOSCALER_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: "kube-system", serviceAccount: "cluster-autoscaler" };

export function autoscalerRoleName(clusterName: string): string {
  return `${clusterName}-cluster-autoscaler`;
}

export const AUTOSCALER_READ_ACTIONS = [
  "autoscaling:DescribeAutoScalingGroups",
  "autoscaling:DescribeAutoScalingInstances",
  "autoscaling:DescribeLaunchConfigurations",
  "autoscaling:DescribeScalingActivities",
  "ec2:DescribeImages",
  "ec2:DescribeInstanceTypes",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:GetInstanceTypesFromInstanceRequirements",
  "eks:DescribeNodegroup",
] as const;

export const AUTOSCALER_WRITE_ACTIONS = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"] as const;

export function autoscalerPolicyStatements(clusterName: string): PolicyStatement[] {
  return [
    { Sid: "Read", Effect: "Allow", Action: [...AUTOSCALER_READ_ACTIONS], Resource: "*" },
    {
      Sid: "ScaleOwnedGroups",
      Effect: "Allow",
      Action: [...AUTOSCALER_WRITE_ACTIONS],
      Resource: "*",
      Condition: { StringEquals: { [`aws:ResourceTag/${caOwnerTag(clusterName)}`]: "owned" } },
    },
  ];
}

export function autoscalerPolicy(clusterName: string): string {
  return policyJson(autoscalerPolicyStatements(clusterName));
}
