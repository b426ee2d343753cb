import { goalSchema } from "../api/goals.js";
import { recordChange } from "../audit/record-change.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

/** Parameters: $ws, $id. */
const removeGoal = defineQuery("goals/delete-goal", goalSchema, {
  duckdb: `DELETE FROM goals WHERE workspace_id = $ws AND goal_id = $id
    RETURNING goal_id, goal, indicator, target, strftime(period_start, '%Y-%m-%d') AS period_start,
      strftime(period_end, '%Y-%m-%d') AS period_end, network`,
});

/** Removes a goal; false when the workspace has none with that id. */
export async function deleteGoal(store: Store, workspaceId: string, id: string): Promise<boolean> {
  return store.transaction(async () => {
    const [removed] = await runQuery(store, removeGoal, { ws: workspaceId, id });
    if (!removed) return false;
    await recordChange(store, {
      workspaceId,
      object: "goal",
      objectId: id,
      before: removed,
      after: undefined,
    });
    return true;
  });
}
