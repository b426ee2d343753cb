import { z } from "zod";
import { COST_LINES_SQL } from "../costs/cost-lines.js";
import { fullCostByNetworkDay } from "../costs/full-cost.js";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import type { MmmSeries } from "./series.js";

/**
 * The series of a workspace: per day (or ISO week) the KPI from its conversions, each network's
 * ad spend as a channel, and each network's organic posts and their impressions as controls.
 */

export type StoreCadence = "day" | "week";

/** Revenue (sales less refunds, in the reporting currency), a count of leads or sales, or of any other conversion type. */
export type KpiName = "revenue" | "leads" | "sales" | (string & {});

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Ad spend per day and network: the cost lines of category ads, spread over their days and
 * converted as every cost figure is. Costs with no network belong to no channel. Parameters:
 * $ws, $from, $to, $currency.
 */
const adSpendQuery = defineQuery(
  "mmm/ad-spend-by-day",
  z.object({ day: DAY, network: z.string(), spend: z.number() }),
  {
    duckdb: castDateParams(
      `WITH ${COST_LINES_SQL}
       SELECT strftime(day, '%Y-%m-%d') AS day, network, CAST(sum(amount) AS DOUBLE) AS spend
       FROM cost_lines WHERE category = 'ads' AND network IS NOT NULL AND amount IS NOT NULL
       GROUP BY ALL`,
      ["from", "to"],
    ),
  },
);

/**
 * The KPI per day: with $revenue, sales less refunds in the reporting currency (a sale waiting
 * for a rate counts nowhere, as in every revenue figure); otherwise the count of conversions of
 * $type. Parameters: $ws, $from, $to, $currency, $revenue, $type.
 */
const kpiQuery = defineQuery("mmm/kpi-by-day", z.object({ day: DAY, kpi: z.number() }), {
  duckdb: castDateParams(
    `WITH ${PERIOD_FACTS_SQL}
     SELECT strftime(day, '%Y-%m-%d') AS day, CAST(sum(CASE
       WHEN $revenue THEN (CASE type WHEN 'sale' THEN amount WHEN 'refund' THEN -abs(amount) ELSE 0 END)
       WHEN type = $type THEN 1 ELSE 0 END) AS DOUBLE) AS kpi
     FROM period_conversions GROUP BY day`,
    ["from", "to"],
  ),
});

/**
 * Organic posts per day and network and their impressions (lifetime figures, dated by the
 * publish day). Paid posts are left out: their reach is bought by the ad spend, and controlling
 * for it would take the spend's effect away from the channel. Parameters: $ws, $from, $to, $currency.
 */
const organicQuery = defineQuery(
  "mmm/organic-posts-by-day",
  z.object({ day: DAY, network: z.string(), posts: z.number(), impressions: z.number() }),
  {
    duckdb: castDateParams(
      `WITH ${PERIOD_FACTS_SQL}
       SELECT strftime(day, '%Y-%m-%d') AS day, network, CAST(count(*) AS DOUBLE) AS posts,
         CAST(sum(impressions) AS DOUBLE) AS impressions
       FROM period_posts WHERE paid = 0 GROUP BY ALL`,
      ["from", "to"],
    ),
  },
);

const MS_PER_DAY = 86_400_000;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The first day of each period and the days it spans. Weeks are ISO weeks (Monday to Sunday)
 * lying wholly inside the period: a part week would look like a drop in spend and KPI alike.
 */
function periodStarts(period: Period, cadence: StoreCadence): { starts: number[]; length: number } {
  let first = dayNumber(period.from);
  const last = dayNumber(period.to);
  if (cadence === "week") {
    // Day 0 (1970-01-01) was a Thursday: Mondays are the days ≡ 4 modulo 7.
    first += (((4 - first) % 7) + 7) % 7;
  }
  const length = cadence === "week" ? 7 : 1;
  const starts: number[] = [];
  for (let start = first; start + length - 1 <= last; start += length) starts.push(start);
  return { starts, length };
}

/** Sums of a per-day value into the periods, keyed by name; days outside every period are dropped. */
function sumByPeriod(
  rows: readonly { day: string; key: string; value: number }[],
  starts: readonly number[],
  length: number,
): Map<string, number[]> {
  const sums = new Map<string, number[]>();
  const first = starts[0] ?? 0;
  for (const row of rows) {
    const index = Math.floor((dayNumber(row.day) - first) / length);
    if (index < 0 || index >= starts.length) continue;
    let values = sums.get(row.key);
    if (!values) {
      values = new Array<number>(starts.length).fill(0);
      sums.set(row.key, values);
    }
    values[index]! += row.value;
  }
  return new Map([...sums].sort(([a], [b]) => a.localeCompare(b)));
}

const COUNTED_TYPES: Record<string, string> = { leads: "lead", sales: "sale" };

/**
 * The workspace's series over the period. Channels are the networks with ad spend, or with
 * `fullCost` with any cost (their own and their share of the shared ones, as the ROI allocates
 * them); controls the networks' organic posts and impressions, where any were published. Days
 * without data count as zero. Too little of it is refused by the model (fitMmm), as a series
 * from a file is.
 */
export async function readStoreSeries(
  store: Store,
  workspace: Workspace,
  period: Period,
  kpi: KpiName,
  cadence: StoreCadence,
  options: { fullCost?: boolean } = {},
): Promise<MmmSeries> {
  const params = { ws: workspace.id, currency: workspace.currency, from: period.from, to: period.to };
  const [spends, kpis, organic] = await Promise.all([
    options.fullCost
      ? fullCostByNetworkDay(store, workspace, period).then((rows) =>
          rows.map(({ day, network, cost }) => ({ day, network, spend: cost })),
        )
      : runQuery(store, adSpendQuery, params),
    runQuery(store, kpiQuery, {
      ...params,
      revenue: kpi === "revenue",
      type: COUNTED_TYPES[kpi] ?? kpi,
    }),
    runQuery(store, organicQuery, params),
  ]);
  const { starts, length } = periodStarts(period, cadence);
  const spendByNetwork = sumByPeriod(
    spends.map((row) => ({ day: row.day, key: row.network, value: row.spend })),
    starts,
    length,
  );
  const kpiValues =
    sumByPeriod(
      kpis.map((row) => ({ day: row.day, key: "kpi", value: row.kpi })),
      starts,
      length,
    ).get("kpi") ?? new Array<number>(starts.length).fill(0);
  const organicControls = (measure: "posts" | "impressions") =>
    [
      ...sumByPeriod(
        organic.map((row) => ({ day: row.day, key: row.network, value: row[measure] })),
        starts,
        length,
      ),
    ]
      .filter(([, values]) => values.some((v) => v > 0))
      .map(([network, values]) => ({ name: `${measure}_${network}`, values }));
  return {
    dates: starts.map(isoDay),
    kpi: kpiValues,
    channels: [...spendByNetwork]
      .filter(([, values]) => values.some((v) => v > 0))
      .map(([network, spend]) => ({ name: network, spend })),
    controls: [...organicControls("posts"), ...organicControls("impressions")],
  };
}
