import { Option } from "commander";
import { ZodError } from "zod";
import { actingAs } from "../audit/actor.js";
import { dayProblem } from "../domain/input-bounds.js";
import type { Workspace } from "../domain/workspace.js";
import { ImportError } from "../ingest/import-error.js";
import { RoiUsageError } from "../roi/compute-roi.js";
import { DEFAULT_DB_PATH, openStore } from "../store/open-store.js";
import type { FileReadingStore, StoreEnvironment } from "../store/store.js";
import { StoreUnavailableError } from "../store/store.js";
import { defaultWorkspace, findWorkspace } from "../store/workspaces.js";
import { TrackingInputError } from "../tracking/tracking-error.js";
import { commandEnvironment, setExitCode } from "./command-scope.js";

/** An error whose message is written for the user: printed as is, with no stack trace. */
export class UserError extends Error {
  override name = "UserError";
}

export interface DbOptions {
  db?: string;
  json?: boolean;
  /** The id `--workspace` gave (`addWorkspaceOption`). */
  workspace?: string;
}

function messageFor(error: unknown): string {
  if (
    error instanceof UserError ||
    error instanceof ImportError ||
    error instanceof StoreUnavailableError ||
    error instanceof RoiUsageError ||
    error instanceof TrackingInputError
  ) {
    return error.message;
  }
  if (error instanceof ZodError) {
    return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n");
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message}${commandEnvironment()["SOCIALROI_DEBUG"] && error instanceof Error ? `\n${error.stack}` : ""}`;
}

/** Reports on stderr (as JSON with --json) a failure the command outlives, such as a server's. */
export function warn(error: unknown, json = false): void {
  const message = messageFor(error);
  if (json) process.stderr.write(`${JSON.stringify({ error: message })}\n`);
  else process.stderr.write(`socialroi: ${message}\n`);
}

/** Reports a failure on stderr (as JSON with --json) and sets a non-zero exit code. */
export function fail(error: unknown, json = false): void {
  warn(error, json);
  setExitCode(1);
}

export interface CommandContext {
  store: FileReadingStore;
  workspace: Workspace;
}

/**
 * Who a command's changes are made for: the command line, except for a server, whose changes are
 * each made for the request's caller or, for work no caller started, for this machine ("local",
 * the actor outside any scope).
 */
export type CommandActor = "cli" | "server";

/** Opens the database, runs the command, and always closes the database. */
export async function withStore(
  options: DbOptions,
  work: (store: FileReadingStore) => Promise<void>,
  env: StoreEnvironment = commandEnvironment(),
  actor: CommandActor = "cli",
): Promise<void> {
  let store: FileReadingStore | undefined;
  try {
    store = await openStore(options.db ?? DEFAULT_DB_PATH, env);
    const opened = store;
    if (actor === "cli") await actingAs({ kind: "cli" }, () => work(opened));
    else await work(opened);
  } catch (error) {
    fail(error, options.json);
  } finally {
    await store?.close();
  }
}

/** `--workspace ID` of a command reading or writing one workspace's data, which `withWorkspace` resolves. */
export function workspaceOption(): Option {
  return new Option(
    "--workspace <id>",
    "the workspace it acts on (default: the one served, socialroi workspace use)",
  );
}

/**
 * The workspace `--workspace` names, refused when no workspace has that id; without it, the
 * default one (made with default settings if none is).
 */
export async function chosenWorkspace(store: FileReadingStore, id: string | undefined): Promise<Workspace> {
  if (id === undefined) return defaultWorkspace(store);
  const workspace = await findWorkspace(store, id);
  if (!workspace) throw new UserError(`No workspace has the id ${id} (socialroi workspace list)`);
  return workspace;
}

/** Opens the database, finds the workspace the command acts on, runs the command. */
export function withWorkspace(
  options: DbOptions,
  work: (ctx: CommandContext) => Promise<void>,
  env?: StoreEnvironment,
  actor?: CommandActor,
): Promise<void> {
  return withStore(
    options,
    async (store) => work({ store, workspace: await chosenWorkspace(store, options.workspace) }),
    env,
    actor,
  );
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function parseDateOption(value: string, name: string): string {
  const problem = dayProblem(value);
  if (problem) throw new UserError(`--${name}: ${problem}`);
  return value;
}
