import { Command, InvalidArgumentError } from "commander";
import { startScheduleRunner } from "../../reports/schedules.js";
import { buildApp } from "../../server/app.js";
import { type DbOptions, fail, withWorkspace } from "../run-command.js";

interface ServeOptions extends DbOptions {
  port: number;
  host: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError("expected a port number");
  return port;
}

/** Runs until SIGINT/SIGTERM; the database stays open (and locked) for the server's lifetime. */
export async function serve(options: ServeOptions): Promise<void> {
  await withWorkspace(options, async (context) => {
    const app = await buildApp(context);
    const address = await app.listen({ port: options.port, host: options.host });
    process.stdout.write(`socialroi is serving ${context.store.location} on ${address}\n`);
    const schedules = startScheduleRunner(context.store, context.workspace, (error) => fail(error));
    await new Promise<void>((resolve) => {
      const stop = () => {
        schedules.stop();
        app.close().then(resolve, (error) => {
          fail(error);
          resolve();
        });
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  });
}

export function serveCommand(): Command {
  return new Command("serve")
    .description("serve the dashboard, the API and the tracking endpoints")
    .option("--port <n>", "port", parsePort, 3000)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .action(serve);
}
