// The one source of truth for a cluster's values: it validates, supplies defaults, gives the TypeScript
// types and exports the JSON Schema editors use (schema/cluster.schema.json). Every field says its default.
// Cross-field rules that need the snippets or the instance catalog live in rules.ts.
import { z } from "zod";
import { SUPPORTED_KUBERNETES_MINORS } from "../components/versions";

// ---- scalar formats -------------------------------------------------------------------------------

/** EKS allows ^[0-9A-Za-z][A-Za-z0-9-_]{0,99}; clusterkit is stricter because the name also becomes ASG,
 * IAM role (64 characters at most, with a suffix of up to 25) and Kubernetes label values. */
export const CLUSTER_NAME = /^[a-z][a-z0-9-]{0,37}[a-z0-9]$/;
const clusterName = z
  .string()
  .regex(CLUSTER_NAME, "must be 2-39 lowercase letters, digits or '-', start with a letter and not end with '-' (it prefixes IAM role names, which AWS caps at 64 characters)");

/** An app group name becomes part of ASG names, labels and Kubernetes object names. */
const groupName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/, "must be 2-20 lowercase letters, digits or '-', starting with a letter");

const snippetName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "must be a snippet name like spot_4x_32Gb");

const kubernetesMinor = z
  .string()
  .regex(/^1\.[0-9]{2}$/, { message: 'must be a Kubernetes minor version in quotes, like "1.35"', abort: true })
  .refine((v) => SUPPORTED_KUBERNETES_MINORS.includes(v), {
    message: `is not a supported Kubernetes minor (supported: ${SUPPORTED_KUBERNETES_MINORS.join(", ")})`,
  });

const cpuQuantity = z
  .string()
  .regex(/^([0-9]+m|[0-9]+(\.[0-9]{1,3})?)$/, 'must be a CPU quantity like "500m" or "2"');
const memoryQuantity = z
  .string()
  .regex(/^[0-9]+(Mi|Gi)$/, 'must be a memory quantity in Mi or Gi, like "512Mi" or "4Gi"');

/** Go duration as cluster-autoscaler flags take it. */
const duration = z.string().regex(/^([0-9]+h)?([0-9]+m)?([0-9]+s)?$/, 'must be a duration like "5m", "90s" or "1h30m"').refine((v) => v !== "", "must not be empty");

// Kubernetes label syntax: an optional DNS-subdomain prefix and a name of at most 63 characters.
const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const labelKey = z.string().regex(LABEL_NAME, "must be a Kubernetes label key like team or example.com/team");
const labelValue = z
  .string()
  .regex(LABEL_VALUE, "must be a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', no ':' (cluster-autoscaler splits taint tags on the first ':')");

const resources = z.strictObject({
  cpu: cpuQuantity.describe("CPU request and limit (Guaranteed QoS: both are set to this)."),
  memory: memoryQuantity.describe("Memory request and limit (Guaranteed QoS: both are set to this)."),
});

export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;
const taint = z.strictObject({
  key: labelKey.describe("Taint key."),
  value: labelValue.default("").describe('Taint value; default "".'),
  effect: z.enum(TAINT_EFFECTS, { message: `must be one of ${TAINT_EFFECTS.join(", ")}` }).describe("NoSchedule, PreferNoSchedule or NoExecute."),
});

const labels = z.record(labelKey, labelValue);

// IAM's tag syntax (iam.json tagKeyType, tagValueType): the cluster's tags reach IAM roles, the
// strictest service they land on. aws: is AWS's; eks: tags on an ASG become labels in cluster-autoscaler.
const AWS_TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const AWS_TAG_CHARS_TEXT = "letters, digits, spaces and _ . : / = + - @";
const awsTagKey = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters (AWS tag key)")
  .regex(AWS_TAG_CHARS, `may contain only ${AWS_TAG_CHARS_TEXT} (AWS tag key)`)
  .refine((k) => !/^(aws|eks):/i.test(k), "must not start with aws: or eks: (reserved by AWS, and read as node labels by cluster-autoscaler)");
const awsTagValue = z
  .string()
  .max(256, "must be at most 256 characters (AWS tag value)")
  .regex(AWS_TAG_CHARS, `may contain only ${AWS_TAG_CHARS_TEXT} (AWS tag value)`);

// ---- network and control plane -------------------------------------------------------------------

const network = z
  .strictObject({
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$/, "must be an availability zone name like eu-west-1a"))
      .min(2, "needs at least 2 availability zones: never run a cluster, least of all spot, in a single AZ")
      .describe("Availability zones every node pool spans (at least 2)."),
    vpcCidr: z
      .string()
      .regex(/^([0-9]{1,3}\.){3}[0-9]{1,3}\/(1[6-9]|2[0-4])$/, "must be an IPv4 CIDR from /16 to /24, like 10.20.0.0/16")
      .optional()
      .describe("Create a new VPC with this CIDR: a public and a private subnet and a NAT gateway per AZ. Exclusive with existingVpc."),
    existingVpc: z
      .strictObject({
        vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id like vpc-0123456789abcdef0").describe("The VPC's id."),
        privateSubnetIds: z
          .record(z.string(), z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id like subnet-0123456789abcdef0"))
          .describe("Private subnet per availability zone."),
      })
      .optional()
      .describe("Use an existing VPC's private subnets instead of creating a VPC. Exclusive with vpcCidr."),
    transitGatewayId: z
      .string()
      .regex(/^tgw-[0-9a-f]{8,17}$/, "must be a transit gateway id like tgw-0123456789abcdef0")
      .optional()
      .describe(
        "Transit gateway through which the controlPlane.privateAccessCidrs networks (CI/VPN) reach the cluster; default none. With vpcCidr, clusterkit attaches the private subnets to it and routes every privateAccessCidrs entry to it from each private route table; the gateway's route back to the VPC CIDR (propagation or a static route), and accepting the attachment if the gateway is shared from another account, are the gateway owner's. A transit gateway is regional: a stack in another region sets its own. Ignored with existingVpc: routing an existing VPC is its owner's job.",
      ),
  })
  .describe("Where the cluster runs.");

const ipv4Cidr = z.string().regex(/^([0-9]{1,3}\.){3}[0-9]{1,3}\/[0-9]{1,2}$/, "must be an IPv4 CIDR");

/** CloudWatch Logs PutRetentionPolicy accepts only these (0, never expire, is left out on purpose). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** EKS access policies clusterkit grants, by the Kubernetes user-facing role they resemble. */
export const CLUSTER_ACCESS = ["cluster-admin", "admin", "view"] as const;

/** An IAM role or user (EKS access entries take no STS session ARNs); a role may carry a path. */
export const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)\/([\x21-\x7E]+\/)?[A-Za-z0-9+=,.@_-]{1,64}$/;

const accessEntry = z.strictObject({
  principalArn: z
    .string()
    .regex(IAM_PRINCIPAL_ARN, "must be an IAM role or user ARN like arn:aws:iam::111122223333:role/clusterkit-deploy (not an assumed-role session ARN: EKS access entries take the role itself)")
    .describe("The IAM role (or user) given access, e.g. the Jenkins deploy role."),
  access: z
    .enum(CLUSTER_ACCESS, { message: `must be one of ${CLUSTER_ACCESS.join(", ")}` })
    .describe("cluster-admin (AmazonEKSClusterAdminPolicy), admin (AmazonEKSAdminPolicy) or view (AmazonEKSViewPolicy), cluster-wide."),
});

const controlPlane = z
  .strictObject({
    endpointPublicAccess: z.boolean().default(false).describe("Expose the API endpoint publicly; default false (private endpoint only)."),
    publicAccessCidrs: z
      .array(ipv4Cidr)
      .default([])
      .describe("CIDRs allowed to reach a public endpoint; default none. Required when endpointPublicAccess is true."),
    privateAccessCidrs: z
      .array(ipv4Cidr)
      .default([])
      .describe(
        "Networks routed into the cluster VPC (a CI/VPN network through a transit gateway, VPN or peering) allowed to reach the private API endpoint on tcp/443, through an ingress rule each on the EKS cluster security group; default none. Required when endpointPublicAccess is false: `pulumi up` and the rollout's kubectl checks run from there. In a VPC clusterkit creates, they are routed to network.transitGatewayId (required then); an existing VPC's owner routes them. Must not overlap network.vpcCidr.",
      ),
    serviceCidr: z
      .string()
      .regex(/^([0-9]{1,3}\.){3}0\/(1[2-9]|2[0-4])$/, "must be an IPv4 CIDR ending in .0, from /12 to /24, like 172.20.0.0/16")
      .default("172.20.0.0/16")
      .describe("Kubernetes service CIDR; default 172.20.0.0/16. A network address inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 that does not overlap the VPC; kube-dns gets its .10 address."),
    supportType: z
      .enum(["EXTENDED", "STANDARD"], { message: "must be EXTENDED or STANDARD" })
      .default("EXTENDED")
      .describe(
        "EKS upgrade policy once the minor leaves standard support (14 months after release); default EXTENDED, the EKS API's own default. EXTENDED keeps the minor, billed at the extended-support rate (6x the control plane's); STANDARD lets EKS upgrade the control plane itself, outside Pulumi: then raise kubernetesVersion first.",
      ),
    logTypes: z
      .array(z.enum(["api", "audit", "authenticator", "controllerManager", "scheduler"]))
      .default(["api", "audit", "authenticator"])
      .describe("Control plane log types sent to CloudWatch; default api, audit, authenticator."),
    logRetentionDays: z
      .number()
      .int()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), `must be a CloudWatch Logs retention: one of ${LOG_RETENTION_DAYS.join(", ")}`)
      .default(90)
      .describe("Retention of the control plane log group /aws/eks/<cluster>/cluster, which clusterkit creates before the cluster; default 90 days. A cluster that already logged has the group (EKS made it): import it once, `pulumi import aws:cloudwatch/logGroup:LogGroup <cluster>-control-plane-logs /aws/eks/<cluster>/cluster`."),
    accessEntries: z
      .array(accessEntry)
      .default([])
      .describe(
        "IAM principals given Kubernetes API access (EKS access entry + cluster-wide access policy each), e.g. the CI deploy and preview roles; default none. Do not list the principal that creates the cluster while clusterCreatorAdmin is true: EKS already gave it an entry, and a second one fails.",
      ),
    clusterCreatorAdmin: z
      .boolean()
      .default(false)
      .describe(
        "Let EKS give the principal that creates the cluster a cluster-admin access entry of its own (bootstrapClusterCreatorAdminPermissions); default false: admins are declared in accessEntries, so the CI deploy role that creates the cluster does not get a second, conflicting entry. Changing it replaces the cluster.",
      ),
  })
  .prefault({})
  .describe("EKS control plane: endpoint access, service CIDR, logs, API access.");

const nodes = z
  .strictObject({
    rootVolumeGiB: z.number().int().min(20).max(16384).default(100).describe("Encrypted gp3 root volume size; default 100 GiB."),
    amiReleaseVersion: z
      .string()
      .regex(/^v[0-9]{8}$/, "must be an EKS AMI release like v20251103")
      .optional()
      .describe("Pin the AL2023 EKS AMI release; default: the recommended AMI for the Kubernetes minor, resolved at launch."),
    maxPods: z.number().int().min(8).max(737).optional().describe("kubelet maxPods; default: what nodeadm computes for the instance type."),
  })
  .prefault({})
  .describe("Settings shared by every node: AMI, root volume, kubelet.");

// ---- node pools ----------------------------------------------------------------------------------

const poolSize = {
  minSize: z.number().int().min(0).describe("Minimum nodes per ASG."),
  maxSize: z.number().int().min(1).max(1000).describe("Maximum nodes per ASG."),
};

const adminPool = z
  .strictObject({
    instanceTypes: snippetName.describe("Instance-type snippet of the admin ASG (on-demand)."),
    minSize: poolSize.minSize.default(2).describe("Minimum admin nodes; default 2."),
    maxSize: poolSize.maxSize.default(6).describe("Maximum admin nodes; default 6."),
  })
  .describe("On-demand, tainted pool for platform add-ons: CoreDNS, cluster-autoscaler, the ladders' controllers.");

const monitoringPool = z
  .strictObject({
    instanceTypes: snippetName.describe("Instance-type snippet of the monitoring ASG: memory-heavy types."),
    lifecycle: z.enum(["on-demand", "spot"]).default("on-demand").describe("Purchase option; default on-demand (one ASG has no fallback)."),
    minSize: poolSize.minSize.default(2).describe("Minimum monitoring nodes; default 2 (two Prometheus replicas on separate nodes)."),
    maxSize: poolSize.maxSize.default(4).describe("Maximum monitoring nodes; default 4."),
  })
  .describe("Tainted pool where Prometheus and its peers may use all of a node's memory.");

const ladder = z
  .strictObject({
    coresToReplicas: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .optional()
      .describe("[[cores, replicas], ...] with strictly increasing cores."),
    nodesToReplicas: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .optional()
      .describe("[[nodes, replicas], ...] with strictly increasing nodes."),
    includeUnschedulableNodes: z.boolean().default(false).describe("Count cordoned nodes too; default false."),
  })
  .describe("cluster-proportional-autoscaler ladder: the number of pause pods as the group grows.");

const overprovisioning = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Run pause pods for this group; default true."),
    pod: resources.describe("Size of one pause pod: bigger than any application pod of the group."),
    ladder: ladder,
  })
  .describe("Spare capacity held by pause pods at priority -10, preempted the moment an application needs it.");

export const SPOT_ALLOCATION_STRATEGIES = ["capacity-optimized", "price-capacity-optimized"] as const;

const appGroup = z.strictObject({
  dedicated: z
    .boolean()
    .default(false)
    .describe("Taint the group's nodes dedicated=<group>:NoSchedule so only its own apps run there; default false."),
  spot: z
    .array(snippetName)
    .length(2, "an app group has exactly 2 spot ASGs, one instance-type snippet each")
    .describe("The two spot ASGs, tried first: one instance-type snippet each."),
  onDemand: z
    .array(snippetName)
    .length(2, "an app group has exactly 2 on-demand fallback ASGs, one instance-type snippet each")
    .describe("The two on-demand fallback ASGs, used when spot is out: one instance-type snippet each."),
  minSize: poolSize.minSize.default(0).describe("Minimum nodes per spot ASG; default 0. On-demand fallbacks always start at 0."),
  maxSize: poolSize.maxSize.describe("Maximum nodes per ASG."),
  spotAllocationStrategy: z
    .enum(SPOT_ALLOCATION_STRATEGIES)
    .default("capacity-optimized")
    .describe("Spot allocation strategy; default capacity-optimized (the seed: fewest reclaims)."),
  labels: labels.default({}).describe("Extra node labels; default none."),
  taints: z.array(taint).default([]).describe("Extra node taints; default none."),
  largestPod: resources.optional().describe("The largest application pod of the group; pause pods must be at least this big."),
  overprovisioning: overprovisioning.optional(),
});

// ---- platform add-ons ----------------------------------------------------------------------------

const autoscaler = z
  .strictObject({
    maxNodeProvisionTime: duration.default("5m").describe("--max-node-provision-time; default 5m (the seed; upstream 15m)."),
    scaleDownUnneededTime: duration.default("10m").describe("--scale-down-unneeded-time; default 10m."),
    scaleDownDelayAfterAdd: duration.default("10m").describe("--scale-down-delay-after-add; default 10m."),
    scaleDownUtilizationThreshold: z.number().gt(0).max(1).default(0.5).describe("--scale-down-utilization-threshold; default 0.5."),
    initialNodeGroupBackoff: duration.default("5m").describe("--initial-node-group-backoff-duration; default 5m."),
    maxNodeGroupBackoff: duration.default("30m").describe("--max-node-group-backoff-duration; default 30m."),
    resources: resources.default({ cpu: "200m", memory: "600Mi" }).describe("Requests and limits; default 200m / 600Mi."),
  })
  .prefault({})
  .describe("cluster-autoscaler: priority expander over the spot then on-demand tiers.");

const dns = z
  .strictObject({
    nodeLocal: z
      .strictObject({
        ip: z.string().regex(/^169\.254\.[0-9]{1,3}\.[0-9]{1,3}$/, "must be a link-local address like 169.254.20.10").default("169.254.20.10").describe("Link-local address of the per-node dnsmasq cache; default 169.254.20.10."),
        cacheSize: z.number().int().min(150).max(100000).default(10000).describe("dnsmasq --cache-size; default 10000."),
        negTtl: z.number().int().min(0).max(3600).default(5).describe("dnsmasq --neg-ttl for negative answers without SOA TTL; default 5 s."),
        resources: resources.default({ cpu: "100m", memory: "64Mi" }).describe("Requests and limits; default 100m / 64Mi."),
      })
      .prefault({})
      .describe("Per-node dnsmasq cache every pod's DNS goes through."),
    coredns: z
      .strictObject({
        minReplicas: z.number().int().min(2).default(2).describe("Minimum CoreDNS replicas; default 2."),
        maxReplicas: z.number().int().min(2).default(20).describe("Maximum CoreDNS replicas; default 20."),
        resources: resources.default({ cpu: "250m", memory: "256Mi" }).describe("Requests and limits; default 250m / 256Mi."),
      })
      .prefault({})
      .describe("CoreDNS (the EKS add-on) on the admin pool, autoscaled by EKS between min and max replicas."),
  })
  .prefault({})
  .describe("Cluster DNS: node-local dnsmasq cache in front of CoreDNS.");

// ---- spot and cost operations ---------------------------------------------------------------------

const spotInterruptions = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Run aws-node-termination-handler in queue mode (SQS queue, EventBridge rules, ASG termination hooks); default true."),
    drainOnRebalanceRecommendation: z
      .boolean()
      .default(false)
      .describe(
        "Send EC2 rebalance recommendations to the queue; default false. In queue mode every event is cordon-and-drain (ENABLE_REBALANCE_DRAINING is IMDS-only), so this switch is the EventBridge rule itself. Off because the spot ASGs use Capacity Rebalancing: the ASG launches a replacement first and its termination lifecycle hook then has NTH drain the old node; aws-node-termination-handler's README (Queue Processor) says that with capacity-rebalance on, the Spot and Rebalance EventBridge rules are not needed. Draining at the recommendation itself empties nodes before a replacement exists, on advice that often never turns into a reclaim.",
      ),
    replicas: z.number().int().min(1).max(3).default(2).describe("Handler replicas on the admin pool; default 2 (both poll the queue; one survives an admin node drain)."),
    resources: resources.default({ cpu: "100m", memory: "128Mi" }).describe("Requests and limits; default 100m / 128Mi."),
  })
  .prefault({})
  .describe("Spot interruption handling: cordon and drain a node before EC2 or its ASG takes it away.");

const onDemandScaleBack = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Move workloads back to spot and remove on-demand fallback nodes after a spot shortage; default true."),
    after: duration
      .default("2h")
      .describe("A pod must have run this long on an on-demand node before the descheduler moves it to spot (the seed's draino delay); default 2h."),
    interval: duration.default("10m").describe("How often the descheduler looks for pods to move; default 10m."),
    unneededTime: duration
      .default("5m")
      .describe("scaledownunneededtime tag of on-demand app ASGs: how long an on-demand node must be removable before cluster-autoscaler removes it; default 5m (cluster-wide flag: autoscaler.scaleDownUnneededTime)."),
    utilizationThreshold: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe("scaledownutilizationthreshold tag of on-demand app ASGs; default 1 (an on-demand node is removable whenever its pods fit elsewhere, whatever its utilization)."),
    resources: resources.default({ cpu: "100m", memory: "256Mi" }).describe("descheduler requests and limits; default 100m / 256Mi."),
  })
  .prefault({})
  .describe("On-demand scale-back: cluster-autoscaler per-ASG options plus the descheduler, no home-made controller.");

// GoKubeDownscaler relative timespan: <Weekday>-<Weekday> <HH:MM>-<HH:MM> <Area/City|UTC>, comma-separated.
const WEEKDAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const CLOCK = "(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)";
const TIMESPAN = `${WEEKDAY}-${WEEKDAY} ${CLOCK}-${CLOCK} (UTC|[A-Z][A-Za-z_]+(/[A-Za-z_+-]+)+)`;
export const DOWNSCALER_TIMESPANS = new RegExp(`^${TIMESPAN}(, ?${TIMESPAN})*$`);

const downscaler = z
  .strictObject({
    enabled: z.boolean().default(false).describe("Scale workloads down outside working hours (GoKubeDownscaler); default false (off in prod; staging.yaml turns it on)."),
    uptime: z
      .string()
      .regex(DOWNSCALER_TIMESPANS, 'must be GoKubeDownscaler timespans like "Mon-Fri 07:00-20:00 Europe/Paris" (comma-separated)')
      .default("Mon-Fri 07:00-20:00 Europe/Paris")
      .describe('When workloads run (--default-uptime); outside it they are scaled to 0; default "Mon-Fri 07:00-20:00 Europe/Paris".'),
    excludeNamespaces: z
      .array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a namespace name"))
      .default([])
      .describe("Namespaces never scaled down, on top of the platform's own (kube-system, overprovisioning, the downscaler's); default none."),
    includeResources: z
      .array(z.enum(["deployments", "statefulsets"]))
      .min(1)
      .default(["deployments", "statefulsets"])
      .describe("Workload kinds scaled down; default deployments and statefulsets."),
    resources: resources.default({ cpu: "100m", memory: "128Mi" }).describe("Requests and limits; default 100m / 128Mi."),
  })
  .prefault({})
  .describe("Off-hours downscaling of workloads (the seed: kube-downscaler on every staging cluster, 60 % fewer instances).");

const alerts = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe("Create the PrometheusRule and PodMonitor objects; default false. Needs the prometheus-operator CRDs and the namespace in the cluster before `pulumi up`, and ruleLabels that its Prometheus selects."),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a namespace name").default("monitoring").describe('Namespace of the PrometheusRule objects (one Prometheus selects rules from); default "monitoring".'),
    ruleLabels: labels
      .default({})
      .describe("Labels on the PrometheusRule and PodMonitor objects, matching the Prometheus's ruleSelector and podMonitorSelector (kube-prometheus-stack: release: <its release name>); required when enabled."),
    cpuLimitPercent: z.number().int().min(50).max(100).default(90).describe("Alert when a container uses more than this share of its CPU limit; default 90 (the seed)."),
  })
  .prefault({})
  .describe("The seed's alerts as PrometheusRule objects.");

// ---- the cluster --------------------------------------------------------------------------------

export const ClusterSchema = z
  .strictObject({
    extends: z
      .array(z.string())
      .optional()
      .describe("Values files from snippets/values/ layered under this one, in order (maps merge, lists replace)."),
    name: clusterName.describe("EKS cluster name; also prefixes every AWS name."),
    environment: z.enum(["staging", "prod"], { message: "must be staging or prod" }).describe("staging clusters roll out first."),
    rolloutOrder: z.number().int().min(0).default(100).describe("Order inside its environment's rollout wave, lowest first; default 100."),
    kubernetesVersion: kubernetesMinor.describe('Kubernetes minor, e.g. "1.33".'),
    tags: z
      .record(awsTagKey, awsTagValue)
      .default({})
      .describe("Tags on every AWS resource (IAM's tag syntax, the strictest service they reach); default none."),
    network,
    controlPlane,
    nodes,
    admin: adminPool,
    monitoring: monitoringPool,
    appGroups: z
      .record(groupName, appGroup)
      .refine((groups) => Object.keys(groups).length > 0, "needs at least one app group")
      .describe("Application groups: each 2 spot ASGs and 2 on-demand fallback ASGs."),
    autoscaler,
    dns,
    spotInterruptions,
    onDemandScaleBack,
    downscaler,
    alerts,
  })
  .describe("One cluster: the value of clusterkit:cluster in stacks/Pulumi.<stack>.yaml.");

export type ClusterInput = z.input<typeof ClusterSchema>;
export type ClusterValues = z.output<typeof ClusterSchema>;
export type AppGroupValues = ClusterValues["appGroups"][string];
export type Taint = z.output<typeof taint>;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];
export type Resources = z.output<typeof resources>;
export type LadderValues = z.output<typeof ladder>;
