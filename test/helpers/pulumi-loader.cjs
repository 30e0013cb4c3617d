// Loads index.ts the way `pulumi up` does: @pulumi/pulumi's cmd/run registers its vendored ts-node with
// the project's TypeScript, the project's tsconfig.json and its own defaults (module/moduleResolution
// nodenext), type-checking on. Then runs the program under the mock runtime and prints what registered.
// Usage: node test/helpers/pulumi-loader.cjs <stack>
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
process.chdir(root);
const stack = process.argv[2];
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] }));
const tsutils = require(path.join(pulumiDir, "tsutils.js"));
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
// The same options cmd/run/run.js passes for a CommonJS project on TypeScript >= 4.7.
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: compilerOptions.noCheck,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});

const yaml = require("yaml");
const { record } = require(path.join(root, "synth", "recorder.ts"));
const { mockState } = require(path.join(root, "synth", "mock-state.ts"));
const config = yaml.parse(fs.readFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), "utf8")).config;
record(() => require(path.join(root, "index.ts")), {
  project: "clusterkit",
  stack,
  config: { "clusterkit:cluster": JSON.stringify(config["clusterkit:cluster"]), "aws:region": config["aws:region"] },
  state: mockState(config["aws:region"]),
}).then(
  (resources) => console.log(`registered ${resources.length}`),
  (err) => {
    console.error(`FAILED ${err && err.message}`);
    process.exit(1);
  },
);
