import { existsSync } from "node:fs";
import { Command } from "commander";
import { buildDemo } from "../../demo/build-demo.js";
import { DEFAULT_DB_PATH, openStore } from "../../store/open-store.js";
import { defaultWorkspace } from "../../store/workspaces.js";
import { commandEnvironment } from "../command-scope.js";
import { type DbOptions, fail, printJson } from "../run-command.js";
import { type CommandLineRunner, serve } from "./serve.js";

interface CreatedDemo {
  workspace: string;
  id: string;
  /** The workspace `serve` and the other commands use. */
  served: { name: string; id: string };
}

async function createDemo(path: string, use: boolean): Promise<CreatedDemo> {
  const store = await openStore(path, commandEnvironment());
  try {
    const workspace = await buildDemo(store, { use });
    const served = await defaultWorkspace(store);
    return { workspace: workspace.name, id: workspace.id, served: { name: served.name, id: served.id } };
  } finally {
    await store.close();
  }
}

export function demoCommand(): Command {
  return new Command("demo")
    .description(
      "create a demo workspace: an eBook launch across Facebook, Instagram, X and LinkedIn, with costs, tracking links and their clicks, leads and sales",
    )
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--use", "serve the demo from now on, even when the database has other workspaces")
    .option("--json", "print JSON")
    .action(async (options: DbOptions & { use?: boolean }) => {
      try {
        const created = await createDemo(options.db ?? DEFAULT_DB_PATH, options.use ?? false);
        if (options.json) printJson(created);
        else if (created.served.id === created.id)
          process.stdout.write(
            `Demo workspace "${created.workspace}" (${created.id}) is ready in ${options.db} and is the one served. ` +
              "Try: socialroi roi --by network\n",
          );
        else
          process.stdout.write(
            `Demo workspace "${created.workspace}" (${created.id}) is ready in ${options.db}. ` +
              `The workspace served is still "${created.served.name}" (${created.served.id}); ` +
              `socialroi workspace use ${created.id} serves the demo instead.\n`,
          );
      } catch (error) {
        fail(error, options.json);
      }
    });
}

/** What `npm start` runs: the dashboard, on demo data the first time. */
export function startCommand(runCommandLine: CommandLineRunner): Command {
  return new Command("start")
    .description("serve the dashboard, creating the demo database first when there is none")
    .option("--port <n>", "port", (v) => Number(v), 3000)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .action(async (options: { port: number; host: string; db: string }) => {
      try {
        if (!existsSync(options.db)) {
          process.stdout.write(`No database at ${options.db}: creating the demo workspace…\n`);
          await createDemo(options.db, false);
        }
        await serve(options, runCommandLine);
      } catch (error) {
        fail(error);
      }
    });
}
