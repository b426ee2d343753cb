import { Command, Option } from "commander";
import { ROLES, type Role } from "../../api/auth.js";
import { addMember } from "../../auth/memberships.js";
import { findUserByEmail } from "../../auth/users.js";
import { DEFAULT_DB_PATH } from "../../store/open-store.js";
import { findWorkspace } from "../../store/workspaces.js";
import { type DbOptions, printJson, UserError, withStore } from "../run-command.js";

interface MemberOptions extends DbOptions {
  workspace: string;
  email: string;
  role: Role;
}

export function memberCommand(): Command {
  const command = new Command("member").description("who belongs to which workspace, with which role");
  command
    .command("add")
    .description(
      "give a user a role in a workspace (replacing the one they had): owner and admin manage it, editor changes its data, viewer reads it, client sees its reports and overview",
    )
    .requiredOption("--workspace <id>", "the workspace's id (socialroi workspace list)")
    .requiredOption("--email <address>", "the user's e-mail address (socialroi user create)")
    .addOption(new Option("--role <role>", "their role").choices(ROLES).makeOptionMandatory())
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: MemberOptions) => {
      await withStore(options, async (store) => {
        const workspace = await findWorkspace(store, options.workspace);
        if (!workspace)
          throw new UserError(`No workspace has the id ${options.workspace} (socialroi workspace list)`);
        const user = await findUserByEmail(store, options.email);
        if (!user)
          throw new UserError(`No user has the e-mail address ${options.email} (socialroi user create)`);
        await addMember(store, workspace.id, user.user_id, options.role);
        if (options.json)
          printJson({
            workspace_id: workspace.id,
            user_id: user.user_id,
            email: user.email,
            role: options.role,
          });
        else
          process.stdout.write(
            `${user.email} is ${options.role} of "${workspace.name}" (${workspace.id})${user.owns_instance ? "; as the instance's owner, they stay owner of every workspace" : ""}\n`,
          );
      });
    });
  return command;
}
