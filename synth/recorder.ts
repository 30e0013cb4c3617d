// Runs the real Pulumi program under the SDK's own mock runtime and records every resource it
// registers: type, name, parent, inputs (secrets masked) and the resource options a reviewer cares
// about. The SDK's MockMonitor is subclassed (not replaced) because only the raw registration request
// carries the parent, the options and which inputs are secret.
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settingsTyped from "@pulumi/pulumi/runtime/settings";

// Internal SDK functions present at runtime (pinned @pulumi/pulumi 3.248) but absent from its typings.
const settings = settingsTyped as typeof settingsTyped & { waitForRPCs(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };

export interface ResourceOptionsRecord {
  protect?: true;
  ignoreChanges?: string[];
  deleteBeforeReplace?: true;
  dependsOn?: string[];
}

export interface RecordedResource {
  type: string;
  name: string;
  parent: string | null;
  inputs: Record<string, unknown>;
  options?: ResourceOptionsRecord;
  /** Full URN, used to resolve parent and dependency names. */
  urn: string;
  /** Input property -> URNs of the resources it came from (what policies follow, e.g. ASG -> launch template). */
  propertyDependencies: Record<string, string[]>;
}

export const SECRET = "[secret]";

/** Plain JSON from the wire form: secrets become a marker, resource references their name. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const sig = record[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) return SECRET;
    if (sig === rpc.specialResourceSig) return { resource: nameOfUrn(String(record.urn)) };
    if (sig === rpc.specialAssetSig || sig === rpc.specialArchiveSig) return "[asset]";
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value === rpc.unknownValue ? "[unknown]" : value;
}

const nameOfUrn = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/** Outputs the mocks give each resource: enough for downstream `apply`s to resolve deterministically. */
export type StateFor = (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];

  constructor(mocks: Mocks) {
    super(mocks);
  }

  async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
    // The URN the monitor itself will assign, so dependency URNs in later requests match it.
    const urn: string = (this as unknown as { newUrn(p: string, t: string, n: string): string }).newUrn(req.getParent(), req.getType(), req.getName());
    try {
      const inputs = plain(req.getObject().toJavaScript()) as Record<string, unknown>;
      const propertyDeps = new Set<string>();
      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = [...deps.getUrnsList()].sort();
        deps.getUrnsList().forEach((u: string) => propertyDeps.add(u));
      });
      const explicit = (req.getDependenciesList() as string[]).filter((u) => !propertyDeps.has(u));
      const options: ResourceOptionsRecord = {};
      if (req.getProtect()) options.protect = true;
      if (req.getIgnorechangesList().length > 0) options.ignoreChanges = [...req.getIgnorechangesList()].sort();
      if (req.getDeletebeforereplacedefined() && req.getDeletebeforereplace()) options.deleteBeforeReplace = true;
      if (explicit.length > 0) options.dependsOn = explicit.map(nameOfUrn).sort();
      this.recorded.push({
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent() ? nameOfUrn(req.getParent()) : null,
        inputs,
        ...(Object.keys(options).length > 0 ? { options } : {}),
        urn,
        propertyDependencies,
      });
    } catch (err) {
      callback(err, undefined);
      return;
    }
    return super.registerResource(req, callback);
  }
}

export interface RecordOptions {
  project: string;
  stack: string;
  config: Record<string, string>;
  state?: StateFor;
}

/**
 * Run `program` under mocks and return what it registered. One stack at a time: the mock runtime is
 * process-global, so callers run stacks one after another.
 */
export async function record(program: () => unknown, options: RecordOptions): Promise<RecordedResource[]> {
  const monitor = new RecordingMonitor(synthMocks(options.state ?? (() => ({}))));
  await runUnderMocks(monitor, program, options);
  return monitor.recorded;
}

/** What synth's mocks answer: every input back as an output, plus what `stateFor` adds (ids, ARNs, endpoints). */
export function synthMocks(stateFor: StateFor): Mocks {
  return {
    newResource: (args) => ({
      id: args.custom === false ? undefined : `${args.name}-id`,
      state: { ...args.inputs, ...stateFor(args.type, args.name, args.inputs) },
    }),
    // Data-source calls answer empty: the program must not depend on live lookups to render.
    call: () => ({}),
  };
}

/** Run `program` against `monitor` (the SDK's MockMonitor or a subclass) and wait for every registration. */
export async function runUnderMocks(monitor: MockMonitor, program: () => unknown, options: Omit<RecordOptions, "state">): Promise<void> {
  settings.setMockOptions(monitor, options.project, options.stack, false);
  const store = state.getStore();
  store.supportsSecrets = true;
  store.supportsResourceReferences = true;
  store.supportsOutputValues = false;
  store.supportsDeletedWith = true;
  store.supportsAliasSpecs = true;
  store.supportsTransforms = false;
  pulumi.runtime.setAllConfig(options.config);
  // The SDK captures a stack trace for every promise and resource (leak reports, source positions for
  // the engine's display). Offline there is no engine, and those traces were ~70% of synth time.
  // CLUSTERKIT_STACK_TRACES=1 keeps them for debugging the program itself.
  const stackTraceLimit = Error.stackTraceLimit;
  if (process.env.CLUSTERKIT_STACK_TRACES !== "1") Error.stackTraceLimit = 0;
  try {
    await program();
    await settings.waitForRPCs();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
