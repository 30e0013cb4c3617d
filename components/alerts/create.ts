// Thin creator: the PrometheusRule as a custom resource (needs prometheus-operator's CRDs in the cluster).
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../../config/stack";
import { prometheusRule } from "./manifests";

export function createAlerts(cluster: Cluster, opts: { provider: k8s.Provider; parent: pulumi.Resource }): k8s.apiextensions.CustomResource {
  const rule = prometheusRule(cluster);
  return new k8s.apiextensions.CustomResource(`${rule.metadata.namespace}/${rule.metadata.name}`, rule, opts);
}
