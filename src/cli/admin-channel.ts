import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  closeSync,
  fchmodSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isAbsolute } from "node:path";
import { z } from "zod";
import { WriteQueue } from "../tracking/write-queue.js";
import { type ForwardedCommand, type OutputName, runForwarded, type Terminal } from "./command-scope.js";
import { fail, UserError } from "./run-command.js";

/**
 * The channel through which `serve`, holding a database, runs the commands other socialroi processes
 * give for it (DuckDB lets one process open the file). It listens on 127.0.0.1 only, and answers
 * only the token of the credential file `<database>.admin`, which only the database's owner can read.
 */

const credentialsSchema = z.object({ pid: z.number().int(), port: z.number().int(), token: z.string() });
type Credentials = z.infer<typeof credentialsSchema>;

const terminalSchema = z.object({ isTTY: z.boolean(), columns: z.number().int().positive().optional() });
const commandLineSchema = z.object({
  argv: z.array(z.string()),
  cwd: z.string().refine(isAbsolute, "expected an absolute folder"),
  env: z.record(z.string(), z.string()),
  terminals: z.object({ stdout: terminalSchema, stderr: terminalSchema }),
});
type CommandLine = z.infer<typeof commandLineSchema>;

/** The answer is a stream of frames (kind, length, bytes), so output and progress arrive as written. */
const FRAME = { stdout: 1, stderr: 2, exit: 3 } as const;
const FRAME_HEADER = 5;
const MAX_COMMAND_LINE_BYTES = 1024 * 1024;

function frame(kind: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(FRAME_HEADER);
  header.writeUInt8(kind, 0);
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

function credentialFile(database: string): string {
  return `${realpathSync(database)}.admin`;
}

/** Written whole under another name, then renamed: a command never reads half of it. */
function writePrivateFile(path: string, content: string): void {
  const next = `${path}.tmp`;
  const fd = openSync(next, "w", 0o600);
  try {
    // The mode given to open is narrowed by the umask, never widened; fchmod makes it exact.
    fchmodSync(fd, 0o600);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  renameSync(next, path);
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

async function readCommandLine(request: IncomingMessage): Promise<CommandLine> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_COMMAND_LINE_BYTES) throw new Error("the command line is too long");
    chunks.push(chunk);
  }
  return commandLineSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
}

export interface AdminChannel {
  /** Removes the credential file, then waits for the commands under way. */
  close(): Promise<void>;
}

/**
 * Opens the channel of `database` (a file path): `runCommandLine` runs each command line in this
 * process, one at a time, as they share the process's folder, output and exit code.
 */
export async function openAdminChannel(
  database: string,
  runCommandLine: (argv: string[]) => Promise<void>,
): Promise<AdminChannel> {
  const token = randomBytes(32).toString("base64url");
  const expected = digest(`Bearer ${token}`);
  const home = process.cwd();
  const queue = new WriteQueue();

  async function run(commandLine: CommandLine, response: ServerResponse): Promise<number> {
    const command: ForwardedCommand = {
      env: commandLine.env,
      terminals: commandLine.terminals,
      exitCode: 0,
      finished: false,
      write: (output, bytes) => {
        // A client that left (Ctrl-C) no longer reads: the command still ends as it would have.
        if (!response.destroyed) response.write(frame(FRAME[output], bytes));
      },
    };
    try {
      // The command's relative paths (files to import, --out, --db) are the client's.
      process.chdir(commandLine.cwd);
    } catch (error) {
      command.write("stderr", Buffer.from(`socialroi: ${(error as Error).message}\n`));
      return 1;
    }
    try {
      await runForwarded(command, () => runCommandLine(commandLine.argv));
    } finally {
      process.chdir(home);
    }
    return command.exitCode;
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!timingSafeEqual(digest(request.headers.authorization ?? ""), expected)) {
      response.writeHead(401, { "content-type": "text/plain; charset=utf-8" });
      response.end("the token of the credential file is required\n");
      return;
    }
    let commandLine: CommandLine;
    try {
      commandLine = await readCommandLine(request);
    } catch (error) {
      response.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      response.end(`${(error as Error).message}\n`);
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream" });
    const exitCode = await queue.run(() => run(commandLine, response));
    const status = Buffer.alloc(4);
    status.writeInt32BE(exitCode);
    if (!response.destroyed) response.end(frame(FRAME.exit, status));
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => response.destroy(error as Error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const file = credentialFile(database);
  const credentials: Credentials = { pid: process.pid, port: (server.address() as AddressInfo).port, token };
  writePrivateFile(file, JSON.stringify(credentials));
  return {
    close: async () => {
      rmSync(file, { force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RunningServer extends Credentials {
  database: string;
  file: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The `serve` process holding `database`, from the credential file beside it; undefined when there
 * is none, or only one a process that ended without closing left (it is removed).
 */
export function findServer(database: string): RunningServer | undefined {
  let file: string;
  let credentials: Credentials;
  try {
    file = credentialFile(database);
    credentials = credentialsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return undefined;
  }
  if (alive(credentials.pid)) return { ...credentials, database, file };
  rmSync(file, { force: true });
  return undefined;
}

function terminalOf(stream: NodeJS.WriteStream): Terminal {
  return { isTTY: stream.isTTY === true, ...(stream.columns ? { columns: stream.columns } : {}) };
}

function socialroiVariables(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[0].startsWith("SOCIALROI_") && entry[1] !== undefined,
    ),
  );
}

const OUTPUTS: Record<number, OutputName> = { [FRAME.stdout]: "stdout", [FRAME.stderr]: "stderr" };

/**
 * Has `server` run the command line `argv` given here, writing what it writes as it comes; resolves
 * to its exit code, or to undefined when the server is gone (its credential file is then removed).
 */
export function forwardCommandLine(server: RunningServer, argv: string[]): Promise<number | undefined> {
  const commandLine: CommandLine = {
    argv,
    cwd: process.cwd(),
    env: socialroiVariables(),
    terminals: { stdout: terminalOf(process.stdout), stderr: terminalOf(process.stderr) },
  };
  const failed = (message: string) => {
    fail(
      new UserError(
        `${message} (the database ${server.database} is held by socialroi serve, PID ${server.pid})`,
      ),
    );
    return 1;
  };
  return new Promise((resolve) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      },
      (response) => {
        if (response.statusCode !== 200) {
          let refusal = "";
          response.setEncoding("utf8");
          response.on("data", (text: string) => {
            refusal += text;
          });
          response.on("end", () => resolve(failed(`The server refused the command: ${refusal.trim()}`)));
          return;
        }
        let pending = Buffer.alloc(0);
        let exitCode: number | undefined;
        response.on("data", (chunk: Buffer) => {
          pending = Buffer.concat([pending, chunk]);
          while (pending.length >= FRAME_HEADER) {
            const end = FRAME_HEADER + pending.readUInt32BE(1);
            if (pending.length < end) break;
            const [kind] = pending;
            const payload = pending.subarray(FRAME_HEADER, end);
            pending = pending.subarray(end);
            const output = OUTPUTS[kind!];
            if (output) process[output].write(payload);
            else if (kind === FRAME.exit) exitCode = payload.readInt32BE(0);
          }
        });
        // Also after an error: a server killed mid-command never sends the exit code.
        response.on("error", () => undefined);
        response.on("close", () =>
          resolve(exitCode ?? failed("The server stopped before the command ended")),
        );
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNREFUSED") {
        resolve(failed(`Cannot reach the server: ${error.message}`));
        return;
      }
      // Its process id now names another process: the server is gone.
      rmSync(server.file, { force: true });
      resolve(undefined);
    });
    request.end(JSON.stringify(commandLine));
  });
}
