import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AUTOSCALER_SERVICE_ACCOUNT, autoscalerPolicy, autoscalerRoleName } from "../components/autoscaler/iam";
import { irsaTrustPolicy, issuerHostPath } from "../components/control-plane/irsa";
import { CLUSTER_NAME } from "../config/schema";

const iam = JSON.parse(readFileSync("/work/shared/aws-api-models/iam.json", "utf8"));
const shape = (name: string) => iam.shapes[`com.amazonaws.iam#${name}`].traits;

const policy = JSON.parse(autoscalerPolicy("prod-eu-west-1"));
const statements: any[] = policy.Statement;
const actionsOf = (s: any): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe("cluster-autoscaler IAM policy", () => {
  it("reads on '*', including DescribeScalingActivities for fast fallback on InsufficientInstanceCapacity", () => {
    const read = statements.find((s) => s.Sid === "Read");
    expect(read.Resource).toBe("*");
    expect(read.Condition).toBeUndefined();
    expect(actionsOf(read).sort()).toEqual([
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
      "eks:DescribeNodegroup",
    ]);
  });

  it("may scale and terminate only in ASGs tagged as owned by this cluster", () => {
    const writes = statements.filter((s) => actionsOf(s).some((a) => !/^(autoscaling|ec2|eks):(Describe|Get)/.test(a)));
    expect(writes).toHaveLength(1);
    expect(actionsOf(writes[0]).sort()).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
    expect(writes[0].Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/prod-eu-west-1": "owned" } });
  });

  it("has no wildcard actions, only Allow, and fits IAM's policy document limits", () => {
    for (const s of statements) {
      expect(s.Effect).toBe("Allow");
      for (const a of actionsOf(s)) expect(a).not.toContain("*");
    }
    const doc = autoscalerPolicy("prod-eu-west-1");
    const limits = shape("policyDocumentType");
    expect(doc.length).toBeLessThanOrEqual(limits["smithy.api#length"].max);
    expect(new RegExp(limits["smithy.api#pattern"], "u").test(doc)).toBe(true);
  });
});

describe("IRSA trust policy", () => {
  const issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF";
  const arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF";

  it("pins the exact service account and the STS audience", () => {
    const trust = JSON.parse(irsaTrustPolicy(arn, issuer, AUTOSCALER_SERVICE_ACCOUNT));
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: arn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF:aud": "sts.amazonaws.com",
            "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF:sub": "system:serviceaccount:kube-system:cluster-autoscaler",
          },
        },
      },
    ]);
    // StringEquals, not StringLike: no wildcard subject can slip in.
    expect(JSON.stringify(trust)).not.toContain("StringLike");
  });

  it("strips the scheme from the issuer and refuses non-https issuers", () => {
    expect(issuerHostPath(`${issuer}/`)).toBe("oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF");
    expect(() => issuerHostPath("http://example.com/id/x")).toThrow(/not an https OIDC issuer/);
  });
});

describe("role name", () => {
  it("is <cluster>-cluster-autoscaler and fits IAM's roleNameType for the longest cluster name the schema allows", () => {
    const longest = `a${"b".repeat(37)}c`;
    expect(CLUSTER_NAME.test(longest)).toBe(true);
    expect(CLUSTER_NAME.test(`${longest}d`)).toBe(false);
    const name = autoscalerRoleName(longest);
    const limits = shape("roleNameType");
    expect(name.length).toBeLessThanOrEqual(limits["smithy.api#length"].max);
    expect(new RegExp(limits["smithy.api#pattern"], "u").test(name)).toBe(true);
    expect(autoscalerRoleName("prod-eu-west-1")).toBe("prod-eu-west-1-cluster-autoscaler");
  });
});
