import { aggregateJourneys } from "../attribution/aggregate.js";
import { computeAttribution } from "../attribution/index.js";
import { loadStoreJourneys } from "../attribution/store-journeys.js";
import type { ModelName } from "../attribution/types.js";
import type { Workspace } from "../domain/workspace.js";
import type { Store } from "../store/store.js";
import type { Period } from "./data-period.js";

export const UNATTRIBUTED_KEY = "(unattributed)";
export const DEFAULT_LOOKBACK_DAYS = 30;

export interface RevenueAttribution {
  /** The model that credited journeys' sales; the default credits direct clicks first, then the last non-direct touch. */
  model: ModelName;
  /** all: every sale of an identified customer goes through the model; undirected: only sales with no direct network/campaign. */
  scope: "all" | "undirected";
  lookback_days: number;
  credits: { key: string; revenue: number }[];
}

/**
 * Revenue credited to networks or campaigns from customer journeys. Sales whose journey has no
 * touch left in the window are credited to "(unattributed)", so totals never change.
 * `undirectedSales`: whether the period may have identified sales without a direct network or
 * campaign (see `undirectedSalesSql`); without a model, only those are credited through journeys.
 */
export async function attributeRevenue(
  store: Store,
  workspace: Workspace,
  period: Period,
  level: "network" | "campaign",
  undirectedSales: boolean,
  model?: ModelName,
  lookbackDays = DEFAULT_LOOKBACK_DAYS,
): Promise<RevenueAttribution> {
  const scope = model ? "all" : "undirected";
  const chosen = model ?? "last_non_direct";
  if (scope === "undirected" && !undirectedSales) {
    return { model: chosen, scope, lookback_days: lookbackDays, credits: [] };
  }
  const journeys = await loadStoreJourneys(store, workspace, period, { lookbackDays, level, sales: scope });
  const aggregated = aggregateJourneys(journeys);
  const [result] = computeAttribution(aggregated, { models: [chosen] }).models;
  const credits = (result?.channels ?? [])
    .filter((c) => c.value !== 0)
    .map((c) => ({ key: c.channel, revenue: c.value }));
  if (aggregated.unattributedValue !== 0)
    credits.push({ key: UNATTRIBUTED_KEY, revenue: aggregated.unattributedValue });
  return { model: chosen, scope, lookback_days: lookbackDays, credits };
}

/**
 * A cheap look before loading journeys, as most workspaces credit every sale directly: true when
 * identified sales without the level's column fall in the period. Parameters: $ws, $from, $to.
 */
export function undirectedSalesSql(level: "network" | "campaign"): string {
  return `EXISTS (SELECT 1 FROM conversions WHERE workspace_id = $ws AND type = 'sale' AND customer_id IS NOT NULL AND ${level} IS NULL
       AND local_day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE))`;
}
