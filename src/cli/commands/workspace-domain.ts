import { Command } from "commander";
import { DEFAULT_DB_PATH } from "../../store/open-store.js";
import { addLinkDomain, listLinkDomains, removeLinkDomain } from "../../tracking/link-domains.js";
import { type DbOptions, printJson, UserError, withWorkspace, workspaceOption } from "../run-command.js";

/** `socialroi workspace set-domain`: the host names through which /l/:slug opens this workspace's links. */
export function setDomainCommand(): Command {
  return new Command("set-domain")
    .description(
      "give a workspace a short-link domain (pointed at this server by DNS): /l/:slug through it opens the workspace's links only, and its short URLs use it",
    )
    .addOption(workspaceOption().makeOptionMandatory())
    .requiredOption("--domain <host>", "the host name, e.g. links.bakery.example")
    .option("--remove", "take the domain from the workspace instead")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: DbOptions & { domain: string; remove?: boolean }) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        if (options.remove && !(await removeLinkDomain(store, workspace.id, options.domain)))
          throw new UserError(
            `${options.domain} is no short-link domain of "${workspace.name}" (${workspace.id})`,
          );
        const domains = options.remove
          ? await listLinkDomains(store, workspace.id)
          : await addLinkDomain(store, workspace.id, options.domain);
        if (options.json) printJson({ workspace_id: workspace.id, domains });
        else
          process.stdout.write(
            `Short-link domains of "${workspace.name}" (${workspace.id}): ${domains.map((d) => d.domain).join(", ") || "none"}\n`,
          );
      });
    });
}
