import { z } from "zod";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

/** Parameters: $ws, $id. */
const removeGoal = defineQuery("goals/delete-goal", z.object({ goal_id: z.string() }), {
  duckdb: "DELETE FROM goals WHERE workspace_id = $ws AND goal_id = $id RETURNING goal_id",
});

/** Removes a goal; false when the workspace has none with that id. */
export async function deleteGoal(store: Store, workspaceId: string, id: string): Promise<boolean> {
  const removed = await runQuery(store, removeGoal, { ws: workspaceId, id });
  return removed.length > 0;
}
