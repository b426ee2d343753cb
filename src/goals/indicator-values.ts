import { z } from "zod";
import type { Workspace } from "../domain/workspace.js";
import { customerCare } from "../insights/customer-care.js";
import { ROI_RATIOS, type RoiRatioId, ratio } from "../metrics/catalogue.js";
import type { GoalIndicator } from "../metrics/goal-catalogue.js";
import type { Period } from "../period/data-period.js";
import { computeFunnel, type Funnel } from "../roi/compute-funnel.js";
import { computeRoi, type RoiReport } from "../roi/compute-roi.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";

const accountFiguresSchema = z.object({
  followers_start: z.number().nullable(),
  followers_end: z.number().nullable(),
  mentions: z.number(),
  positive_mentions: z.number(),
  negative_mentions: z.number(),
  shares: z.number(),
});
type AccountFigures = z.infer<typeof accountFiguresSchema>;

/**
 * Parameters: $ws, $tz, $network (all when null), $from, $to. A network whose mentions of the
 * period were imported one by one has its mentions counted from them (customerCare), not from
 * its account days' daily totals: those are left out here, so no mention counts twice.
 */
const accountFiguresQuery = defineQuery("goals/account-figures", accountFiguresSchema, {
  duckdb: castDateParams(
    `WITH days AS (SELECT * FROM account_days WHERE workspace_id = $ws AND ($network IS NULL OR network = $network)),
     mentioned AS (
       SELECT DISTINCT network FROM mentions WHERE workspace_id = $ws
         AND CAST(timezone($tz, occurred_at) AS DATE) BETWEEN $from AND $to),
     per_network AS (
       SELECT network, network IN (SELECT network FROM mentioned) AS mentions_imported,
         arg_max(followers, date) FILTER (WHERE date < $from AND followers IS NOT NULL) AS before,
         arg_min(followers, date) FILTER (WHERE date BETWEEN $from AND $to AND followers IS NOT NULL) AS first_in,
         arg_max(followers, date) FILTER (WHERE date <= $to AND followers IS NOT NULL) AS last_in,
         sum(mentions) FILTER (WHERE date BETWEEN $from AND $to) AS mentions,
         sum(positive_mentions) FILTER (WHERE date BETWEEN $from AND $to) AS positive_mentions,
         sum(negative_mentions) FILTER (WHERE date BETWEEN $from AND $to) AS negative_mentions
       FROM days GROUP BY network)
     SELECT sum(coalesce(before, first_in)) AS followers_start, sum(last_in) AS followers_end,
       coalesce(sum(mentions) FILTER (WHERE NOT mentions_imported), 0) AS mentions,
       coalesce(sum(positive_mentions) FILTER (WHERE NOT mentions_imported), 0) AS positive_mentions,
       coalesce(sum(negative_mentions) FILTER (WHERE NOT mentions_imported), 0) AS negative_mentions,
       (SELECT coalesce(sum(shares), 0) FROM posts WHERE workspace_id = $ws AND ($network IS NULL OR network = $network)
         AND local_day BETWEEN $from AND $to) AS shares
     FROM per_network`,
    ["from", "to"],
  ),
});

async function accountFigures(
  store: Store,
  workspace: Workspace,
  period: Period,
  network: string | null,
): Promise<AccountFigures> {
  const [row] = await runQuery(store, accountFiguresQuery, {
    ws: workspace.id,
    tz: workspace.timezone,
    network,
    ...period,
  });
  const days = row ?? {
    followers_start: null,
    followers_end: null,
    mentions: 0,
    positive_mentions: 0,
    negative_mentions: 0,
    shares: 0,
  };
  // Each mention with its class: the user's where one corrected it, else the model's.
  const counted = await customerCare(store, workspace, period, network ?? undefined);
  return {
    ...days,
    mentions: days.mentions + counted.mentions,
    positive_mentions: days.positive_mentions + counted.positive_mentions,
    negative_mentions: days.negative_mentions + counted.negative_mentions,
  };
}

/** A period's ROI by network and funnel: the goals of every network in that period read their row. */
export interface PeriodFigures {
  roi: RoiReport;
  funnel: Funnel;
}

export async function periodFigures(
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<PeriodFigures> {
  const roi = await computeRoi(store, workspace, period, "network");
  return { roi, funnel: await computeFunnel(store, workspace, period) };
}

/**
 * Every goal indicator's value over a period, for all networks or one: the same figures as `roi`
 * and `funnel` (`figures`, of the same period), plus account-level ones (followers, mentions).
 * Unknown indicators are absent.
 */
export async function indicatorValues(
  store: Store,
  workspace: Workspace,
  period: Period,
  network: string | null,
  { roi, funnel }: PeriodFigures,
): Promise<Record<GoalIndicator, number | null>> {
  const row = network ? roi.rows.find((r) => r.key === network) : roi.total;
  const funnelRow = network ? funnel.rows.find((r) => r.network === network) : funnel.total;
  const account = await accountFigures(store, workspace, period, network);
  const denominator = { impressions: row?.impressions, reach: row?.reach, followers: account.followers_end }[
    workspace.engagement_denominator
  ];
  return {
    impressions: row?.impressions ?? 0,
    reach: row ? row.reach : 0,
    engagements: row?.engagements ?? 0,
    clicks: row?.clicks ?? 0,
    leads: row?.leads ?? 0,
    customers: row?.customers ?? 0,
    revenue: row?.revenue ?? 0,
    value: row?.value ?? 0,
    assigned_value: row?.assigned_value ?? 0,
    cost: row?.cost ?? 0,
    ...(Object.fromEntries(ROI_RATIOS.map((m) => [m.id, row?.[m.id] ?? null])) as Record<
      RoiRatioId,
      number | null
    >),
    engagement_rate: ratio(row?.engagements, denominator),
    traffic: funnelRow?.traffic ?? 0,
    conversion_rate: funnelRow?.customer_rate ?? null,
    shares: account.shares,
    mentions: account.mentions,
    positive_mentions: account.positive_mentions,
    negative_mentions: account.negative_mentions,
    followers: account.followers_end,
    follower_growth_rate:
      account.followers_end === null || account.followers_start === null
        ? null
        : ratio(account.followers_end - account.followers_start, account.followers_start),
  };
}
