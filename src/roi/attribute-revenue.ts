import { DEFAULT_LOOKBACK_DAYS } from "../api/attribution.js";
import type { AggregatedPaths } from "../attribution/aggregate.js";
import { computeAttribution } from "../attribution/index.js";
import { loadStorePaths } from "../attribution/store-paths.js";
import type { ModelName } from "../attribution/types.js";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import type { Store } from "../store/store.js";

const UNATTRIBUTED_KEY = "(unattributed)";

export interface RevenueAttribution {
  /** The model that credited journeys' sales; the default credits direct clicks first, then the last non-direct touch. */
  model: ModelName;
  /** all: every sale of an identified customer goes through the model; undirected: only sales with no direct network/campaign. */
  scope: "all" | "undirected";
  lookback_days: number;
  credits: Credit[];
}

/**
 * What the journeys credit a key with: revenue net of refunds, and the customers (and new
 * customers) of the credited sales, shared out by the same model, so that a key's CPA divides its
 * cost by the customers it is credited with.
 */
interface Credit {
  key: string;
  revenue: number;
  customers: number;
  new_customers: number;
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
  const paths = await loadStorePaths(store, workspace, period, { lookbackDays, level, sales: scope });
  const creditBy = (aggregated: AggregatedPaths) => {
    const [result] = computeAttribution(aggregated, { models: [chosen] }).models;
    const credited = new Map((result?.channels ?? []).map((c) => [c.channel, c.value]));
    if (aggregated.unattributedValue !== 0) credited.set(UNATTRIBUTED_KEY, aggregated.unattributedValue);
    return credited;
  };
  const revenue = creditBy(paths.revenue);
  const customers = creditBy(paths.customers);
  const newCustomers = creditBy(paths.new_customers);
  const credits = [...new Set([...revenue.keys(), ...customers.keys()])]
    .map((key) => ({
      key,
      revenue: revenue.get(key) ?? 0,
      customers: customers.get(key) ?? 0,
      new_customers: newCustomers.get(key) ?? 0,
    }))
    .filter((c) => c.revenue !== 0 || c.customers !== 0);
  return { model: chosen, scope, lookback_days: lookbackDays, credits };
}

/**
 * A cheap look before loading journeys, as most workspaces credit every sale directly: the
 * condition, over the workspace's counts by day (a few thousand rows where `conversions` has
 * millions), of sales without the level's column in the period; when those sales have no customer,
 * the journeys find none to credit. Parameters: $from, $to.
 */
export function undirectedSaleDaySql(level: "network" | "campaign"): string {
  return `type = 'sale' AND ${level} IS NULL AND local_day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)`;
}
