import type { GoalInput } from "../api/goals.js";
import { recordChange } from "../audit/record-change.js";
import { newId } from "../domain/ids.js";
import type { Store } from "../store/store.js";

/** A goal set in the dashboard or the API; its progress is computed when read. Returns its id. */
export async function createGoal(store: Store, workspaceId: string, goal: GoalInput): Promise<string> {
  const id = newId("goal");
  await store.transaction(async () => {
    await store.run(
      `INSERT INTO goals (goal_id, workspace_id, goal, indicator, target, period_start, period_end, network)
       VALUES ($id, $ws, $goal, $indicator, $target, CAST($period_start AS DATE), CAST($period_end AS DATE), $network)`,
      { id, ws: workspaceId, ...goal },
    );
    await recordChange(store, {
      workspaceId,
      object: "goal",
      objectId: id,
      before: undefined,
      after: { goal_id: id, ...goal, network: goal.network ?? null },
    });
  });
  return id;
}
