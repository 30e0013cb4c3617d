// Thin creator: the PrometheusRule and the PodMonitors that feed it, as custom resources (needs
// prometheus-operator's CRDs in the cluster).
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { resourceName as id } from "../kube/objects";
import { prometheusRule } from "./manifests";
import { podMonitors } from "./scrape-targets";

export function createAlerts(cluster: Cluster, opts: { provider: k8s.Provider; parent: pulumi.Resource }): void {
  for (const o of [prometheusRule(cluster), ...podMonitors(cluster)]) new k8s.apiextensions.CustomResource(id(o), o, opts);
}
