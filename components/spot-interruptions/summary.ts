// summary.md: how interruptions reach the nodes, from the same spec functions.
import type { Cluster } from "../../config/stack";
import { planNodeGroups } from "../node-pools/plan";
import { IMAGES } from "../versions";
import { eventRules, LIFECYCLE_HEARTBEAT_SECONDS, managedTagKey, queueSpec, roleName } from "./aws";

export function spotInterruptionsSummary(cluster: Cluster): string[] {
  const s = cluster.spotInterruptions;
  if (!s.enabled) return ["## Spot interruptions", "", "Off (`spotInterruptions.enabled: false`): nothing drains a node before EC2 reclaims it."];
  const groups = planNodeGroups(cluster);
  const q = queueSpec(cluster);
  return [
    "## Spot interruptions",
    "",
    `aws-node-termination-handler (\`${IMAGES.nodeTerminationHandler}\`) in queue mode, ${s.replicas} replica(s) on the admin pool, IRSA role \`${roleName(cluster.name)}\`.`,
    `SQS queue \`${q.name}\` (retention ${q.messageRetentionSeconds} s, SSE-SQS); nodes drained only when their instance carries \`${managedTagKey(cluster.name)}\`.`,
    `Termination lifecycle hook on all ${groups.length} ASGs (heartbeat ${LIFECYCLE_HEARTBEAT_SECONDS} s, default CONTINUE).`,
    "",
    "| EventBridge rule | events | narrowed to |",
    "| --- | --- | --- |",
    ...eventRules(cluster).map((r) => {
      const p = JSON.parse(r.eventPattern) as { "detail-type": string[]; detail?: { state?: string[]; AutoScalingGroupName?: { prefix: string }[] } };
      const asgs = p.detail?.AutoScalingGroupName;
      const narrowed = asgs ? `ASGs named \`${asgs[0].prefix}*\`` : p.detail?.state ? p.detail.state.join(", ") : "-";
      return `| \`${r.name}\` | ${p["detail-type"].join(", ")} | ${narrowed} |`;
    }),
  ];
}
