// Loads the policy pack's rules the way `pulumi preview --policy-pack policy` does: @pulumi/pulumi's
// cmd/run-policy-pack runs in policy/ (no tsconfig.json there: defaults only) and registers its vendored
// ts-node with type-checking on. policies.ts, not index.ts: constructing the PolicyPack starts a server.
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
process.chdir(path.join(root, "policy"));
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] }));
const tsutils = require(path.join(pulumiDir, "tsutils.js"));
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  typeCheck: true,
  skipProject: true,
  compiler: typescriptRequire,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true" },
});
const { POLICIES } = require(path.join(root, "policy", "policies.ts"));
console.log(POLICIES.map((p) => p.name).join(","));
