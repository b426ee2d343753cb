/**
 * The oracle for store-paths.ts: journeys built in JavaScript (`loadStoreJourneys`, rows read one
 * by one into `buildJourneys`) and aggregated per credit pass, as roi/attribute-revenue.ts did before
 * the database grouped them.
 */
import { z } from "zod";
import { CUSTOMER_CLICK_ROLLUP, CUSTOMER_CLICKS_SQL } from "../../src/attribution/click-touchpoints.js";
import {
  DEFAULT_EXCLUSIONS,
  IMPORTED_TOUCHPOINTS_SQL,
  journeySaleRowsSql,
  type StoreJourneyOptions,
  touchesFrom,
} from "../../src/attribution/store-journeys.js";
import type { StorePathOptions, StorePaths } from "../../src/attribution/store-paths.js";
import type { Journey } from "../../src/attribution/types.js";
import { type SocialChannel, socialChannel } from "../../src/channels/channel-grouping.js";
import type { Workspace } from "../../src/domain/workspace.js";
import type { Period } from "../../src/period/data-period.js";
import { defineQuery, runQuery } from "../../src/store/query.js";
import { castDateParams } from "../../src/store/sql-params.js";
import type { Store } from "../../src/store/store.js";
import {
  aggregateJourneys,
  buildJourneys,
  type ConversionInput,
  type TouchpointInput,
} from "./js-journeys.js";

export interface ClickTouchpoint {
  customerId: string;
  occurredAt: string;
  channel: SocialChannel;
  network: string | null;
  campaign: string | null;
}

const clickTouchpoints = defineQuery(
  "attribution/click-touchpoints",
  z.object({
    customer_id: z.string(),
    occurred_at: z.string(),
    utm_medium: z.string().nullable(),
    network: z.string().nullable(),
    campaign: z.string().nullable(),
  }),
  {
    duckdb: `WITH ${CUSTOMER_CLICKS_SQL}
     SELECT customer_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, utm_medium, network, campaign
     FROM customer_clicks ORDER BY customer_id, occurred_at`,
  },
  CUSTOMER_CLICK_ROLLUP,
);

/**
 * Tracked clicks of identified customers, as attribution touchpoints (see `CUSTOMER_CLICKS_SQL`).
 * `from` and `to` are UTC dates, both included.
 */
export async function listClickTouchpoints(
  store: Store,
  workspaceId: string,
  from: string,
  to: string,
): Promise<ClickTouchpoint[]> {
  const rows = await runQuery(store, clickTouchpoints, { ws: workspaceId, touches_from: from, to });
  return rows.map((row) => ({
    customerId: row.customer_id,
    occurredAt: row.occurred_at,
    channel: socialChannel(row.utm_medium),
    network: row.network,
    campaign: row.campaign,
  }));
}

/**
 * A sale that closes a journey: what it brought net of its refunds, and the customer it counts
 * for: `customerShare` is 1 / the customer's sales among the journeys, so credited shares add up to
 * customers; `newCustomer` when the customer bought nothing before the period.
 */
interface JourneySale {
  customerShare: number;
  newCustomer: boolean;
}

export interface StoreJourneys {
  /** Converting journeys carry `conversionId`, the index of their sale in `sales`. */
  journeys: Journey[];
  sales: JourneySale[];
}

const journeySaleRow = z.object({
  customer_id: z.string(),
  occurred_at: z.string(),
  amount: z.number(),
  customer_share: z.number(),
  new_customer: z.boolean(),
});

const importedTouchpoints = defineQuery(
  "attribution/imported-touchpoints",
  z.object({
    customer_id: z.string(),
    occurred_at: z.string(),
    channel: z.string(),
    network: z.string().nullable(),
    campaign: z.string().nullable(),
  }),
  {
    duckdb: `SELECT customer_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, channel, network, campaign
      FROM (${IMPORTED_TOUCHPOINTS_SQL})`,
  },
);

/**
 * The workspace's customer journeys for a period: imported touchpoints and tracked clicks, closed by
 * the period's sales (in the reporting currency, less their refunds in the period). Touches up to
 * the lookback window before the period count, so the first sales of the period keep their history.
 */
export async function loadStoreJourneys(
  store: Store,
  workspace: Workspace,
  period: Period,
  options: StoreJourneyOptions,
): Promise<StoreJourneys> {
  const journeySales = defineQuery(
    `attribution/journey-sales-${options.sales}-by-${options.level}`,
    journeySaleRow,
    {
      // Sales of one instant (to the millisecond, as JavaScript reads it) keep the order of their gross amounts.
      duckdb: castDateParams(
        `WITH ${journeySaleRowsSql(options)}
         SELECT buyer AS customer_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at,
           amount, customer_share, new_customer
         FROM journey_sale_rows ORDER BY buyer, occurred_at, gross_amount, conversion_id`,
        ["from", "to"],
      ),
    },
  );
  const sales = await runQuery(store, journeySales, {
    ws: workspace.id,
    currency: workspace.currency,
    ...period,
  });
  if (sales.length === 0) return { journeys: [], sales: [] };
  const earliest = touchesFrom(period, options.lookbackDays);
  const imported = await runQuery(store, importedTouchpoints, {
    ws: workspace.id,
    touches_from: earliest,
    to: period.to,
  });
  const clicks = await listClickTouchpoints(store, workspace.id, earliest, period.to);
  const touchpoints: TouchpointInput[] = [
    ...imported.map((t) => ({
      customerId: t.customer_id,
      occurredAt: t.occurred_at,
      channel: t.channel,
      network: t.network,
      campaign: t.campaign,
    })),
    ...clicks,
  ];
  const conversions: ConversionInput[] = sales.map((s, index) => ({
    customerId: s.customer_id,
    occurredAt: s.occurred_at,
    value: s.amount,
    // Zero-padded, so that sorting ids keeps the order the query gave sales of the same instant.
    conversionId: String(index).padStart(12, "0"),
  }));
  const level = options.level === "channel_group" ? "channel" : options.level;
  const journeys = buildJourneys(touchpoints, conversions, {
    lookbackDays: options.lookbackDays,
    level,
    exclude: DEFAULT_EXCLUSIONS,
  });
  return {
    journeys,
    sales: sales.map((s) => ({ customerShare: s.customer_share, newCustomer: s.new_customer })),
  };
}

export async function storePathsInJavaScript(
  store: Store,
  workspace: Workspace,
  period: Period,
  options: StorePathOptions,
): Promise<StorePaths> {
  const { journeys, sales } = await loadStoreJourneys(store, workspace, period, options);
  const saleOf = (journey: Journey) =>
    journey.conversionId === undefined ? undefined : sales[Number(journey.conversionId)];
  const valuedBy = (amountOf: (journey: Journey) => number) =>
    aggregateJourneys(
      journeys.map((journey) => ({ ...journey, value: amountOf(journey) })),
      options.halfLifeDays,
    );
  return {
    revenue: valuedBy((journey) => journey.value),
    customers: valuedBy((journey) => saleOf(journey)?.customerShare ?? 0),
    new_customers: valuedBy((journey) => {
      const sale = saleOf(journey);
      return sale?.newCustomer ? sale.customerShare : 0;
    }),
  };
}
