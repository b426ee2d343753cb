import { z } from "zod";
import { ROLES, type Role } from "../api/auth.js";
import { type Member, memberSchema } from "../api/members.js";
import { recordChange } from "../audit/record-change.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

const workspaceRoleSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) });
export type WorkspaceRole = z.infer<typeof workspaceRoleSchema>;

/**
 * Parameters: $user. The instance's owner owns every workspace, those made after them included;
 * everyone else has the workspaces they were added to. The default workspace first, then the oldest.
 */
const userWorkspaces = defineQuery("auth/user-workspaces", workspaceRoleSchema, {
  duckdb: `SELECT w.id, w.name, CASE WHEN u.owns_instance THEN 'owner' ELSE m.role END AS role
    FROM users u CROSS JOIN workspaces w
    LEFT JOIN memberships m ON m.user_id = u.user_id AND m.workspace_id = w.id
    WHERE u.user_id = $user AND (u.owns_instance OR m.role IS NOT NULL)
    ORDER BY w.is_default DESC, w.created_at, w.id`,
});

/** The workspaces a user belongs to, with their role in each. */
export function workspacesOf(store: Store, userId: string): Promise<WorkspaceRole[]> {
  return runQuery(store, userWorkspaces, { user: userId });
}

/** Parameters: $ws. Owners first, then by role and address. */
const workspaceMembers = defineQuery("auth/workspace-members", memberSchema, {
  duckdb: `SELECT m.user_id, u.email, m.role, strftime(m.created_at, '%Y-%m-%dT%H:%M:%SZ') AS since
    FROM memberships m JOIN users u ON u.user_id = m.user_id
    WHERE m.workspace_id = $ws
    ORDER BY list_position(['owner', 'admin', 'editor', 'viewer', 'client'], m.role), u.email`,
});

/** The members of a workspace with their roles: those added to it, not the instance's owner by right. */
export function listMembers(store: Store, workspaceId: string): Promise<Member[]> {
  return runQuery(store, workspaceMembers, { ws: workspaceId });
}

/**
 * What a change of membership did. A workspace that has an owner among its members keeps one: the
 * instance's owner owns every workspace, but a client's workspace handed to its own owner must not
 * be left to the agency by a slip of an admin.
 */
export type MembershipChange =
  | { outcome: "changed"; before: Member | undefined; after: Member | undefined }
  | { outcome: "not_member" }
  | { outcome: "last_owner"; member: Member }
  | { outcome: "owners_only" };

/**
 * Who asks for a change of membership: an owner of the workspace (the instance's owner and its
 * command line included), or a manager who is not one (an admin, a token), who may not make,
 * change or remove owners: an admin promoting themselves could then delete the workspace.
 */
export type MembershipGrantor = "owner" | "manager";

/** Writes a user's next role in a workspace (none: out of it), unless it takes away its last owner. */
function changeMembership(
  store: Store,
  workspaceId: string,
  userId: string,
  role: Role | undefined,
  grantor: MembershipGrantor,
): Promise<MembershipChange> {
  return store.transaction(async () => {
    const members = await listMembers(store, workspaceId);
    const before = members.find((member) => member.user_id === userId);
    if (grantor !== "owner" && (role === "owner" || before?.role === "owner"))
      return { outcome: "owners_only" };
    const owners = members.filter((member) => member.role === "owner").length;
    if (before?.role === "owner" && role !== "owner" && owners === 1)
      return { outcome: "last_owner", member: before };
    const ids = { ws: workspaceId, user: userId };
    if (role === undefined)
      await store.run("DELETE FROM memberships WHERE workspace_id = $ws AND user_id = $user", ids);
    // A member whose role changes keeps the day they joined.
    else
      await store.run(
        `INSERT INTO memberships (workspace_id, user_id, role) VALUES ($ws, $user, $role)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
        { ...ids, role },
      );
    const after = (await listMembers(store, workspaceId)).find((member) => member.user_id === userId);
    await recordChange(store, { workspaceId, object: "member", objectId: userId, before, after });
    return { outcome: "changed", before, after };
  });
}

/** Gives a user a role in a workspace, replacing the one they had there. */
export function addMember(
  store: Store,
  workspaceId: string,
  userId: string,
  role: Role,
  grantor: MembershipGrantor = "owner",
): Promise<MembershipChange> {
  return changeMembership(store, workspaceId, userId, role, grantor);
}

/** Takes a user out of a workspace. */
export async function removeMember(
  store: Store,
  workspaceId: string,
  userId: string,
  grantor: MembershipGrantor = "owner",
): Promise<MembershipChange> {
  const isMember = (await listMembers(store, workspaceId)).some((member) => member.user_id === userId);
  return isMember
    ? changeMembership(store, workspaceId, userId, undefined, grantor)
    : { outcome: "not_member" };
}
