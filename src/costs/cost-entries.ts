import { type Cost, costSchema } from "../api/costs.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

const COST_COLUMNS = `cost_id, strftime(date, '%Y-%m-%d') AS date, strftime(end_date, '%Y-%m-%d') AS end_date,
  category, amount, currency, network, campaign, description, recurrence, import_id`;

/** Every cost entry of the workspace, typed in or imported, newest first. Parameters: $ws. */
const costEntries = defineQuery("costs/entries", costSchema, {
  duckdb: `SELECT ${COST_COLUMNS} FROM costs WHERE workspace_id = $ws ORDER BY date DESC, category, cost_id`,
});

/** One cost entry. Parameters: $ws, $id. */
const costEntry = defineQuery("costs/entry", costSchema, {
  duckdb: `SELECT ${COST_COLUMNS} FROM costs WHERE workspace_id = $ws AND cost_id = $id`,
});

export function listCostEntries(store: Store, workspaceId: string): Promise<Cost[]> {
  return runQuery(store, costEntries, { ws: workspaceId });
}

/** The entry, or undefined when the workspace has none with that id. */
export async function findCostEntry(
  store: Store,
  workspaceId: string,
  id: string,
): Promise<Cost | undefined> {
  const [cost] = await runQuery(store, costEntry, { ws: workspaceId, id });
  return cost;
}
