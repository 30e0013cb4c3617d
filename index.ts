// Pulumi entry point (Pulumi.yaml `main`): `pulumi up -s <cluster>`.
import { runProgram } from "./program";

const cluster = runProgram(__dirname);
export const clusterUrn = cluster.urn;
