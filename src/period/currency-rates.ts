import { anyRow } from "../store/query.js";
import type { Store } from "../store/store.js";

/** Parameters: $ws, $currency, $day (null: today). */
const RATE_ON_OR_BEFORE = {
  duckdb: `SELECT 1 AS found FROM currency_rates WHERE workspace_id = $ws AND currency = $currency
       AND date <= coalesce(CAST($day AS DATE), current_date) LIMIT 1`,
};

/** Whether the workspace has a rate for `currency` on or before `day` (today when null). */
export async function hasRateOnOrBefore(
  store: Store,
  workspaceId: string,
  currency: string,
  day: string | null,
): Promise<boolean> {
  return anyRow(store, "period/rate-on-or-before", RATE_ON_OR_BEFORE, { ws: workspaceId, currency, day });
}
