// Runs the policy pack over what synth recorded, the way `pulumi preview --policy-pack` would over a
// plan: each resource policy sees every resource, each stack policy the whole stack.
import type { Policies, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { POLICIES } from "../policy/policies";
import type { RecordedResource } from "./recorder";

export interface Violation {
  policy: string;
  /** "<type> <name>" for resource policies, "stack" for stack policies. */
  resource: string;
  message: string;
}

class NotApplicable extends Error {}

function toPolicyResources(recorded: readonly RecordedResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const resources = recorded.map((r) => {
    const resource: PolicyResource = {
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.inputs,
      opts: {
        protect: r.options?.protect ?? false,
        ignoreChanges: r.options?.ignoreChanges ?? [],
        deleteBeforeReplace: r.options?.deleteBeforeReplace,
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
      },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
    byUrn.set(r.urn, resource);
    return resource;
  });
  recorded.forEach((r, i) => {
    const deps: Record<string, PolicyResource[]> = {};
    for (const [prop, urns] of Object.entries(r.propertyDependencies)) deps[prop] = urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => !!x);
    resources[i].propertyDependencies = deps;
    resources[i].dependencies = [...new Set(Object.values(deps).flat())];
  });
  return resources;
}

export async function runPolicies(recorded: readonly RecordedResource[], policies: Policies = POLICIES): Promise<Violation[]> {
  const resources = toPolicyResources(recorded);
  const violations: Violation[] = [];
  const notApplicable = (): never => {
    throw new NotApplicable();
  };
  for (const policy of policies) {
    const resourcePolicy = policy as ResourceValidationPolicy;
    const stackPolicy = policy as StackValidationPolicy;
    if (resourcePolicy.validateResource) {
      const validators = Array.isArray(resourcePolicy.validateResource) ? resourcePolicy.validateResource : [resourcePolicy.validateResource];
      for (const r of resources) {
        const args = { ...r, stackTags: new Map(), getConfig: () => ({}), notApplicable } as unknown as ResourceValidationArgs;
        for (const validate of validators) {
          try {
            await validate(args, (message) => violations.push({ policy: policy.name, resource: `${r.type} ${r.name}`, message }));
          } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
          }
        }
      }
    }
    if (stackPolicy.validateStack) {
      const args = { resources, stackTags: new Map(), getConfig: () => ({}), notApplicable } as unknown as StackValidationArgs;
      try {
        await stackPolicy.validateStack(args, (message) => violations.push({ policy: policy.name, resource: "stack", message }));
      } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
      }
    }
  }
  return violations;
}

export function formatViolation(stack: string, v: Violation): string {
  return `${stack}: policy ${v.policy}: ${v.resource}: ${v.message}`;
}
