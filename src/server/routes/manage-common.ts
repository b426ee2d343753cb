import { type ErrorCode, invalidField } from "../../api/errors.js";
import type { Workspace } from "../../domain/workspace.js";
import { hasRateOnOrBefore } from "../../period/currency-rates.js";
import type { Store } from "../../store/store.js";

/**
 * Amounts are converted with the workspace's currency rates; an amount in a currency without a
 * rate on its date would silently count as nothing, so it is refused with the reason.
 */
export async function requireRate(
  store: Store,
  workspace: Workspace,
  currency: string,
  date: string | null,
  code: ErrorCode = "bad_request",
): Promise<void> {
  if (currency === workspace.currency) return;
  if (await hasRateOnOrBefore(store, workspace.id, currency, date)) return;
  throw invalidField(
    "currency",
    `No ${currency} → ${workspace.currency} rate on or before ${date ?? "today"}: import a currency_rates file first, or enter the amount in ${workspace.currency}`,
    code,
  );
}
