import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { DEFAULT_DB_PATH } from "../../store/open-store.js";
import { deleteWorkspace, exportWorkspace } from "../../store/workspace-data.js";
import { defaultWorkspace } from "../../store/workspaces.js";
import { noteLinkChange } from "../../tracking/link-cache.js";
import { type DbOptions, printJson, UserError, withWorkspace, workspaceOption } from "../run-command.js";

/** `socialroi workspace export`: every table's rows of a workspace, as CSV in one zip. */
export function exportWorkspaceCommand(): Command {
  return new Command("export")
    .description(
      "write every table's rows of a workspace as CSV in one zip: tables/ whole, and the import formats at the top (socialroi import reads them back)",
    )
    .addOption(workspaceOption().makeOptionMandatory())
    .requiredOption("--out <file.zip>", "the zip to write")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: DbOptions & { out: string }) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const zip = await exportWorkspace(store, workspace.id);
        await writeFile(options.out, zip);
        if (options.json) printJson({ workspace_id: workspace.id, file: options.out, bytes: zip.length });
        else process.stdout.write(`Wrote "${workspace.name}" (${workspace.id}) to ${options.out}\n`);
      });
    });
}

/** `socialroi workspace delete`: a workspace and all its data, confirmed by its name. */
export function deleteWorkspaceCommand(): Command {
  return new Command("delete")
    .description("delete a workspace and every row of its data, for good (socialroi workspace export first)")
    .addOption(workspaceOption().makeOptionMandatory())
    .requiredOption("--confirm <name>", "the workspace's name, typed again")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: DbOptions & { confirm: string }) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        if (options.confirm !== workspace.name)
          throw new UserError(
            `--confirm: type the workspace's name, "${workspace.name}", to delete it; nothing was deleted`,
          );
        // Another would be served in its place without anyone choosing it.
        if ((await defaultWorkspace(store)).id === workspace.id)
          throw new UserError(
            `"${workspace.name}" is the workspace served: serve another first (socialroi workspace use), then delete it`,
          );
        await deleteWorkspace(store, workspace.id);
        // Run through serve, its links are cached by that server's redirects: they go with it.
        noteLinkChange();
        if (options.json) printJson({ deleted: workspace.id });
        else process.stdout.write(`Deleted "${workspace.name}" (${workspace.id}) and all its data\n`);
      });
    });
}
