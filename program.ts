// The Pulumi program: read this stack's config, validate it with the same code `npm run check` uses,
// create the cluster. Invalid config stops here with every problem listed and nothing registered.
import * as pulumi from "@pulumi/pulumi";
import { formatProblem } from "./config/problems";
import { loadSnippets } from "./config/snippets";
import { CLUSTER_KEY, REGION_KEY, resolveCluster, stackFile } from "./config/stack";
import { createCluster, type ClusterComponent } from "./components/cluster";

const [CLUSTER_NS, CLUSTER_NAME] = CLUSTER_KEY.split(":");
const [REGION_NS, REGION_NAME] = REGION_KEY.split(":");

/** `root` is the project directory, where snippets/ lives. */
export function runProgram(root: string): ClusterComponent {
  const stack = pulumi.getStack();
  const result = resolveCluster(
    {
      stack,
      file: stackFile(stack),
      region: new pulumi.Config(REGION_NS).get(REGION_NAME),
      cluster: new pulumi.Config(CLUSTER_NS).getObject(CLUSTER_NAME),
    },
    loadSnippets(root),
  );
  if (!result.ok) {
    // RunError prints its message without a stack trace: these are user mistakes, not crashes.
    throw new pulumi.RunError(`invalid stack configuration:\n${result.problems.map(formatProblem).join("\n")}`);
  }
  return createCluster(result.cluster);
}
