import { AsyncLocalStorage } from "node:async_hooks";

export type OutputName = "stdout" | "stderr";

/** What a command checks about the terminal it writes to (progress only for a person watching). */
export interface Terminal {
  isTTY: boolean;
  columns?: number;
}

/** A command `serve` runs for another socialroi process, which shows what it writes. */
export interface ForwardedCommand {
  /** The other process's `SOCIALROI_*` variables: the command sees them instead of the server's. */
  env: Record<string, string>;
  terminals: Record<OutputName, Terminal>;
  write(output: OutputName, bytes: Uint8Array): void;
  exitCode: number;
  finished: boolean;
}

const scope = new AsyncLocalStorage<ForwardedCommand>();
let routed = false;

/** The forwarded command running; what its work leaves running once it ended is the server's again. */
function current(): ForwardedCommand | undefined {
  const command = scope.getStore();
  return command?.finished ? undefined : command;
}

/**
 * Sends what is written to process.stdout/stderr within a forwarded command to its process, and
 * answers isTTY/columns with its terminal's: commands (and the libraries they use) write to the
 * process's streams, and the server's other requests, outside the scope, keep the server's.
 */
function routeToForwardedCommand(name: OutputName): void {
  const stream = process[name];
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let { isTTY, columns } = stream;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const command = current();
    if (!command) return write(chunk, ...rest);
    const encoding = typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : "utf8";
    command.write(name, typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk);
    const done = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    if (done) process.nextTick(done);
    return true;
  }) as typeof stream.write;
  Object.defineProperties(stream, {
    isTTY: {
      configurable: true,
      get: () => current()?.terminals[name].isTTY ?? isTTY,
      set: (value: boolean) => {
        isTTY = value;
      },
    },
    columns: {
      configurable: true,
      get: () => {
        const command = current();
        return command ? command.terminals[name].columns : columns;
      },
      set: (value: number) => {
        columns = value;
      },
    },
  });
}

export async function runForwarded(command: ForwardedCommand, work: () => Promise<void>): Promise<void> {
  if (!routed) {
    routeToForwardedCommand("stdout");
    routeToForwardedCommand("stderr");
    routed = true;
  }
  try {
    await scope.run(command, work);
  } finally {
    command.finished = true;
  }
}

/** True while `serve` runs a command for another process, on the database it holds. */
export function runByServe(): boolean {
  return current() !== undefined;
}

/** The environment the command was started with. */
export function commandEnvironment(): Record<string, string | undefined> {
  return current()?.env ?? process.env;
}

/** process.exitCode, or the forwarded command's: the server's own must not take it. */
export function setExitCode(code: number): void {
  const command = current();
  if (command) command.exitCode = code;
  else process.exitCode = code;
}
