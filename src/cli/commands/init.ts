import { Command } from "commander";
import { changeWorkspaceSettings } from "../../audit/change-workspace-settings.js";
import { LOCALES } from "../../domain/workspace.js";
import { listWorkspaces } from "../../store/workspaces.js";
import { type DbOptions, printJson, withWorkspace, workspaceOption } from "../run-command.js";

interface InitOptions extends DbOptions {
  name?: string;
  currency?: string;
  timezone?: string;
  locale?: string;
}

export function initCommand(): Command {
  return new Command("init")
    .description(
      "create the workspace (reporting currency EUR unless told otherwise), or change its settings",
    )
    .option("--name <name>", "workspace name")
    .option("--currency <code>", "reporting currency, ISO 4217 (EUR, USD, …)")
    .option("--timezone <tz>", "IANA time zone for days and months (Europe/Brussels, …)")
    .option("--locale <locale>", `language of reports and dashboard: ${LOCALES.join(", ")}`)
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: InitOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const changes = {
          ...(options.name ? { name: options.name } : {}),
          ...(options.currency ? { currency: options.currency } : {}),
          ...(options.timezone ? { timezone: options.timezone } : {}),
          ...(options.locale ? { locale: options.locale as (typeof LOCALES)[number] } : {}),
        };
        const updated = await changeWorkspaceSettings(store, workspace.id, changes);
        const count = (await listWorkspaces(store)).length;
        if (options.json) printJson(updated);
        else {
          process.stdout.write(
            `Workspace "${updated.name}" (${updated.id}) in ${store.location}: currency ${updated.currency}, ` +
              `time zone ${updated.timezone}, language ${updated.locale}${count > 1 ? ` (${count} workspaces)` : ""}\n`,
          );
        }
      });
    });
}
