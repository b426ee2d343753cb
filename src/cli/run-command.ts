import { ZodError } from "zod";
import { dayProblem } from "../domain/input-bounds.js";
import type { Workspace } from "../domain/workspace.js";
import { ImportError } from "../ingest/import-error.js";
import { RoiUsageError } from "../roi/compute-roi.js";
import { DEFAULT_DB_PATH, openStore } from "../store/open-store.js";
import type { FileReadingStore } from "../store/store.js";
import { StoreUnavailableError } from "../store/store.js";
import { defaultWorkspace } from "../store/workspaces.js";
import { commandEnvironment, setExitCode } from "./command-scope.js";

/** An error whose message is written for the user: printed as is, with no stack trace. */
export class UserError extends Error {
  override name = "UserError";
}

export interface DbOptions {
  db?: string;
  json?: boolean;
}

function messageFor(error: unknown): string {
  if (
    error instanceof UserError ||
    error instanceof ImportError ||
    error instanceof StoreUnavailableError ||
    error instanceof RoiUsageError
  ) {
    return error.message;
  }
  if (error instanceof ZodError) {
    return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n");
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message}${commandEnvironment()["SOCIALROI_DEBUG"] && error instanceof Error ? `\n${error.stack}` : ""}`;
}

/** Reports a failure on stderr (as JSON with --json) and sets a non-zero exit code. */
export function fail(error: unknown, json = false): void {
  const message = messageFor(error);
  if (json) process.stderr.write(`${JSON.stringify({ error: message })}\n`);
  else process.stderr.write(`socialroi: ${message}\n`);
  setExitCode(1);
}

export interface CommandContext {
  store: FileReadingStore;
  workspace: Workspace;
}

/** Opens the database, runs the command, and always closes the database. */
export async function withStore(
  options: DbOptions,
  work: (store: FileReadingStore) => Promise<void>,
): Promise<void> {
  let store: FileReadingStore | undefined;
  try {
    store = await openStore(options.db ?? DEFAULT_DB_PATH, commandEnvironment());
    await work(store);
  } catch (error) {
    fail(error, options.json);
  } finally {
    await store?.close();
  }
}

/** Opens the database, finds the workspace (made with default settings if none is), runs the command. */
export function withWorkspace(
  options: DbOptions,
  work: (ctx: CommandContext) => Promise<void>,
): Promise<void> {
  return withStore(options, async (store) => work({ store, workspace: await defaultWorkspace(store) }));
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function parseDateOption(value: string, name: string): string {
  const problem = dayProblem(value);
  if (problem) throw new UserError(`--${name}: ${problem}`);
  return value;
}
