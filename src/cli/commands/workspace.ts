import { Command } from "commander";
import { DEFAULT_WORKSPACE, LOCALES, type Locale, type Workspace } from "../../domain/workspace.js";
import { DEFAULT_DB_PATH } from "../../store/open-store.js";
import { createWorkspace, listWorkspaces, setDefaultWorkspace } from "../../store/workspaces.js";
import { type DbOptions, printJson, UserError, withStore, withWorkspace } from "../run-command.js";
import { deleteWorkspaceCommand, exportWorkspaceCommand } from "./workspace-data.js";
import { setDomainCommand } from "./workspace-domain.js";

function describe(workspace: Workspace): string {
  return `"${workspace.name}" (${workspace.id})`;
}

/** The workspace a name or id names: ids first, as names may repeat. */
function chosen(workspaces: Workspace[], key: string): Workspace {
  const byId = workspaces.find((w) => w.id === key);
  if (byId) return byId;
  const byName = workspaces.filter((w) => w.name === key);
  if (byName.length === 1) return byName[0]!;
  const known = workspaces.map(describe).join(", ");
  if (byName.length > 1) throw new UserError(`Several workspaces are named "${key}": give its id (${known})`);
  throw new UserError(`No workspace is named or has the id "${key}": the workspaces are ${known}`);
}

export function workspaceCommand(): Command {
  const command = new Command("workspace").description(
    "the workspaces of the database, and the one `serve` and the other commands use",
  );
  command
    .command("list")
    .description("list the workspaces, marking the one served")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: DbOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const workspaces = (await listWorkspaces(store)).map((w) => ({
          ...w,
          served: w.id === workspace.id,
        }));
        if (options.json) printJson(workspaces);
        else for (const w of workspaces) process.stdout.write(`${w.served ? "* " : "  "}${describe(w)}\n`);
      });
    });
  command
    .command("create")
    .description(
      "create a workspace (a client, a brand); the instance's owner owns it, member add gives it others",
    )
    .requiredOption("--name <name>", "its name")
    .option("--currency <code>", "reporting currency, ISO 4217", DEFAULT_WORKSPACE.currency)
    .option("--timezone <tz>", "IANA time zone for days and months", DEFAULT_WORKSPACE.timezone)
    .option(
      "--locale <locale>",
      `language of reports and dashboard: ${LOCALES.join(", ")}`,
      DEFAULT_WORKSPACE.locale,
    )
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(
      async (options: DbOptions & { name: string; currency: string; timezone: string; locale: Locale }) => {
        // Not withWorkspace, which would first make a default workspace in an empty database.
        await withStore(options, async (store) => {
          const { name, currency, timezone, locale } = options;
          const workspace = await createWorkspace(store, { name, currency, timezone, locale });
          if (options.json) printJson(workspace);
          else
            process.stdout.write(`Created ${describe(workspace)}: ?workspace=${workspace.id} in the API\n`);
        });
      },
    );
  command
    .command("use")
    .description("serve this workspace from now on (serve, and every command, use it)")
    .argument("<workspace>", "its name or id")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (key: string, options: DbOptions) => {
      await withWorkspace(options, async ({ store }) => {
        const workspace = chosen(await listWorkspaces(store), key);
        await setDefaultWorkspace(store, workspace.id);
        if (options.json) printJson(workspace);
        else process.stdout.write(`The workspace served is now ${describe(workspace)}\n`);
      });
    });
  command.addCommand(setDomainCommand());
  command.addCommand(exportWorkspaceCommand());
  command.addCommand(deleteWorkspaceCommand());
  return command;
}
