import { Command } from "commander";
import { clusterConfigFromEnvironment } from "../../store/cluster/cluster-config.js";
import { migrateStore } from "../../store/migrate-store.js";
import { DEFAULT_DB_PATH } from "../../store/open-store.js";
import { commandEnvironment } from "../command-scope.js";
import { type DbOptions, fail, printJson } from "../run-command.js";

export function migrateCommand(): Command {
  return new Command("migrate")
    .description(
      "create or upgrade the database's tables: the DuckDB file, or PostgreSQL and ClickHouse when " +
        "SOCIALROI_POSTGRES_URL and SOCIALROI_CLICKHOUSE_URL are set (safe to run again)",
    )
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: DbOptions) => {
      try {
        const outcome = await migrateStore(
          options.db ?? DEFAULT_DB_PATH,
          clusterConfigFromEnvironment(commandEnvironment()),
        );
        if (options.json) printJson(outcome);
        else if (outcome.mode === "embedded")
          process.stdout.write(`${outcome.database}: schema version ${outcome.version}, up to date\n`);
        else if (outcome.changes.length === 0)
          process.stdout.write("PostgreSQL and ClickHouse: up to date\n");
        else process.stdout.write(`${outcome.changes.join("\n")}\n`);
      } catch (error) {
        fail(error, options.json);
      }
    });
}
