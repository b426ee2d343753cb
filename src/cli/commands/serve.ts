import proxyAddr from "@fastify/proxy-addr";
import { Command, InvalidArgumentError } from "commander";
import { startScheduleRunner } from "../../reports/schedules.js";
import { buildApp } from "../../server/app.js";
import { type DbOptions, fail, withWorkspace } from "../run-command.js";

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

/** Runs until SIGINT/SIGTERM; the database stays open (and locked) for the server's lifetime. */
export async function serve(options: ServeOptions): Promise<void> {
  await withWorkspace(options, async (context) => {
    const app = await buildApp(context, { trustedProxies: options.trustProxy });
    const address = await app.listen({ port: options.port, host: options.host });
    const { name, id } = context.workspace;
    process.stdout.write(
      `socialroi is serving "${name}" (${id}) of ${context.store.location} on ${address}\n`,
    );
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
    .option(
      "--trust-proxy <addresses>",
      "reverse proxies whose X-Forwarded-For gives the visitor's address (e.g. loopback or 10.0.0.0/8)",
      parseProxies,
    )
    .action(serve);
}
