import type { Store } from "../store/store.js";

/**
 * `customer_first_clicks`, written here alone: a customer keeps the click that first brought them,
 * once one is known, and it is never replaced (tracked conversions without a click id are credited
 * to it).
 */

/** The first click of a customer whose conversion names one, when they have none yet. */
export async function rememberFirstClick(
  store: Store,
  workspaceId: string,
  customerId: string,
  clickId: string,
): Promise<void> {
  await store.run(
    `INSERT INTO customer_first_clicks (workspace_id, customer_id, first_click_id)
     SELECT $ws, $customer, $click
     WHERE NOT EXISTS (SELECT 1 FROM customer_first_clicks WHERE workspace_id = $ws AND customer_id = $customer)`,
    { ws: workspaceId, customer: customerId, click: clickId },
  );
}

/**
 * After an import of conversions: the earliest click of each customer who has none yet; of the
 * customers of the import's rows (`importId`) when told, since every write to conversions ends
 * here or in `rememberFirstClick`, so a customer of another row with a click has one already.
 */
export async function rememberFirstClicks(
  store: Store,
  workspaceId: string,
  importId?: string,
): Promise<void> {
  const ofImport = importId
    ? "AND customer_id IN (SELECT customer_id FROM conversions WHERE workspace_id = $ws AND import_id = $import)"
    : "";
  await store.run(
    `INSERT INTO customer_first_clicks (workspace_id, customer_id, first_click_id)
     SELECT $ws, customer_id, arg_min(click_id, occurred_at)
     FROM conversions c WHERE workspace_id = $ws AND customer_id IS NOT NULL AND click_id IS NOT NULL ${ofImport}
       AND NOT EXISTS (SELECT 1 FROM customer_first_clicks k WHERE k.workspace_id = $ws AND k.customer_id = c.customer_id)
     GROUP BY customer_id`,
    { ws: workspaceId, ...(importId ? { import: importId } : {}) },
  );
}
