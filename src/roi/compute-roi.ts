import type { ModelName } from "../attribution/types.js";
import type { AllocationRule, Workspace } from "../domain/workspace.js";
import { type RoiSums, roiRatios } from "../metrics/catalogue.js";
import type { Period } from "../period/data-period.js";
import type { Store } from "../store/store.js";
import { attributeRevenue } from "./attribute-revenue.js";
import { queryRoi, type RoiLevel, type RoiRow, roiScope } from "./roi-query.js";

export interface RoiReport {
  from: string;
  to: string;
  by: RoiLevel;
  currency: string;
  allocation_rule: AllocationRule;
  allocation_note: string;
  metrics_basis: string;
  revenue_attribution?: { model: string; scope: string; lookback_days: number; note: string };
  rows: RoiRow[];
  total: RoiRow;
}

export class RoiUsageError extends Error {
  override name = "RoiUsageError";
}

const ALLOCATION_NOTES: Record<AllocationRule, string> = {
  posts:
    "Shared costs (without a network or campaign) are allocated by each one's share of the posts published.",
  spend: "Shared costs are allocated by each one's share of the ad spend.",
  impressions: "Shared costs are allocated by each one's share of the impressions.",
  equal: "Shared costs are split equally between the networks or campaigns that published.",
  none: "Shared costs are not allocated: they appear on their own row, (unallocated).",
};

const METRICS_BASIS =
  "Impressions, reach, engagements and clicks are lifetime figures of the posts published in the period (dated by publish time); daily account figures are reported separately and never added to them.";

export interface RevenueModelOptions {
  /** Credit every identified customer's sales through their journeys with this model. */
  model?: ModelName;
  lookbackDays?: number;
}

export async function computeRoi(
  store: Store,
  workspace: Workspace,
  period: Period,
  by: RoiLevel,
  allocation: AllocationRule = workspace.allocation_rule,
  revenueModel: RevenueModelOptions = {},
): Promise<RoiReport> {
  if (revenueModel.model && (by === "month" || by === "post")) {
    throw new RoiUsageError(
      "an attribution model credits networks or campaigns: use it with --by network or --by campaign",
    );
  }
  const query = {
    workspaceId: workspace.id,
    ...period,
    currency: workspace.currency,
    allocation,
    level: by,
  };
  const scope = await roiScope(store, query);
  const attribution =
    by === "network" || by === "campaign"
      ? await attributeRevenue(
          store,
          workspace,
          period,
          by,
          scope.has_undirected_sales,
          revenueModel.model,
          revenueModel.lookbackDays,
        )
      : undefined;
  // Without a credited sale the rows need none of the passes that set credited sales apart.
  const credited = attribution?.credits.length ? attribution : undefined;
  const { rows, total = EMPTY_TOTAL } = await queryRoi(store, query, scope, credited);
  return {
    ...period,
    by,
    currency: workspace.currency,
    allocation_rule: allocation,
    allocation_note: ALLOCATION_NOTES[allocation],
    metrics_basis: METRICS_BASIS,
    revenue_attribution: attribution && {
      model: attribution.model,
      scope: attribution.scope,
      lookback_days: attribution.lookback_days,
      note:
        attribution.scope === "all"
          ? `Sales of identified customers are credited through their journeys with the ${attribution.model} model.`
          : "Sales are credited to the network or campaign of their tracked click or import; sales without one are credited to the last non-direct touch of the customer's journey.",
    },
    rows,
    total,
  };
}

const EMPTY_SUMS: RoiSums = {
  cost: 0,
  ad_spend: 0,
  revenue: 0,
  assigned_value: 0,
  value: 0,
  leads: 0,
  customers: 0,
  new_customers: 0,
  clicks: 0,
  impressions: 0,
  reach: 0,
  engagements: 0,
  posts: 0,
};
const EMPTY_TOTAL: RoiRow = { key: "total", ...EMPTY_SUMS, ...roiRatios(EMPTY_SUMS) };
