// The example stacks synthesized offline as `npm run synth` does it, for tests that check rendered output.
// Apart from stacks.ts: this one loads the Pulumi SDK.
import { synthesizeAll, validateStacks } from "../../cli/synth";
import type { Synthesized } from "../../synth/synth";
import { ROOT } from "./repo";

/** Every example stack, or only the named ones; invalid stacks throw with their problems. */
export async function synthesizeExamples(names: readonly string[] = []): Promise<Synthesized[]> {
  const valid = validateStacks(ROOT, names);
  if (!valid.ok) throw new Error(`invalid example stacks: ${JSON.stringify(valid.problems)}`);
  return synthesizeAll(ROOT, valid.stacks);
}
