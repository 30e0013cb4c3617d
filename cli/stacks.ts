// npm run stacks -- [--env staging|prod]: stack names in rollout order, one per line: every staging
// stack before any prod stack, then by rolloutOrder, then by name.
import { formatProblem } from "../config/problems";
import { resolveStacks, type Cluster } from "../config/stack";
import { parseArgs, runMain, UsageError, wantedStacks } from "./args";

const USAGE = "usage: npm run stacks -- [--env staging|prod] [--root DIR]";
export const ENVIRONMENT_ORDER = ["staging", "prod"] as const;

export function rolloutOrder(clusters: readonly Cluster[]): Cluster[] {
  return [...clusters].sort(
    (a, b) =>
      ENVIRONMENT_ORDER.indexOf(a.environment) - ENVIRONMENT_ORDER.indexOf(b.environment) ||
      a.rolloutOrder - b.rolloutOrder ||
      (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0),
  );
}

if (require.main === module) {
  runMain(() => {
    const args = parseArgs(process.argv.slice(2), ["env", "root"], USAGE);
    const env = args.flags.get("env");
    if (env !== undefined && !(ENVIRONMENT_ORDER as readonly string[]).includes(env)) throw new UsageError(`--env must be staging or prod, not "${env}"\n${USAGE}`);
    const root = args.flags.get("root") ?? process.cwd();
    const { valid, problems } = resolveStacks(root, wantedStacks(root, []));
    for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
    if (problems.length > 0) return 1;
    for (const c of rolloutOrder(valid.map((v) => v.cluster))) if (env === undefined || c.environment === env) process.stdout.write(`${c.stack}\n`);
    return 0;
  });
}
