// Deterministic outputs for the resources the mock runtime "creates", so every value derived from
// them (ARNs in policies, the API endpoint in user data) renders the same on every run and machine.
import type { StateFor } from "./recorder";

export const MOCK_ACCOUNT = "123456789012";

const service = (type: string): string => type.split(":")[1]?.split("/")[0] ?? "mock";

export function mockState(region: string): StateFor {
  return (type, name, inputs) => {
    const awsName = typeof inputs.name === "string" ? inputs.name : name;
    switch (type) {
      case "aws:eks/cluster:Cluster":
        return {
          arn: `arn:aws:eks:${region}:${MOCK_ACCOUNT}:cluster/${awsName}`,
          endpoint: `https://MOCK0ENDPOINT.gr7.${region}.eks.amazonaws.com`,
          certificateAuthority: { data: "TU9DSy1DRVJUSUZJQ0FURS1BVVRIT1JJVFk=" },
          identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/MOCK0OIDC0ISSUER` }] }],
          vpcConfig: { ...(inputs.vpcConfig as object), clusterSecurityGroupId: "sg-0mockclustersg000" },
        };
      case "aws:iam/role:Role":
        return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${awsName}` };
      case "aws:iam/instanceProfile:InstanceProfile":
        return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:instance-profile/${awsName}` };
      case "aws:kms/key:Key":
        return { arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT}:key/mock-${name}`, keyId: `mock-${name}` };
      case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
        return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/MOCK0OIDC0ISSUER` };
      case "aws:ec2/launchTemplate:LaunchTemplate":
        return { arn: `arn:aws:ec2:${region}:${MOCK_ACCOUNT}:launch-template/${name}`, latestVersion: 1 };
      case "aws:sqs/queue:Queue":
        return { arn: `arn:aws:sqs:${region}:${MOCK_ACCOUNT}:${awsName}`, url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${awsName}` };
      case "aws:cloudwatch/eventRule:EventRule":
        return { arn: `arn:aws:events:${region}:${MOCK_ACCOUNT}:rule/${awsName}` };
      default:
        return type.startsWith("aws:") ? { arn: `arn:aws:${service(type)}:${region}:${MOCK_ACCOUNT}:${name}` } : {};
    }
  };
}
