// Thin creator: the node-local dnsmasq DaemonSet and the EKS coredns add-on.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformOpts } from "../kube/create";
import type { Cluster } from "../../config/stack";
import { resourceTags } from "../network/tags";
import { corednsAddonSpec } from "./coredns";
import { nodeLocalDnsDaemonSet } from "./dnsmasq";
import { nodeLocalDnsTimeouts } from "./rollout";

export function createDns(
  cluster: Cluster,
  deps: { clusterName: pulumi.Input<string>; vpcResolverIp?: string },
  opts: PlatformOpts,
): { daemonSet: k8s.apps.v1.DaemonSet; coredns: aws.eks.Addon } {
  const ds = nodeLocalDnsDaemonSet(cluster, deps.vpcResolverIp ? { upstreams: [deps.vpcResolverIp] } : {});
  // Pulumi waits until every node runs the new pod: sized from the cluster's largest node count.
  const daemonSet = new k8s.apps.v1.DaemonSet(`${ds.metadata!.namespace}/${ds.metadata!.name}`, ds as k8s.apps.v1.DaemonSetArgs, {
    ...opts,
    customTimeouts: nodeLocalDnsTimeouts(cluster),
  });
  const spec = corednsAddonSpec(cluster);
  const name = `${cluster.name}-${spec.addonName}`;
  const coredns = new aws.eks.Addon(
    name,
    {
      clusterName: deps.clusterName,
      addonName: spec.addonName,
      addonVersion: spec.addonVersion,
      configurationValues: spec.configurationValues,
      // clusterkit owns the add-on's configuration: what is declared here wins.
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      tags: resourceTags(cluster, name),
    },
    // The add-on turns ACTIVE only once its pods run: it needs the (admin) nodes first.
    { parent: opts.parent, dependsOn: opts.dependsOn },
  );
  return { daemonSet, coredns };
}
