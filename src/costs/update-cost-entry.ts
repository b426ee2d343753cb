import type { Cost, CostInput } from "../api/costs.js";
import { recordChange } from "../audit/record-change.js";
import type { Store } from "../store/store.js";
import { findCostEntry } from "./cost-entries.js";
import { costChange } from "./create-cost-entry.js";

/** Replaces a cost entry's fields; undefined when the workspace has no entry with that id. */
export async function updateCostEntry(
  store: Store,
  workspaceId: string,
  id: string,
  cost: CostInput,
): Promise<Cost | undefined> {
  return store.transaction(async () => {
    const before = await findCostEntry(store, workspaceId, id);
    if (!before) return undefined;
    await store.run(
      `UPDATE costs SET date = CAST($date AS DATE), end_date = CAST($end_date AS DATE), category = $category, amount = $amount,
         currency = $currency, network = $network, campaign = $campaign, description = $description, recurrence = $recurrence
       WHERE workspace_id = $ws AND cost_id = $id`,
      { ...cost, id, ws: workspaceId },
    );
    const after = await findCostEntry(store, workspaceId, id);
    await recordChange(store, costChange(workspaceId, before, after));
    return after;
  });
}
