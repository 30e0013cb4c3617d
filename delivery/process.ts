// Running an external command: argument arrays only (no shell, so no quoting bugs or injection through
// stack names), output streamed to our own stdout/stderr as it comes (the Jenkins log) and captured.
import { spawn } from "node:child_process";
import { constants } from "node:os";

export interface RunResult {
  /** Exit code; 127 when the command could not be started, 128+n when killed by signal n. */
  code: number;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export type Runner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** `echo`: where to stream the child's output as it runs; null to only capture it. */
export function spawnRunner(echo: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } | null = process): Runner {
  return (command, args, options = {}) =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", (b: Buffer) => {
        chunks.push(b);
        echo?.stdout.write(b);
      });
      child.stderr.on("data", (b: Buffer) => {
        chunks.push(b);
        echo?.stderr.write(b);
      });
      let failedToStart: string | undefined;
      child.on("error", (err: NodeJS.ErrnoException) => {
        failedToStart = err.code === "ENOENT" ? `${command}: command not found on PATH` : `${command}: ${err.message}`;
      });
      child.on("close", (code, signal) => {
        if (failedToStart !== undefined) {
          echo?.stderr.write(`${failedToStart}\n`);
          resolve({ code: 127, output: `${failedToStart}\n` });
          return;
        }
        const signalCode = signal ? 128 + (constants.signals[signal] ?? 0) : 1;
        resolve({ code: code ?? signalCode, output: Buffer.concat(chunks).toString("utf8") });
      });
    });
}
