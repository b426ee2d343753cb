import { z } from "zod";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import type { WorkspaceRole } from "./memberships.js";

/** Parameters: $user. */
const lastWorkspace = defineQuery(
  "auth/last-workspace",
  z.object({ last_workspace_id: z.string().nullable() }),
  { duckdb: "SELECT last_workspace_id FROM users WHERE user_id = $user" },
);

/**
 * The membership a request naming no workspace acts in: the one the user chose last, while they
 * still belong to it, else their first.
 */
export async function defaultMembership(
  store: Store,
  userId: string,
  memberships: readonly WorkspaceRole[],
): Promise<WorkspaceRole | undefined> {
  const [row] = await runQuery(store, lastWorkspace, { user: userId });
  return memberships.find((member) => member.id === row?.last_workspace_id) ?? memberships[0];
}

/** Remembers the workspace the user switched to, for their next visit on any device. */
export async function chooseWorkspace(store: Store, userId: string, workspaceId: string): Promise<void> {
  await store.run("UPDATE users SET last_workspace_id = $ws WHERE user_id = $user", {
    ws: workspaceId,
    user: userId,
  });
}
