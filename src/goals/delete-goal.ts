import type { Store } from "../store/store.js";

/** Removes a goal; false when the workspace has none with that id. */
export async function deleteGoal(store: Store, workspaceId: string, id: string): Promise<boolean> {
  const removed = await store.all(
    "DELETE FROM goals WHERE workspace_id = $ws AND goal_id = $id RETURNING goal_id",
    {
      ws: workspaceId,
      id,
    },
  );
  return removed.length > 0;
}
