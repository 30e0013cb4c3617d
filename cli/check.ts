// npm run check -- [--stack NAME]...: validate stack files, values files and snippets without loading
// the Pulumi SDK. One line per problem; exit 1 when there is any.
import { formatProblem, type Problem } from "../config/problems";
import { loadSnippets } from "../config/snippets";
import { resolveStacks } from "../config/stack";
import { parseArgs, runMain, wantedStacks } from "./args";

const USAGE = "usage: npm run check -- [--stack NAME]... [--root DIR]";

export function checkRepo(root: string, stacks: readonly string[]): { problems: Problem[]; checked: string[] } {
  const library = loadSnippets(root);
  const names = wantedStacks(root, stacks);
  const { problems } = resolveStacks(root, names, library);
  // Snippets no stack uses still have to be valid: the next stack to use one must not find it broken.
  if (stacks.length === 0) {
    for (const snippet of [...library.instanceTypes.values(), ...library.values.values()]) problems.push(...snippet.problems);
  }
  const seen = new Set<string>();
  return { problems: problems.filter((p) => !seen.has(formatProblem(p)) && seen.add(formatProblem(p))), checked: names };
}

if (require.main === module) {
  runMain(() => {
    const args = parseArgs(process.argv.slice(2), ["root"], USAGE);
    const { problems, checked } = checkRepo(args.flags.get("root") ?? process.cwd(), args.stacks);
    for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
    if (problems.length > 0) {
      process.stderr.write(`${problems.length} problem(s) in ${checked.length} stack(s)\n`);
      return 1;
    }
    process.stdout.write(`ok: ${checked.length} stack(s) valid: ${checked.join(", ")}\n`);
    return 0;
  });
}
