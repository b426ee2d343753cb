import { existsSync } from "node:fs";
import { Command } from "commander";
import { buildDemo } from "../../demo/build-demo.js";
import { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { DEFAULT_DB_PATH } from "../../store/open-store.js";
import { type DbOptions, fail, printJson } from "../run-command.js";
import { serve } from "./serve.js";

async function createDemo(path: string): Promise<{ workspace: string; id: string }> {
  const store = await DuckDbStore.open(path);
  try {
    const workspace = await buildDemo(store);
    return { workspace: workspace.name, id: workspace.id };
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
    .option("--json", "print JSON")
    .action(async (options: DbOptions) => {
      try {
        const created = await createDemo(options.db ?? DEFAULT_DB_PATH);
        if (options.json) printJson(created);
        else
          process.stdout.write(
            `Demo workspace "${created.workspace}" (${created.id}) is ready in ${options.db}. Try: socialroi roi --by network\n`,
          );
      } catch (error) {
        fail(error, options.json);
      }
    });
}

/** What `npm start` runs: the dashboard, on demo data the first time. */
export function startCommand(): Command {
  return new Command("start")
    .description("serve the dashboard, creating the demo database first when there is none")
    .option("--port <n>", "port", (v) => Number(v), 3000)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .action(async (options: { port: number; host: string; db: string }) => {
      try {
        if (!existsSync(options.db)) {
          process.stdout.write(`No database at ${options.db}: creating the demo workspace…\n`);
          await createDemo(options.db);
        }
        await serve(options);
      } catch (error) {
        fail(error);
      }
    });
}
