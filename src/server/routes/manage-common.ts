import { z } from "zod";
import { amountField, dayField } from "../../domain/input-bounds.js";
import { NETWORK_ID_PATTERN, normalizeNetwork } from "../../domain/network.js";
import type { AppContext } from "../app.js";

/** Form fields left empty arrive as "" or null: both mean "not set". */
const blankToNull = (value: unknown) => (value === "" || value === undefined ? null : value);

export const optionalText = z.preprocess(blankToNull, z.string().trim().max(500).nullable());
export const optionalDate = z.preprocess(blankToNull, dayField.nullable());
export const optionalAmount = z.preprocess(blankToNull, amountField.nullable());
export const optionalNetwork = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? normalizeNetwork(value) : null),
  z.string().regex(NETWORK_ID_PATTERN, "a network id such as facebook, instagram or linkedin").nullable(),
);

/**
 * Amounts are converted with the workspace's currency rates; an amount in a currency without a
 * rate on its date would silently count as nothing, so it is refused with the reason.
 */
export async function missingRateProblem(
  context: AppContext,
  currency: string,
  date: string | null,
): Promise<string | undefined> {
  if (currency === context.workspace.currency) return undefined;
  const rates = await context.store.all(
    `SELECT 1 FROM currency_rates WHERE workspace_id = $ws AND currency = $currency
       AND date <= coalesce(CAST($date AS DATE), current_date) LIMIT 1`,
    { ws: context.workspace.id, currency, date },
  );
  return rates.length > 0
    ? undefined
    : `No ${currency} → ${context.workspace.currency} rate on or before ${date ?? "today"}: import a currency_rates file first, or enter the amount in ${context.workspace.currency}`;
}

/** The same answer shape as parseBody's, so the dashboard shows every refusal the same way. */
export function invalid(path: string, message: string) {
  return { error: "Invalid body", issues: [{ path, message }] };
}
