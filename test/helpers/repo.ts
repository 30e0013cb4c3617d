// Test fixtures: a throwaway copy of the project's snippets with extra files, so tests exercise the
// real loader on real files.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");

/** A temp dir holding a copy of snippets/ (and stacks/ when asked) plus the given files. */
export function fixtureRepo(files: Record<string, string>, options: { withStacks?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterkit-fixture-"));
  cpSync(join(ROOT, "snippets"), join(dir, "snippets"), { recursive: true });
  if (options.withStacks) cpSync(join(ROOT, "stacks"), join(dir, "stacks"), { recursive: true });
  else mkdirSync(join(dir, "stacks"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** A minimal valid stack file body, for tests that break one thing in it. */
export function stackYaml(name: string, clusterLines: string, region = "eu-west-1"): string {
  return [
    "config:",
    `  aws:region: ${region}`,
    "  clusterkit:cluster:",
    "    extends: [defaults, staging]",
    `    name: ${name}`,
    "    network:",
    `      availabilityZones: [${region}a, ${region}b]`,
    "      vpcCidr: 10.40.0.0/16",
    "      transitGatewayId: tgw-0123456789abcdef0",
    ...clusterLines
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => `    ${l}`),
    "",
  ].join("\n");
}
