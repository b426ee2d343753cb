import { recordChange } from "../audit/record-change.js";
import type { Store } from "../store/store.js";
import { findCostEntry } from "./cost-entries.js";
import { costChange } from "./create-cost-entry.js";

/** Removes a cost entry; removing one the workspace does not have changes nothing. */
export async function deleteCostEntry(store: Store, workspaceId: string, id: string): Promise<void> {
  await store.transaction(async () => {
    const before = await findCostEntry(store, workspaceId, id);
    if (!before) return;
    await store.run("DELETE FROM costs WHERE workspace_id = $ws AND cost_id = $id", { ws: workspaceId, id });
    await recordChange(store, costChange(workspaceId, before, undefined));
  });
}
