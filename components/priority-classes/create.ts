// Thin creator: the PriorityClass table as typed Kubernetes resources.
import * as k8s from "@pulumi/kubernetes";
import type { PlatformOpts } from "../kube/create";
import { priorityClassObjects } from "./spec";

export function createPriorityClasses(opts: PlatformOpts): k8s.scheduling.v1.PriorityClass[] {
  return priorityClassObjects().map((pc) => new k8s.scheduling.v1.PriorityClass(pc.metadata!.name!, pc as k8s.scheduling.v1.PriorityClassArgs, opts));
}
