import type { Store } from "../store/store.js";

/** Whether the workspace has a rate for `currency` on or before `day` (today when null). */
export async function hasRateOnOrBefore(
  store: Store,
  workspaceId: string,
  currency: string,
  day: string | null,
): Promise<boolean> {
  const rates = await store.all(
    `SELECT 1 FROM currency_rates WHERE workspace_id = $ws AND currency = $currency
       AND date <= coalesce(CAST($day AS DATE), current_date) LIMIT 1`,
    { ws: workspaceId, currency, day },
  );
  return rates.length > 0;
}
