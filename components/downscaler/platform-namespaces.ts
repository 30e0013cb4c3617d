// The namespaces clusterkit itself deploys into, read off the objects every other component renders (not
// a hand list): the downscaler must never scale them, or the platform (cluster-autoscaler, the pause pods,
// the alerting that watches it all) sleeps with the workloads. A new component joins the list here.
import type { Cluster } from "../../config/stack";
import { prometheusRule } from "../alerts/manifests";
import { podMonitors } from "../alerts/scrape-targets";
import { autoscalerObjects } from "../autoscaler/spec";
import { COREDNS_NAMESPACE } from "../dns/coredns";
import { nodeLocalDnsDaemonSet } from "../dns/dnsmasq";
import { kubeObjectsIn, namespacesOf } from "../kube/objects";
import { overprovisioningObjects } from "../overprovisioning/spec";
import { priorityClassObjects } from "../priority-classes/spec";
import { scaleBackObjects } from "../scale-back/manifests";
import { nthObjects } from "../spot-interruptions/manifests";

/**
 * Every component's objects whatever its switch (excluding a namespace that holds nothing costs nothing),
 * except the downscaler's own, which excludes itself. Deploy-time values do not change where objects live.
 */
export function platformObjects(cluster: Cluster): ReturnType<typeof kubeObjectsIn> {
  return kubeObjectsIn([
    priorityClassObjects(),
    autoscalerObjects(cluster),
    overprovisioningObjects(cluster),
    nodeLocalDnsDaemonSet(cluster),
    nthObjects(cluster, { queueUrl: "", roleArn: "" }),
    scaleBackObjects(cluster),
    prometheusRule(cluster),
    podMonitors(cluster),
  ]);
}

/**
 * Where clusterkit's pods and objects live: the rendered objects' namespaces, EKS's CoreDNS (the managed
 * add-on, not a rendered object) and the alerts namespace, where the monitoring stack runs, whatever
 * `alerts.enabled` says.
 */
export function platformNamespaces(cluster: Cluster): string[] {
  return [...new Set([...namespacesOf(platformObjects(cluster)), COREDNS_NAMESPACE, cluster.alerts.namespace])].sort();
}
