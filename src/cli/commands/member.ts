import { Command, Option } from "commander";
import { ROLES, type Role } from "../../api/auth.js";
import type { Member } from "../../api/members.js";
import { addMember, listMembers, type MembershipChange, removeMember } from "../../auth/memberships.js";
import { findUserByEmail } from "../../auth/users.js";
import type { Workspace } from "../../domain/workspace.js";
import { DEFAULT_DB_PATH } from "../../store/open-store.js";
import type { Store } from "../../store/store.js";
import { findWorkspace } from "../../store/workspaces.js";
import { type DbOptions, printJson, UserError, withStore } from "../run-command.js";

interface WorkspaceOptions extends DbOptions {
  workspace: string;
}

interface MemberOptions extends WorkspaceOptions {
  email: string;
  role: Role;
}

async function namedWorkspace(store: Store, id: string): Promise<Workspace> {
  const workspace = await findWorkspace(store, id);
  if (!workspace) throw new UserError(`No workspace has the id ${id} (socialroi workspace list)`);
  return workspace;
}

async function namedUser(store: Store, email: string) {
  const user = await findUserByEmail(store, email);
  if (!user) throw new UserError(`No user has the e-mail address ${email} (socialroi user create)`);
  return user;
}

/** The change made, or the refusal in words. */
function applied(change: MembershipChange, email: string, workspace: Workspace) {
  if (change.outcome === "not_member")
    throw new UserError(`${email} is not a member of "${workspace.name}" (socialroi member list)`);
  if (change.outcome === "last_owner")
    throw new UserError(
      `${email} is the last owner of "${workspace.name}": make someone else owner first (socialroi member add --role owner)`,
    );
  // The command line acts as the instance's owner, whom owners_only never stops: the type still has it.
  if (change.outcome === "owners_only")
    throw new UserError("Only an owner of the workspace changes its owners");
  return change;
}

function describeMember(member: Member): string {
  return `${member.email} (${member.user_id}) ${member.role}`;
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
        const workspace = await namedWorkspace(store, options.workspace);
        const user = await namedUser(store, options.email);
        const { before } = applied(
          await addMember(store, workspace.id, user.user_id, options.role),
          user.email,
          workspace,
        );
        if (options.json)
          printJson({
            workspace_id: workspace.id,
            user_id: user.user_id,
            email: user.email,
            role: options.role,
            previous_role: before?.role ?? null,
          });
        else
          process.stdout.write(
            `${user.email} is ${options.role} of "${workspace.name}" (${workspace.id})${before && before.role !== options.role ? `, was ${before.role}` : ""}${user.owns_instance ? "; as the instance's owner, they stay owner of every workspace" : ""}\n`,
          );
      });
    });
  command
    .command("list")
    .description("list a workspace's members and their roles, owners first")
    .requiredOption("--workspace <id>", "the workspace's id (socialroi workspace list)")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: WorkspaceOptions) => {
      await withStore(options, async (store) => {
        const workspace = await namedWorkspace(store, options.workspace);
        const members = await listMembers(store, workspace.id);
        if (options.json) printJson(members);
        else if (members.length === 0)
          process.stdout.write(`"${workspace.name}" has no members yet (socialroi member add)\n`);
        else for (const member of members) process.stdout.write(`${describeMember(member)}\n`);
      });
    });
  command
    .command("remove")
    .description("take a user out of a workspace; its last owner stays until another is made owner")
    .requiredOption("--workspace <id>", "the workspace's id (socialroi workspace list)")
    .requiredOption("--email <address>", "the member's e-mail address")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: WorkspaceOptions & { email: string }) => {
      await withStore(options, async (store) => {
        const workspace = await namedWorkspace(store, options.workspace);
        const user = await namedUser(store, options.email);
        applied(await removeMember(store, workspace.id, user.user_id), user.email, workspace);
        if (options.json) printJson({ workspace_id: workspace.id, removed: user.user_id, email: user.email });
        else
          process.stdout.write(
            `${user.email} is no longer a member of "${workspace.name}"${user.owns_instance ? "; as the instance's owner, they stay owner of every workspace" : ""}\n`,
          );
      });
    });
  return command;
}
