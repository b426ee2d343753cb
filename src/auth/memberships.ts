import { z } from "zod";
import { ROLES, type Role } from "../api/auth.js";
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

/** Gives a user a role in a workspace, replacing the one they had there. */
export async function addMember(
  store: Store,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await store.run(
    "INSERT OR REPLACE INTO memberships (workspace_id, user_id, role) VALUES ($ws, $user, $role)",
    { ws: workspaceId, user: userId, role },
  );
}
