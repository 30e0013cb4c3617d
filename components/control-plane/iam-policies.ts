// IAM building blocks shared by every role clusterkit creates: partition-aware ARNs and policy JSON.

/** The AWS partition of a region: ARNs of AWS-managed policies differ in China and GovCloud. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function managedPolicyArn(region: string, policy: string): string {
  return `arn:${partitionOf(region)}:iam::aws:policy/${policy}`;
}

/** An EKS access policy (not an IAM policy): what an access entry may do inside Kubernetes. */
export function eksAccessPolicyArn(region: string, policy: string): string {
  return `arn:${partitionOf(region)}:eks::aws:cluster-access-policy/${policy}`;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function policyJson(statements: PolicyStatement[]): string {
  const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
  return JSON.stringify(doc);
}

/** Trust policy letting an AWS service (eks.amazonaws.com, ec2.amazonaws.com) assume a role. */
export function serviceTrustPolicy(service: string): string {
  return policyJson([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}
