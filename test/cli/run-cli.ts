import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built command line as a user would (`npm test` builds it first). */
export function runCli(args: string[], cwd?: string, env?: NodeJS.ProcessEnv): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: env ?? process.env,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A database file (`file`) in a folder of its own, removed once the test file is done, and `ok`:
 * a command run on that database that must succeed, giving its output.
 */
export function cliDatabase(file: string): { dir: string; db: string; ok: (args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-cli-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, file);
  return {
    dir,
    db,
    ok(args) {
      const result = runCli([...args, "--db", db]);
      assert.equal(result.status, 0, result.stderr);
      return result.stdout;
    },
  };
}

export function runCliAsync(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], options);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** `socialroi serve` on a loopback port, once it listens: commands given for `db` then run through it. */
export async function startServe(db: string): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, [CLI, "serve", "--port", "0", "--db", db], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stderr!.on("data", (chunk) => {
    output += String(chunk);
  });
  for await (const chunk of server.stdout!) {
    output += String(chunk);
    const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url) return { server, url };
  }
  throw new Error(`serve exited before listening: ${output}`);
}
