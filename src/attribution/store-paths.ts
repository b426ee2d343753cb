import { z } from "zod";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { defineQuery, runQueryForOne } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import {
  type AggregatedPaths,
  channelNumbers,
  DEFAULT_HALF_LIFE_DAYS,
  MS_PER_DAY,
  pathsFromLists,
} from "./aggregate.js";
import {
  CUSTOMER_CLICK_ROLLUP,
  CUSTOMER_CLICKS_SQL,
  clickChannelSql,
  paidClickMediums,
} from "./click-touchpoints.js";
import { WHITESPACE } from "./read-sql.js";
import {
  DEFAULT_EXCLUSIONS,
  IMPORTED_TOUCHPOINTS_SQL,
  journeySaleRowsSql,
  type StoreJourneyOptions,
  touchesFrom,
} from "./store-journeys.js";

/**
 * What a sale's journey is valued by in each credit pass: its revenue net of refunds, its customer
 * share, and that share again when the customer is new (else 0).
 */
const MEASURES = ["revenue", "customers", "new_customers"] as const;
type Measure = (typeof MEASURES)[number];

/** The same journeys' unique paths under each measure: only the values differ. */
export type StorePaths = Record<Measure, AggregatedPaths>;

export interface StorePathOptions extends StoreJourneyOptions {
  halfLifeDays?: number;
}

/** The channel a touch is credited as, at each level: a touch without the level's name keeps its channel's. */
const LEVEL_NAME: Record<StoreJourneyOptions["level"], string> = {
  network: "coalesce(network, channel)",
  campaign: "coalesce(campaign, channel)",
  channel_group: "channel",
};

/** A SQL list of `figure` for each measure, in the order of MEASURES. */
function perMeasure(figure: (measure: Measure) => string): string {
  return `[${MEASURES.map(figure).join(", ")}]`;
}

/**
 * The statement behind `loadStorePaths`, building journeys as the JavaScript it replaced did
 * (`buildJourneys`, kept as the oracle in test/attribution/js-journeys.ts): each touch
 * (imported or a tracked click, at the level, exclusions dropped) joins the journey of its
 * customer's first sale at or after it; of the sales at one instant the first in the order
 * the oracle's `loadStoreJourneys` gives them takes the touches (the others' journeys are empty, so unattributed);
 * touches after a customer's last sale make a journey without conversion. Touches older than the
 * lookback before the sale, or without one before the journey's last touch, are dropped. Journeys
 * are then grouped into unique paths (channels as their numbers, `'0,3,1'`) handed over as one row
 * of aligned lists, with each channel's time-decay credit.
 */
function storePathsSql(options: StoreJourneyOptions): string {
  const name = LEVEL_NAME[options.level];
  const sums = (expression: (measure: Measure) => string) =>
    MEASURES.map((measure) => `${expression(measure)} AS ${measure}`).join(", ");
  return castDateParams(
    `WITH ${journeySaleRowsSql(options)}, ${CUSTOMER_CLICKS_SQL},
  sales AS MATERIALIZED (
    SELECT buyer AS customer_id, epoch_ms(occurred_at) AS t, amount AS revenue, customer_share AS customers,
      CASE WHEN new_customer THEN customer_share ELSE 0 END AS new_customers,
      row_number() OVER (PARTITION BY buyer, epoch_ms(occurred_at) ORDER BY gross_amount, conversion_id) = 1 AS closes
    FROM journey_sale_rows),
  touch_rows AS NOT MATERIALIZED (
    SELECT customer_id, occurred_at, ${name} AS name, channel FROM (
      ${IMPORTED_TOUCHPOINTS_SQL}
      UNION ALL
      SELECT customer_id, occurred_at, ${clickChannelSql("utm_medium")}, network, campaign FROM customer_clicks)),
  -- A workspace has few names: trimmed and tested once each, they cost far less than once a touch. The
  -- work is done over the list of them, where the optimizer cannot move it back onto every touch.
  names AS (
    SELECT unnest(list_transform(pairs, pair -> {
        'name': pair.name, 'channel': pair.channel, 'credited': trim(pair.name, $whitespace),
        'excluded': list_contains($exclude, lower(trim(pair.name, $whitespace)))
          OR list_contains($exclude, lower(trim(pair.channel, $whitespace)))}), recursive := true)
    FROM (SELECT list(DISTINCT {'name': name, 'channel': channel}) AS pairs FROM touch_rows)),
  -- Touches carry their name's place in name order, so journeys sort and group numbers, not texts.
  name_order AS (
    SELECT credited, row_number() OVER (ORDER BY credited)::INTEGER AS place
    FROM (SELECT DISTINCT credited FROM names WHERE NOT excluded)),
  touches AS (
    SELECT customer_id, epoch_ms(occurred_at) AS t, place
    FROM touch_rows JOIN names USING (name, channel) JOIN name_order USING (credited)
    -- Without a sale there is no journey to credit, not even one without conversion.
    WHERE NOT excluded AND EXISTS (SELECT 1 FROM sales)),
  -- Touches and the instants that close journeys in one stream per customer, a touch before a
  -- closing of its instant: a touch's journey closes at the first closing at or after it.
  placed AS (
    SELECT customer_id, t, place, min(closing) OVER following AS closing,
      max(CASE WHEN place IS NOT NULL THEN t END) OVER (PARTITION BY customer_id) AS last_touch
    FROM (
      SELECT customer_id, t, place, NULL::BIGINT AS closing FROM touches
      UNION ALL SELECT customer_id, t, NULL, t FROM sales WHERE closes)
    WINDOW following AS (
      PARTITION BY customer_id ORDER BY t, closing NULLS FIRST ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)),
  -- The touches after a customer's last sale have no closing: their journey's last touch stands in for it.
  kept AS MATERIALIZED (
    SELECT customer_id, t, place, closing FROM placed
    WHERE place IS NOT NULL AND t >= coalesce(closing, last_touch) - CAST($lookback_ms AS DOUBLE)),
  journeys AS MATERIALIZED (
    SELECT customer_id, closing, list_transform(list_sort(list({'t': t, 'place': place})), touch -> touch.place) AS path
    FROM kept GROUP BY customer_id, closing),
  journey_figures AS MATERIALIZED (
    SELECT CASE WHEN s.closes THEN coalesce(j.path, []) ELSE [] END AS path, 1 AS conversions, 0 AS nulls,
      ${MEASURES.join(", ")}
    FROM sales s LEFT JOIN journeys j ON j.customer_id = s.customer_id AND j.closing = s.t
    UNION ALL
    SELECT path, 0, 1, ${sums(() => "0")} FROM journeys WHERE closing IS NULL),
  unique_paths AS (
    SELECT path, sum(conversions) AS conversions, sum(nulls) AS nulls, ${sums((measure) => `sum(${measure})`)}
    FROM journey_figures WHERE len(path) > 0 GROUP BY path),
  -- The channels the kept touches name, numbered from 0 for the hand-over.
  dictionary AS (
    SELECT place, credited AS channel, (row_number() OVER (ORDER BY place) - 1)::INTEGER AS id
    FROM (SELECT DISTINCT place FROM kept) JOIN name_order USING (place)),
  lookup AS (SELECT list(id ORDER BY place) AS ids FROM name_order LEFT JOIN dictionary USING (place)),
  ranked AS (
    SELECT list_transform(path, place -> ids[place]) AS numbers, *, row_number() OVER (ORDER BY path) AS rank
    FROM unique_paths, lookup),
  unattributed AS (
    SELECT count(*) AS conversions, ${sums((measure) => `coalesce(sum(${measure}), 0)`)}
    FROM journey_figures WHERE len(path) = 0 AND conversions > 0),
  weights AS (
    SELECT customer_id, closing, place, pow(2, -(closing - t) / CAST($half_life_ms AS DOUBLE)) AS weight
    FROM kept WHERE closing IS NOT NULL),
  shares AS (
    SELECT customer_id, closing, place, weight / sum(weight) OVER (PARTITION BY customer_id, closing) AS share
    FROM weights),
  decay AS (
    SELECT place, sum(share) AS conversions, ${sums((measure) => `sum(share * ${measure})`)}
    FROM shares x JOIN sales s ON s.customer_id = x.customer_id AND s.t = x.closing AND s.closes
    GROUP BY place)
SELECT
  (SELECT coalesce(list(array_to_string(numbers, ',') ORDER BY rank), []) FROM ranked) AS paths,
  (SELECT coalesce(list(conversions::DOUBLE ORDER BY rank), []) FROM ranked) AS path_conversions,
  (SELECT coalesce(list(nulls::DOUBLE ORDER BY rank), []) FROM ranked) AS path_nulls,
  (SELECT ${perMeasure((measure) => `coalesce(list(${measure}::DOUBLE ORDER BY rank), [])`)} FROM ranked) AS path_values,
  (SELECT coalesce(list(channel ORDER BY id), []) FROM dictionary) AS channels,
  (SELECT coalesce(list(coalesce(decay.conversions, 0)::DOUBLE ORDER BY id), []) FROM dictionary LEFT JOIN decay USING (place))
    AS decay_conversions,
  (SELECT ${perMeasure((measure) => `coalesce(list(coalesce(decay.${measure}, 0)::DOUBLE ORDER BY id), [])`)}
    FROM dictionary LEFT JOIN decay USING (place)) AS decay_values,
  (SELECT count(*)::DOUBLE FROM journeys WHERE closing IS NOT NULL) AS converting,
  conversions::DOUBLE AS unattributed_conversions, ${perMeasure((measure) => `${measure}::DOUBLE`)} AS unattributed_values
FROM unattributed`,
    ["from", "to"],
  );
}

const numbers = z.array(z.number());
const STORE_PATHS_ROW = z.object({
  paths: z.array(z.string()),
  path_conversions: numbers,
  path_nulls: numbers,
  /** One list per measure, in the order of MEASURES. */
  path_values: z.array(numbers),
  channels: z.array(z.string()),
  decay_conversions: numbers,
  decay_values: z.array(numbers),
  /** Sales whose journey kept a touch. */
  converting: z.number(),
  unattributed_conversions: z.number(),
  unattributed_values: numbers,
});

/**
 * The period's customer journeys from the store (imported touchpoints and tracked clicks, closed by
 * the period's sales in the reporting currency, less their refunds; touches up to the lookback
 * window before the period count, so its first sales keep their history), built and grouped into
 * unique paths by the database.
 */
export async function loadStorePaths(
  store: Store,
  workspace: Workspace,
  period: Period,
  options: StorePathOptions,
): Promise<StorePaths> {
  const halfLifeDays = options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
  const query = defineQuery(
    `attribution/store-paths-${options.sales}-by-${options.level}`,
    STORE_PATHS_ROW,
    { duckdb: storePathsSql(options) },
    CUSTOMER_CLICK_ROLLUP,
  );
  const grouped = await runQueryForOne(store, query, {
    ws: workspace.id,
    currency: workspace.currency,
    ...period,
    touches_from: touchesFrom(period, options.lookbackDays),
    paid_mediums: await paidClickMediums(store, workspace.id),
    exclude: DEFAULT_EXCLUSIONS,
    whitespace: WHITESPACE,
    lookback_ms: options.lookbackDays * MS_PER_DAY,
    half_life_ms: halfLifeDays * MS_PER_DAY,
  });
  const channels = channelNumbers(grouped.paths);
  const valuedBy = (measure: number): AggregatedPaths =>
    pathsFromLists(
      grouped.channels,
      {
        channels,
        conversions: grouped.path_conversions,
        values: grouped.path_values[measure]!,
        nulls: grouped.path_nulls,
      },
      { conversions: grouped.decay_conversions, value: grouped.decay_values[measure]! },
      {
        unattributedConversions: grouped.unattributed_conversions,
        unattributedValue: grouped.unattributed_values[measure]!,
        halfLifeDays,
        journeysWithoutTimes: 0,
        convertingJourneys: grouped.converting,
      },
    );
  return Object.fromEntries(MEASURES.map((measure, i) => [measure, valuedBy(i)])) as StorePaths;
}
