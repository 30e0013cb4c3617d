// The table of broken stack files: each case is one mistake an operator could make, with the exact
// lines `npm run check` must print for it (file, path, what would be valid).
import { stackYaml } from "./helpers/repo";

export interface BadInput {
  stack: string;
  what: string;
  yaml: string;
  /** Extra files (snippets, values) the case needs. */
  files?: Record<string, string>;
  expected: string[];
}

const file = (stack: string) => `stacks/Pulumi.${stack}.yaml`;

export const BAD_INPUTS: BadInput[] = [
  {
    stack: "bad-unknown-key",
    what: "an unknown key (a typo must not fall back to a default)",
    yaml: stackYaml("bad-unknown-key", "appGroups:\n  api:\n    maxSzie: 10"),
    expected: [
      "stacks/Pulumi.bad-unknown-key.yaml: cluster.appGroups.api.maxSzie: unknown key \"maxSzie\" (valid: dedicated, labels, largestPod, maxSize, minSize, onDemand, overprovisioning, spot, spotAllocationStrategy, taints)",
    ],
  },
  {
    stack: "bad-unknown-snippet",
    what: "an unknown instance-type snippet",
    yaml: stackYaml("bad-unknown-snippet", "appGroups:\n  api:\n    spot: [spot_4x_32Gb, spot_9x]"),
    expected: [
      "stacks/Pulumi.bad-unknown-snippet.yaml: cluster.appGroups.api.spot[1]: unknown snippet \"spot_9x\" (known: ondemand_2x_32Gb, ondemand_4x_128Gb, ondemand_4x_32Gb, ondemand_4x_64Gb, ondemand_8x_128Gb, ondemand_8x_64Gb, spot_4x_128Gb, spot_4x_32Gb, spot_4x_64Gb, spot_4x_mixed, spot_8x_64Gb, spot_8x_mixed, spot_mixed_vcpu, spot_typo)",
    ],
  },
  {
    stack: "bad-unknown-type",
    what: "an unknown instance type in a snippet",
    files: { "snippets/instance-types/spot_typo.yaml": "- c5.4xlarge\n- c5.4xlage\n" },
    yaml: stackYaml("bad-unknown-type", "appGroups:\n  api:\n    spot: [spot_4x_32Gb, spot_typo]"),
    expected: [
      "snippets/instance-types/spot_typo.yaml: [1]: unknown instance type \"c5.4xlage\" (did you mean c5.4xlarge?)",
    ],
  },
  {
    stack: "bad-mixed-vcpu",
    what: "a snippet mixing vCPU counts",
    files: { "snippets/instance-types/spot_mixed_vcpu.yaml": "- c5.4xlarge\n- m5.8xlarge\n" },
    yaml: stackYaml("bad-mixed-vcpu", "appGroups:\n  workers:\n    spot: [spot_mixed_vcpu, spot_8x_mixed]"),
    expected: [
      "snippets/instance-types/spot_mixed_vcpu.yaml: mixes vCPU counts (c5.4xlarge=16, m5.8xlarge=32): every type of one ASG must have the same vCPU count, because cluster-autoscaler sizes the whole ASG from one type",
    ],
  },
  {
    stack: "bad-three-spot",
    what: "three spot classes in one group",
    yaml: stackYaml("bad-three-spot", "appGroups:\n  workers:\n    spot: [spot_4x_32Gb, spot_4x_64Gb, spot_8x_mixed]"),
    expected: [
      "stacks/Pulumi.bad-three-spot.yaml: cluster.appGroups.workers.spot: an app group has exactly 2 spot ASGs, one instance-type snippet each",
    ],
  },
  {
    stack: "bad-one-az",
    what: "a single availability zone",
    yaml: stackYaml("bad-one-az", "").replace("[eu-west-1a, eu-west-1b]", "[eu-west-1a]"),
    expected: [
      "stacks/Pulumi.bad-one-az.yaml: cluster.network.availabilityZones: needs at least 2 availability zones: never run a cluster, least of all spot, in a single AZ",
    ],
  },
  {
    stack: "bad-min-max",
    what: "minSize above maxSize",
    yaml: stackYaml("bad-min-max", "appGroups:\n  workers:\n    minSize: 20\n    maxSize: 10"),
    expected: [
      "stacks/Pulumi.bad-min-max.yaml: cluster.appGroups.workers.minSize: is 20, above maxSize 10: minSize must be <= maxSize",
    ],
  },
  {
    stack: "bad-taint-effect",
    what: "an invalid taint effect",
    yaml: stackYaml("bad-taint-effect", "appGroups:\n  workers:\n    taints:\n      - { key: team, value: search, effect: NoScheduel }"),
    expected: [
      "stacks/Pulumi.bad-taint-effect.yaml: cluster.appGroups.workers.taints[0].effect: must be one of NoSchedule, PreferNoSchedule, NoExecute",
    ],
  },
  {
    stack: "bad-taint-colon",
    what: "a taint value containing ':' (cluster-autoscaler splits on it)",
    yaml: stackYaml("bad-taint-colon", "appGroups:\n  workers:\n    taints:\n      - { key: team, value: 'a:b', effect: NoSchedule }"),
    expected: [
      "stacks/Pulumi.bad-taint-colon.yaml: cluster.appGroups.workers.taints[0].value: must be a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', no ':' (cluster-autoscaler splits taint tags on the first ':')",
    ],
  },
  {
    stack: "bad-ladder-order",
    what: "a ladder with non-increasing steps",
    yaml: stackYaml("bad-ladder-order", "appGroups:\n  workers:\n    overprovisioning:\n      ladder:\n        coresToReplicas: [[16, 4], [16, 10], [8, 20]]"),
    expected: [
      "stacks/Pulumi.bad-ladder-order.yaml: cluster.appGroups.workers.overprovisioning.ladder.coresToReplicas[1]: threshold 16 is not above the previous step's 16: steps must have strictly increasing thresholds",
      "stacks/Pulumi.bad-ladder-order.yaml: cluster.appGroups.workers.overprovisioning.ladder.coresToReplicas[2]: threshold 8 is not above the previous step's 16: steps must have strictly increasing thresholds",
    ],
  },
  {
    stack: "bad-ladder-negative",
    what: "a ladder with a negative step",
    yaml: stackYaml("bad-ladder-negative", "appGroups:\n  workers:\n    overprovisioning:\n      ladder:\n        coresToReplicas: [[16, -4]]"),
    expected: [
      "stacks/Pulumi.bad-ladder-negative.yaml: cluster.appGroups.workers.overprovisioning.ladder.coresToReplicas[0]: [16, -4] has a negative number: thresholds and replicas must be >= 0",
    ],
  },
  {
    stack: "bad-k8s-version",
    what: "a malformed Kubernetes version",
    yaml: stackYaml("bad-k8s-version", "kubernetesVersion: v1.33.2"),
    expected: [
      "stacks/Pulumi.bad-k8s-version.yaml: cluster.kubernetesVersion: must be a Kubernetes minor version in quotes, like \"1.35\"",
    ],
  },
  {
    stack: "bad-k8s-number",
    what: "a Kubernetes version written as a YAML number (1.30 reads as 1.3)",
    yaml: stackYaml("bad-k8s-number", "kubernetesVersion: 1.30"),
    expected: [
      "stacks/Pulumi.bad-k8s-number.yaml: cluster.kubernetesVersion: must be a string, got number 1.3 (put it in quotes)",
    ],
  },
  {
    stack: "bad-k8s-unsupported",
    what: "an unsupported Kubernetes minor",
    yaml: stackYaml("bad-k8s-unsupported", 'kubernetesVersion: "1.20"'),
    expected: [
      "stacks/Pulumi.bad-k8s-unsupported.yaml: cluster.kubernetesVersion: is not a supported Kubernetes minor (supported: 1.33, 1.34, 1.35, 1.36)",
    ],
  },
  {
    stack: "bad-duplicate-group",
    what: "the same group name twice",
    yaml: stackYaml("bad-duplicate-group", "appGroups:\n  api:\n    maxSize: 10\n  api:\n    maxSize: 20"),
    expected: [
      "stacks/Pulumi.bad-duplicate-group.yaml: is not valid YAML: line 13, column 7: duplicate key: every map key (group, pool, label) must be unique",
    ],
  },
  {
    stack: "bad-cluster-name",
    what: "a cluster name AWS would reject",
    yaml: stackYaml("Prod_EU!", ""),
    expected: [
      "stacks/Pulumi.bad-cluster-name.yaml: cluster.name: must be 2-39 lowercase letters, digits or '-', start with a letter and not end with '-' (it prefixes IAM role names, which AWS caps at 64 characters)",
    ],
  },
  {
    stack: "bad-cluster-name-long",
    what: "a cluster name too long for the IAM role names derived from it",
    yaml: stackYaml("prod-eu-west-1-customer-platform-primary-blue", ""),
    expected: [
      "stacks/Pulumi.bad-cluster-name-long.yaml: cluster.name: must be 2-39 lowercase letters, digits or '-', start with a letter and not end with '-' (it prefixes IAM role names, which AWS caps at 64 characters)",
    ],
  },
  {
    stack: "bad-extends-cycle",
    what: "an extends cycle between values files",
    files: { "snippets/values/cycle-a.yaml": "extends: [cycle-b]\n", "snippets/values/cycle-b.yaml": "extends: [cycle-a]\n" },
    yaml: stackYaml("bad-extends-cycle", "").replace("extends: [defaults, staging]", "extends: [defaults, cycle-a]"),
    expected: [
      "snippets/values/cycle-b.yaml: extends[0]: extends cycle: cycle-a -> cycle-b -> cycle-a",
    ],
  },
  {
    stack: "bad-extends-unknown",
    what: "extends naming a values file that does not exist",
    yaml: stackYaml("bad-extends-unknown", "").replace("extends: [defaults, staging]", "extends: [defaults, stagign]"),
    expected: [
      "stacks/Pulumi.bad-extends-unknown.yaml: cluster.extends[1]: unknown values file \"stagign\" (known: cycle-a, cycle-b, defaults, prod, staging, typo)",
    ],
  },
  {
    stack: "bad-missing-region",
    what: "no region",
    yaml: stackYaml("bad-missing-region", "").replace("  aws:region: eu-west-1\n", ""),
    expected: [
      "stacks/Pulumi.bad-missing-region.yaml: config.aws:region: is missing: set the cluster's AWS region, e.g. eu-west-1",
    ],
  },
  {
    stack: "bad-not-yaml",
    what: "a file that is not YAML",
    yaml: "config:\n  aws:region: eu-west-1\n  clusterkit:cluster: {name: [unclosed\n",
    expected: [
      "stacks/Pulumi.bad-not-yaml.yaml: is not valid YAML: line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  },
  {
    stack: "bad-zone-region",
    what: "an availability zone of another region",
    yaml: stackYaml("bad-zone-region", "").replace("[eu-west-1a, eu-west-1b]", "[eu-west-1a, eu-west-3b]"),
    expected: [
      "stacks/Pulumi.bad-zone-region.yaml: cluster.network.availabilityZones[1]: \"eu-west-3b\" is not a zone of region eu-west-1 (like eu-west-1a)",
    ],
  },
  {
    stack: "bad-same-snippet",
    what: "the same snippet for both ASGs of a tier",
    yaml: stackYaml("bad-same-snippet", "appGroups:\n  workers:\n    onDemand: [ondemand_4x_32Gb, ondemand_4x_32Gb]"),
    expected: [
      "stacks/Pulumi.bad-same-snippet.yaml: cluster.appGroups.workers.onDemand[1]: \"ondemand_4x_32Gb\" is used twice: the two ASGs of a tier need different instance-type snippets",
    ],
  },
  {
    stack: "bad-wrong-type",
    what: "a string where a number belongs",
    yaml: stackYaml("bad-wrong-type", "appGroups:\n  workers:\n    maxSize: lots"),
    expected: [
      "stacks/Pulumi.bad-wrong-type.yaml: cluster.appGroups.workers.maxSize: must be a number, got string \"lots\"",
    ],
  },
  {
    stack: "bad-missing-field",
    what: "a new group without its required fields",
    yaml: stackYaml("bad-missing-field", "appGroups:\n  search:\n    dedicated: true"),
    expected: [
      "stacks/Pulumi.bad-missing-field.yaml: cluster.appGroups.search.maxSize: is required (a number)",
      "stacks/Pulumi.bad-missing-field.yaml: cluster.appGroups.search.onDemand: is required (a list)",
      "stacks/Pulumi.bad-missing-field.yaml: cluster.appGroups.search.spot: is required (a list)",
    ],
  },
  {
    stack: "bad-values-file-key",
    what: "an unknown key inside a values file is reported in that file",
    files: { "snippets/values/typo.yaml": "autoscaler:\n  maxNodeProvisoinTime: 5m\n" },
    yaml: stackYaml("bad-values-file-key", "").replace("extends: [defaults, staging]", "extends: [defaults, staging, typo]"),
    expected: [
      "snippets/values/typo.yaml: autoscaler.maxNodeProvisoinTime: unknown key \"maxNodeProvisoinTime\" (valid: initialNodeGroupBackoff, maxNodeGroupBackoff, maxNodeProvisionTime, resources, scaleDownDelayAfterAdd, scaleDownUnneededTime, scaleDownUtilizationThreshold)",
    ],
  },
  {
    stack: "bad-group-admin",
    what: "an app group named after a platform pool",
    yaml: stackYaml("bad-group-admin", "appGroups:\n  admin:\n    spot: [spot_4x_32Gb, spot_8x_64Gb]\n    onDemand: [ondemand_4x_32Gb, ondemand_8x_64Gb]\n    maxSize: 5"),
    expected: ['stacks/Pulumi.bad-group-admin.yaml: cluster.appGroups.admin: "admin" is the name of a platform pool; choose another app group name'],
  },
  {
    stack: "bad-unreachable-api",
    what: "a private-only API endpoint with no network allowed to reach it",
    yaml: stackYaml("bad-unreachable-api", "controlPlane:\n  privateAccessCidrs: []"),
    expected: [
      "stacks/Pulumi.bad-unreachable-api.yaml: cluster.controlPlane.privateAccessCidrs: is empty while endpointPublicAccess is false: nothing outside the cluster VPC could reach the API, so `pulumi up` (every Kubernetes object) and the rollout's kubectl checks would time out. List the CI/VPN networks routed into the VPC (e.g. 10.0.0.0/16), or set endpointPublicAccess: true with publicAccessCidrs",
    ],
  },
  {
    stack: "bad-unrouted-private-access",
    what: "a private access network with nothing routing it into the VPC clusterkit creates",
    yaml: stackYaml("bad-unrouted-private-access", "controlPlane:\n  privateAccessCidrs: [10.0.0.0/16, 192.168.0.0/16]").replace("      transitGatewayId: tgw-0123456789abcdef0\n", ""),
    expected: [
      "stacks/Pulumi.bad-unrouted-private-access.yaml: cluster.controlPlane.privateAccessCidrs[0]: nothing routes 10.0.0.0/16 into the VPC clusterkit creates (network.vpcCidr), so it could not reach the private API endpoint: set network.transitGatewayId to the transit gateway that network reaches the VPC through, or use a public endpoint with publicAccessCidrs",
      "stacks/Pulumi.bad-unrouted-private-access.yaml: cluster.controlPlane.privateAccessCidrs[1]: nothing routes 192.168.0.0/16 into the VPC clusterkit creates (network.vpcCidr), so it could not reach the private API endpoint: set network.transitGatewayId to the transit gateway that network reaches the VPC through, or use a public endpoint with publicAccessCidrs",
    ],
  },
  {
    stack: "bad-private-access-in-vpc",
    what: "a private access network overlapping the VPC it would be routed into",
    yaml: stackYaml("bad-private-access-in-vpc", "controlPlane:\n  privateAccessCidrs: [10.0.0.0/16, 10.40.16.0/20]"),
    expected: [
      'stacks/Pulumi.bad-private-access-in-vpc.yaml: cluster.controlPlane.privateAccessCidrs[1]: "10.40.16.0/20" overlaps network.vpcCidr 10.40.0.0/16: list only networks outside the cluster VPC, like the CI/VPN network behind the transit gateway (a route for addresses of the VPC would clash with its local route)',
    ],
  },
  {
    stack: "bad-transit-gateway-id",
    what: "a transit gateway attachment id where the transit gateway id belongs",
    yaml: stackYaml("bad-transit-gateway-id", "").replace("transitGatewayId: tgw-0123456789abcdef0", "transitGatewayId: tgw-attach-0123456789abcdef0"),
    expected: [
      "stacks/Pulumi.bad-transit-gateway-id.yaml: cluster.network.transitGatewayId: must be a transit gateway id like tgw-0123456789abcdef0",
    ],
  },
  {
    stack: "bad-service-cidr-public",
    what: "a service CIDR outside the private ranges EKS accepts",
    yaml: stackYaml("bad-service-cidr-public", "controlPlane:\n  serviceCidr: 100.64.0.0/16"),
    expected: [
      'stacks/Pulumi.bad-service-cidr-public.yaml: cluster.controlPlane.serviceCidr: "100.64.0.0/16" is not inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16: EKS accepts only a private range for the service CIDR',
    ],
  },
  {
    stack: "bad-service-cidr-host-bits",
    what: "a service CIDR with host bits set (kube-dns would not be where nodes look)",
    yaml: stackYaml("bad-service-cidr-host-bits", "controlPlane:\n  serviceCidr: 172.20.0.0/12"),
    expected: [
      'stacks/Pulumi.bad-service-cidr-host-bits.yaml: cluster.controlPlane.serviceCidr: "172.20.0.0/12" has host bits set: its network is 172.16.0.0/12, so write 172.16.0.0/12 (EKS would put kube-dns at the .10 of the network, not of what is written)',
    ],
  },
  {
    stack: "bad-service-cidr-vpc",
    what: "a service CIDR overlapping the VPC",
    yaml: stackYaml("bad-service-cidr-vpc", "controlPlane:\n  serviceCidr: 10.40.0.0/16"),
    expected: [
      'stacks/Pulumi.bad-service-cidr-vpc.yaml: cluster.controlPlane.serviceCidr: "10.40.0.0/16" overlaps network.vpcCidr 10.40.0.0/16: EKS rejects a service CIDR that overlaps the VPC (a Service IP and a node or pod IP could be the same address); pick a range outside it, like 172.20.0.0/16',
    ],
  },
  {
    stack: "bad-access-entry-arn",
    what: "an assumed-role session ARN as an access entry principal",
    yaml: stackYaml("bad-access-entry-arn", "controlPlane:\n  accessEntries:\n    - { principalArn: 'arn:aws:sts::111122223333:assumed-role/clusterkit-deploy/jenkins', access: cluster-admin }"),
    expected: [
      "stacks/Pulumi.bad-access-entry-arn.yaml: cluster.controlPlane.accessEntries[0].principalArn: must be an IAM role or user ARN like arn:aws:iam::111122223333:role/clusterkit-deploy (not an assumed-role session ARN: EKS access entries take the role itself)",
    ],
  },
  {
    stack: "bad-log-retention",
    what: "a log retention CloudWatch Logs does not offer",
    yaml: stackYaml("bad-log-retention", "controlPlane:\n  logRetentionDays: 100"),
    expected: [
      "stacks/Pulumi.bad-log-retention.yaml: cluster.controlPlane.logRetentionDays: must be a CloudWatch Logs retention: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
    ],
  },
  {
    stack: "bad-no-admin",
    what: "no principal could administer the cluster (no creator entry, no cluster-admin entry)",
    yaml: stackYaml("bad-no-admin", 'controlPlane:\n  accessEntries: [{ principalArn: "arn:aws:iam::111122223333:role/clusterkit-preview", access: view }]'),
    expected: [
      "stacks/Pulumi.bad-no-admin.yaml: cluster.controlPlane.accessEntries: has no cluster-admin entry while clusterCreatorAdmin is false: nothing could deploy the Kubernetes objects; add the deploy role with access: cluster-admin (or set clusterCreatorAdmin: true on a new cluster)",
    ],
  },
  {
    stack: "bad-vpc-host-bits",
    what: "a VPC CIDR with host bits set",
    yaml: stackYaml("bad-vpc-host-bits", "").replace("10.40.0.0/16", "10.40.5.0/16"),
    expected: [
      "stacks/Pulumi.bad-vpc-host-bits.yaml: cluster.network.vpcCidr: \"10.40.5.0/16\" has host bits set: write the network address 10.40.0.0/16",
    ],
  },
  {
    stack: "bad-vpc-octet",
    what: "a VPC CIDR with an octet above 255",
    yaml: stackYaml("bad-vpc-octet", "").replace("10.40.0.0/16", "999.40.0.0/16"),
    expected: [
      "stacks/Pulumi.bad-vpc-octet.yaml: cluster.network.vpcCidr: \"999.40.0.0/16\" is not an IPv4 CIDR: four numbers 0-255 and a prefix 0-32, like 10.20.0.0/16",
    ],
  },
  {
    stack: "bad-vpc-too-small",
    what: "a VPC too small for its availability zones",
    yaml: stackYaml("bad-vpc-too-small", "")
      .replace("10.40.0.0/16", "10.40.0.0/24")
      .replace("[eu-west-1a, eu-west-1b]", "[eu-west-1a, eu-west-1b, eu-west-1c, eu-west-1d]"),
    expected: [
      "stacks/Pulumi.bad-vpc-too-small.yaml: cluster.network.vpcCidr: 10.40.0.0/24 is too small for 4 availability zones: public subnets would be /30, AWS allows at most /28; use a larger VPC (like a /16)",
    ],
  },
  {
    stack: "bad-restricted-label",
    what: "a node label in a namespace kubelet may not set",
    yaml: stackYaml("bad-restricted-label", 'appGroups:\n  workers:\n    labels: { "node-role.kubernetes.io/worker": "true" }'),
    expected: [
      "stacks/Pulumi.bad-restricted-label.yaml: cluster.appGroups.workers.labels.node-role.kubernetes.io/worker: kubelet may not set labels in the node-role.kubernetes.io namespace (only kubelet.kubernetes.io and node.kubernetes.io there): use your own prefix, like example.com/role",
    ],
  },
  {
    stack: "bad-reserved-label",
    what: "a node label clusterkit sets itself",
    yaml: stackYaml("bad-reserved-label", 'appGroups:\n  workers:\n    labels: { "clusterkit.io/pool": api }'),
    expected: [
      "stacks/Pulumi.bad-reserved-label.yaml: cluster.appGroups.workers.labels.clusterkit.io/pool: is set by clusterkit on every node (clusterkit.io/pool, clusterkit.io/lifecycle); choose another key",
    ],
  },
  {
    stack: "bad-taint-twice",
    what: "two taints with the same key",
    yaml: stackYaml("bad-taint-twice", "appGroups:\n  workers:\n    taints:\n      - { key: team, value: a, effect: NoSchedule }\n      - { key: team, value: b, effect: NoExecute }"),
    expected: [
      "stacks/Pulumi.bad-taint-twice.yaml: cluster.appGroups.workers.taints[1].key: \"team\" is already the key of taints[0]: a node (and cluster-autoscaler's template) keeps one taint per key",
    ],
  },
  {
    stack: "bad-long-label",
    what: "a label whose cluster-autoscaler template tag key exceeds AWS's 128 characters",
    yaml: stackYaml("bad-long-label", `appGroups:\n  workers:\n    labels: { "team.platform.example.com/${"a".repeat(63)}": x }`),
    expected: [
      "stacks/Pulumi.bad-long-label.yaml: cluster.appGroups.workers.labels.team.platform.example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: would put a tag AWS rejects on its ASGs: tag key \"k8s.io/cluster-autoscaler/node-template/label/team.platform.example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is 135 characters, AWS allows 1-128",
    ],
  },
  {
    stack: "bad-too-many-tags",
    what: "more tags than AWS allows on an ASG",
    yaml: stackYaml("bad-too-many-tags", `tags: { ${Array.from({ length: 45 }, (_, i) => `t${i}: v`).join(", ")} }`),
    expected: [
      "stacks/Pulumi.bad-too-many-tags.yaml: cluster.tags: has 45 tags, and with the group's labels and taints and clusterkit's own tags ASG bad-too-many-tags-api-on-demand-4x-32gb would carry 57; AWS allows at most 50 per ASG: drop some cluster tags or labels",
    ],
  },
  {
    stack: "bad-tag-prefix",
    what: "a tag key with AWS's reserved prefix",
    yaml: stackYaml("bad-tag-prefix", 'tags: { "aws:owner": platform }'),
    expected: [
      "stacks/Pulumi.bad-tag-prefix.yaml: cluster.tags.aws:owner: key must not start with aws: or eks: (reserved by AWS, and read as node labels by cluster-autoscaler)",
    ],
  },
  {
    stack: "bad-tag-chars",
    what: "a tag value IAM would reject",
    yaml: stackYaml("bad-tag-chars", 'tags: { owner: "platform, ops & co" }'),
    expected: [
      "stacks/Pulumi.bad-tag-chars.yaml: cluster.tags.owner: may contain only letters, digits, spaces and _ . : / = + - @ (AWS tag value)",
    ],
  },
  {
    stack: "bad-tag-clusterkit",
    what: "a tag key clusterkit sets itself",
    yaml: stackYaml("bad-tag-clusterkit", 'tags: { "k8s.io/cluster-autoscaler/enabled": "false" }'),
    expected: [
      "stacks/Pulumi.bad-tag-clusterkit.yaml: cluster.tags.k8s.io/cluster-autoscaler/enabled: is a tag clusterkit sets on the cluster's ASGs and instances itself; choose another key",
    ],
  },
  {
    stack: "bad-proto-key",
    what: "a __proto__ key (which a merge would write into every object)",
    yaml: stackYaml("bad-proto-key", "admin:\n  __proto__: { maxSize: 5 }"),
    expected: [
      "stacks/Pulumi.bad-proto-key.yaml: config.clusterkit:cluster.admin.__proto__: the key \"__proto__\" is not allowed (it is not a setting anywhere)",
    ],
  },
  {
    stack: "bad-alias-bomb",
    what: "YAML aliases that expand exponentially",
    yaml: "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    expected: [
      "stacks/Pulumi.bad-alias-bomb.yaml: is not usable YAML: its aliases (*name) expand to too many values; write the values out instead",
    ],
  },
];

export { file as stackFilePath };
