import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../roi/data-period.js";
import { PERIOD_FACTS_SQL } from "../roi/period-facts.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { listClickTouchpoints } from "../tracking/click-touchpoints.js";
import { buildJourneys, type ConversionInput, type TouchpointInput } from "./journeys.js";
import type { Journey } from "./types.js";

/** Touches that are not a marketing choice: credit never goes to them when another touch exists. */
export const DEFAULT_EXCLUSIONS = ["direct", "(direct)", "stripe", "paypal", "checkout.stripe.com"];

export interface StoreJourneyOptions {
  lookbackDays: number;
  level: "network" | "campaign" | "channel_group";
  /** Which sales close journeys: all sales of identified customers, or only those with no direct credit at `level`. */
  sales: "all" | "undirected";
}

/**
 * The workspace's customer journeys for a period: imported touchpoints and tracked clicks, closed by
 * the period's sales (in the reporting currency). Touches up to the lookback window before the
 * period count, so the first sales of the period keep their history.
 */
export async function loadStoreJourneys(
  store: Store,
  workspace: Workspace,
  period: Period,
  options: StoreJourneyOptions,
): Promise<Journey[]> {
  const directColumn = options.level === "campaign" ? "campaign" : "network";
  const sales = await store.all<{ customer_id: string; occurred_at: string; amount: number; n: number }>(
    castDateParams(
      `WITH ${PERIOD_FACTS_SQL}
       SELECT buyer AS customer_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, amount,
         row_number() OVER (ORDER BY buyer, occurred_at, amount) AS n
       FROM period_conversions WHERE type = 'sale' AND has_customer ${options.sales === "undirected" ? `AND ${directColumn} IS NULL` : ""}`,
      ["from", "to"],
    ),
    { ws: workspace.id, currency: workspace.currency, ...period },
  );
  if (sales.length === 0) return [];
  const earliest = new Date(Date.parse(period.from) - options.lookbackDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const imported = await store.all<{
    customer_id: string;
    occurred_at: string;
    channel: string;
    network: string | null;
    campaign: string | null;
  }>(
    `SELECT customer_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, channel, network, campaign FROM touchpoints
     WHERE workspace_id = $ws AND occurred_at >= CAST($from AS DATE) AND occurred_at < CAST($to AS DATE) + INTERVAL 1 DAY`,
    { ws: workspace.id, from: earliest, to: period.to },
  );
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
  const conversions: ConversionInput[] = sales.map((s) => ({
    customerId: s.customer_id,
    occurredAt: s.occurred_at,
    value: s.amount,
    conversionId: String(s.n),
  }));
  const level = options.level === "channel_group" ? "channel" : options.level;
  return buildJourneys(touchpoints, conversions, {
    lookbackDays: options.lookbackDays,
    level,
    exclude: DEFAULT_EXCLUSIONS,
  });
}
