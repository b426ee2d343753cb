import { liftTestSchema } from "../api/mmm.js";
import { recordChange } from "../audit/record-change.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { LIFT_TEST_COLUMNS } from "./list-lift-tests.js";

/** Parameters: $ws, $id. */
const deleteLiftTest = defineQuery("mmm/remove-lift-test", liftTestSchema, {
  duckdb: `DELETE FROM lift_tests WHERE workspace_id = $ws AND lift_test_id = $id RETURNING ${LIFT_TEST_COLUMNS}`,
});

/** Removes a lift test: the models no longer take it in. False when the workspace has none with that id. */
export async function removeLiftTest(store: Store, workspaceId: string, id: string): Promise<boolean> {
  return store.transaction(async () => {
    const [removed] = await runQuery(store, deleteLiftTest, { ws: workspaceId, id });
    if (!removed) return false;
    await recordChange(store, {
      workspaceId,
      object: "lift_test",
      objectId: id,
      before: removed,
      after: undefined,
    });
    return true;
  });
}
