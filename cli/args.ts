// Tiny argument parser shared by the commands: repeated --stack, one-value flags, --help.
import { join } from "node:path";
import { listStacks, STACKS_DIR, stackFile } from "../config/stack";

export interface Parsed {
  stacks: string[];
  flags: Map<string, string>;
}

export class UsageError extends Error {}

/** The stacks a command works on: the named ones (each must have a stack file), or all of them. */
export function wantedStacks(root: string, names: readonly string[]): string[] {
  const all = listStacks(root);
  // Zero stacks validated is no success: a wrong --root or a renamed stacks/ must not pass CI.
  if (all.length === 0) throw new UsageError(`no stack files in ${join(root, STACKS_DIR)} (expected ${stackFile("<stack>")}): is --root the repository?`);
  for (const name of names) if (!all.includes(name)) throw new UsageError(`no stack file ${stackFile(name)} (stacks: ${all.join(", ") || "none"})`);
  return names.length > 0 ? [...names] : all;
}

export function parseArgs(argv: readonly string[], valueFlags: readonly string[], usage: string): Parsed {
  const stacks: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (name === "--help" || name === "-h") {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    const flag = name.replace(/^--/, "");
    if (!name.startsWith("--") || (flag !== "stack" && !valueFlags.includes(flag))) throw new UsageError(`unknown argument "${arg}"\n${usage}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value\n${usage}`);
    if (flag === "stack") stacks.push(value);
    else flags.set(flag, value);
  }
  return { stacks, flags };
}

/** Run a command's main, turning user mistakes into one clear line and exit code 2 or 1, no stack trace. */
export function runMain(main: () => Promise<number> | number): void {
  // A rejection nobody awaited (inside an apply, say) is a bug of ours: report it as one, never as exit 1.
  process.on("unhandledRejection", (err) => {
    process.stderr.write(`internal error (please report): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  });
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err: unknown) => {
        if (err instanceof UsageError) {
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 2;
        } else {
          process.stderr.write(`internal error (please report): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
          process.exitCode = 70;
        }
      },
    );
}
