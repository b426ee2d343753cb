import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import proxyAddr from "@fastify/proxy-addr";
import { Command, InvalidArgumentError } from "commander";
import { startScheduleRunner } from "../../reports/schedules.js";
import { type AppContext, buildApp } from "../../server/app.js";
import { clusterConfigFromEnvironment } from "../../store/cluster/cluster-config.js";
import { migrateStore } from "../../store/migrate-store.js";
import { DEFAULT_DB_PATH, holdStore } from "../../store/open-store.js";
import type { StoreEnvironment } from "../../store/store.js";
import { findWorkspace } from "../../store/workspaces.js";
import { openAdminChannel } from "../admin-channel.js";
import { commandEnvironment } from "../command-scope.js";
import { type DbOptions, fail, warn, withWorkspace } from "../run-command.js";

/** Runs a command line in this process, for another process (see admin-channel.ts). */
export type CommandLineRunner = (argv: string[]) => Promise<void>;

interface ServeOptions extends DbOptions {
  port: number;
  host: string;
  trustProxy?: string[];
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError("expected a port number");
  return port;
}

function parseProxies(value: string): string[] {
  const proxies = value
    .split(",")
    .map((proxy) => proxy.trim())
    .filter(Boolean);
  try {
    proxyAddr.compile(proxies);
  } catch (error) {
    throw new InvalidArgumentError(
      `expected addresses, CIDR ranges or loopback/linklocal/uniquelocal, separated by commas (${(error as Error).message})`,
    );
  }
  return proxies;
}

/**
 * Has the commands other processes give for the database run here, on the store this process holds,
 * until the returned function is called.
 */
async function takeOtherCommands(
  context: AppContext,
  runCommandLine: CommandLineRunner,
): Promise<() => Promise<void>> {
  const release = holdStore(context.store);
  const admin = await openAdminChannel(context.store.location, async (argv) => {
    await runCommandLine(argv);
    // A command may have changed the workspace's settings (init): the dashboard shows them at once.
    context.workspace = (await findWorkspace(context.store, context.workspace.id)) ?? context.workspace;
  });
  return async () => {
    await admin.close();
    release();
  };
}

/**
 * The environment `serve` opens its store in: unless SOCIALROI_THREADS says otherwise, DuckDB gets
 * one thread fewer than the machine has cores, so the event loop answering redirects always has a
 * core. On 2 cores, storing a second's 20,000 logged clicks took DuckDB 116 ms of CPU and 97 ms with
 * two threads against 64–84 ms of CPU and 69–89 ms with one: the second thread only took the core
 * the redirects were waiting for (bench/redirect.md has the server's figures).
 */
export function serverEnvironment(
  env: StoreEnvironment,
  cores: number = availableParallelism(),
): StoreEnvironment {
  if (env["SOCIALROI_THREADS"]) return env;
  return { ...env, SOCIALROI_THREADS: String(Math.max(1, cores - 1)) };
}

/**
 * Runs until SIGINT/SIGTERM; the database stays open (and locked) for the server's lifetime, and
 * the other socialroi commands given for it run here, through the admin channel.
 */
export async function serve(options: ServeOptions, runCommandLine: CommandLineRunner): Promise<void> {
  const inMemory = options.db?.startsWith(":memory:") ?? false;
  // Absolute: the commands run for other processes work in their folders (process.chdir).
  const db = options.db && !inMemory ? resolve(options.db) : options.db;
  const cluster = inMemory ? undefined : clusterConfigFromEnvironment(commandEnvironment());
  if (cluster) {
    try {
      // Every server of a cluster starts on the current schemas (migrate is idempotent and locked).
      await migrateStore(db ?? DEFAULT_DB_PATH, cluster);
    } catch (error) {
      fail(error, options.json);
      return;
    }
  }
  await withWorkspace(
    { ...options, db },
    async (context) => {
      const app = await buildApp(context, { trustedProxies: options.trustProxy });
      const address = await app.listen({ port: options.port, host: options.host });
      // Nothing outside this process can reach an in-memory database; a cluster's servers and
      // commands all reach PostgreSQL and ClickHouse themselves.
      const stopTakingCommands =
        inMemory || cluster ? undefined : await takeOtherCommands(context, runCommandLine);
      const { name, id } = context.workspace;
      const where = cluster ? context.store.location : options.db;
      process.stdout.write(`socialroi is serving "${name}" (${id}) of ${where} on ${address}\n`);
      // A round of deliveries that fails (the database out of reach a moment) is tried again the
      // next minute: said, without making the server's eventual exit a failure.
      const schedules = startScheduleRunner(context.store, context.workspace, (error) => warn(error));
      await new Promise<void>((stopped) => {
        const stop = async () => {
          await stopTakingCommands?.();
          schedules.stop();
          app.close().then(stopped, (error) => {
            fail(error);
            stopped();
          });
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    },
    serverEnvironment(commandEnvironment()),
    "server",
  );
}

export function serveCommand(runCommandLine: CommandLineRunner): Command {
  return new Command("serve")
    .description("serve the dashboard, the API and the tracking endpoints")
    .option("--port <n>", "port", parsePort, 3000)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option(
      "--trust-proxy <addresses>",
      "reverse proxies whose X-Forwarded-For gives the visitor's address (e.g. loopback or 10.0.0.0/8)",
      parseProxies,
    )
    .action((options: ServeOptions) => serve(options, runCommandLine));
}
