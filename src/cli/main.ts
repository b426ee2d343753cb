#!/usr/bin/env -S node --max-semi-space-size=32 --min-semi-space-size=32
// A young generation of 32 MB (node's default: up to 16) for `serve`: under a flood of redirects,
// 4 server processes of 10 started with the default collected it in 10–14 ms a time instead of 2 ms
// (each collection copying 4 MB of requests' objects instead of 0.3 MB), and none of 10 with 32 MB
// (bench/redirect.md). Fixed, not only allowed: with a small old generation node may keep it
// smaller, and then half the servers fell into that state again (20 ms collections, 4.5 s of them
// in 40 s of flood, against 0.5 s); a command pays ~30 MB of memory for it. `npm start` passes the
// same options.
import "../harden-process.js";
import type { Command } from "commander";
import { findServer, forwardCommandLine } from "./admin-channel.js";
import { buildProgram, commandName, holdsTheDatabase } from "./program.js";
import { fail, UserError } from "./run-command.js";

/** Ends the command line without running its action: the server holding its database answered it. */
class AnsweredByServer extends Error {
  constructor(readonly exitCode: number) {
    super("answered by the server");
  }
}

/**
 * DuckDB lets one process open a database: while `serve` holds it, the command runs in the server,
 * which has it open. Undefined when no server holds it.
 */
async function exitCodeFromServer(command: Command): Promise<number | undefined> {
  const database: unknown = command.opts()["db"];
  const server = typeof database === "string" ? findServer(database) : undefined;
  if (!server) return undefined;
  if (holdsTheDatabase(command)) {
    fail(
      new UserError(
        `socialroi ${commandName(command)} needs the database ${database} to itself, and socialroi serve ` +
          `(PID ${server.pid}) holds it: stop that server first, or pass --db with another file.`,
      ),
    );
    return 1;
  }
  return forwardCommandLine(server, process.argv.slice(2));
}

const program = buildProgram();
program.hook("preAction", async (_program, command) => {
  const exitCode = await exitCodeFromServer(command);
  if (exitCode !== undefined) throw new AnsweredByServer(exitCode);
});
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof AnsweredByServer)) throw error;
  process.exitCode = error.exitCode;
}
