import { type ErrorCode, invalidField } from "../../api/errors.js";
import type { AppContext } from "../app.js";

/**
 * Amounts are converted with the workspace's currency rates; an amount in a currency without a
 * rate on its date would silently count as nothing, so it is refused with the reason.
 */
export async function requireRate(
  context: AppContext,
  currency: string,
  date: string | null,
  code: ErrorCode = "bad_request",
): Promise<void> {
  if (currency === context.workspace.currency) return;
  const rates = await context.store.all(
    `SELECT 1 FROM currency_rates WHERE workspace_id = $ws AND currency = $currency
       AND date <= coalesce(CAST($date AS DATE), current_date) LIMIT 1`,
    { ws: context.workspace.id, currency, date },
  );
  if (rates.length > 0) return;
  throw invalidField(
    "currency",
    `No ${currency} → ${context.workspace.currency} rate on or before ${date ?? "today"}: import a currency_rates file first, or enter the amount in ${context.workspace.currency}`,
    code,
  );
}
