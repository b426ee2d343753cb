import type { Cost, CostInput } from "../api/costs.js";
import { type Change, recordChange } from "../audit/record-change.js";
import { newId } from "../domain/ids.js";
import type { Store } from "../store/store.js";
import { findCostEntry } from "./cost-entries.js";

/** A cost's audit entry: created (no before), changed, or deleted (no after). */
export function costChange(workspaceId: string, before: Cost | undefined, after: Cost | undefined): Change {
  return { workspaceId, object: "cost", objectId: (before ?? after)?.cost_id, before, after };
}

/** A cost typed in (the dashboard, the API): stored beside the imported ones, editable alike. */
export async function createCostEntry(store: Store, workspaceId: string, cost: CostInput): Promise<Cost> {
  const id = newId("cst");
  return store.transaction(async () => {
    await store.run(
      `INSERT INTO costs (cost_id, workspace_id, date, end_date, category, amount, currency, network, campaign, description, recurrence)
       VALUES ($id, $ws, CAST($date AS DATE), CAST($end_date AS DATE), $category, $amount, $currency, $network, $campaign, $description, $recurrence)`,
      { ...cost, id, ws: workspaceId },
    );
    const created = await findCostEntry(store, workspaceId, id);
    if (!created) throw new Error(`cost ${id} was not stored`);
    await recordChange(store, costChange(workspaceId, undefined, created));
    return created;
  });
}
