import { createHash } from "node:crypto";
import { z } from "zod";
import { refreshConversionDays } from "../store/conversion-days.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { rememberFirstClick } from "./first-clicks.js";
import type { WriteQueue } from "./write-queue.js";

/** Clicks the recorder has logged but not yet committed. */
interface UnsavedClicks {
  unsavedClick(clickId: string): { link_id: string } | undefined;
}

export interface TrackingDeps {
  store: Store;
  queue: WriteQueue;
  clicks: UnsavedClicks;
  workspaceId: string;
}

export interface ConversionInput {
  type: "lead" | "sale" | "refund";
  /** What makes a retried call the same conversion: invoice id, lead event, refund id. */
  idempotencyKey: string;
  clickId?: string | undefined;
  customerId?: string | undefined;
  value?: number | undefined;
  currency?: string | undefined;
  occurredAt?: Date | undefined;
  /** Where the conversion came from (api, stripe, shopify) and what identifies it there. */
  extra: Record<string, unknown>;
  /** Attribution to use when no click is known (a refund copies its sale's; a Shopify order its UTMs). */
  fallback?: Attribution | undefined;
}

export const attributionSchema = z.object({
  click_id: z.string().nullable(),
  network: z.string().nullable(),
  campaign: z.string().nullable(),
  post_id: z.string().nullable(),
});
export type Attribution = z.infer<typeof attributionSchema>;

export interface ConversionResult {
  conversion_id: string;
  /** False when the idempotency key was seen before: nothing new was recorded. */
  recorded: boolean;
  click_id: string | null;
  network: string | null;
}

/** Where a tracked sale or refund came from. */
export type ConversionSource = "api" | "stripe" | "shopify";

/** The idempotency key of a sale: webhook ids live in their provider's namespace. */
export function saleKey(source: ConversionSource, invoiceId: string): string {
  return source === "api" ? invoiceId : `${source}:${invoiceId}`;
}

/** Deterministic, so a retried call finds the conversion it already made. */
export function conversionIdFor(workspaceId: string, type: ConversionInput["type"], key: string): string {
  return `cnv_${createHash("sha256").update(`${workspaceId}\0${type}\0${key}`).digest("base64url").slice(0, 22)}`;
}

/** Parameters: $ws, $click. The click is looked up where the clicks are (a rollup, store/rollups.ts). */
const clickAttributionQuery = defineQuery(
  "tracking/click-attribution",
  attributionSchema,
  {
    duckdb: `SELECT k.click_id, l.network, l.campaign, l.post_id FROM named_click k JOIN links l USING (link_id)
     WHERE l.workspace_id = $ws`,
  },
  {
    named_click: {
      duckdb: "SELECT click_id, link_id FROM clicks WHERE workspace_id = $ws AND click_id = $click",
      clickhouse:
        "SELECT click_id, link_id FROM {clicks} WHERE workspace_id = $ws AND {current clicks} AND click_id = $click",
      columns: { click_id: "VARCHAR", link_id: "VARCHAR" },
    },
  },
);

/** For a click not in the database yet. Parameters: $ws, $click, $link (the click's). */
const unsavedClickAttribution = defineQuery("tracking/unsaved-click-attribution", attributionSchema, {
  duckdb:
    "SELECT $click AS click_id, network, campaign, post_id FROM links WHERE workspace_id = $ws AND link_id = $link",
});

/** Parameters: $ws, $customer. */
const customerFirstClickQuery = defineQuery(
  "tracking/customer-first-click",
  z.object({ first_click_id: z.string() }),
  {
    duckdb:
      "SELECT first_click_id FROM customer_first_clicks WHERE workspace_id = $ws AND customer_id = $customer",
  },
);

/** Parameters: $ws, $id. */
const recordedConversion = defineQuery(
  "tracking/recorded-conversion",
  attributionSchema.pick({ click_id: true, network: true }),
  { duckdb: "SELECT click_id, network FROM conversions WHERE workspace_id = $ws AND conversion_id = $id" },
);

/** No row when the workspace does not exist. */
const insertConversion = defineQuery("tracking/insert-conversion", z.object({ day: z.string() }), {
  duckdb: `INSERT INTO conversions (workspace_id, conversion_id, occurred_at, type, value, currency, network, campaign,
       customer_id, click_id, post_id, extra, local_day)
     SELECT $ws, $id, occurred, $type, $value, $currency, $network, $campaign, $customer, $click, $post, $extra,
       CAST(timezone(w.timezone, occurred) AS DATE)
     FROM workspaces w, (SELECT CAST($at AS TIMESTAMPTZ) AS occurred) WHERE w.id = $ws
     RETURNING strftime(local_day, '%Y-%m-%d') AS day`,
});

async function clickAttribution(deps: TrackingDeps, clickId: string): Promise<Attribution | undefined> {
  const unsaved = deps.clicks.unsavedClick(clickId);
  const [row] = unsaved
    ? await runQuery(deps.store, unsavedClickAttribution, {
        ws: deps.workspaceId,
        click: clickId,
        link: unsaved.link_id,
      })
    : await runQuery(deps.store, clickAttributionQuery, { ws: deps.workspaceId, click: clickId });
  return row;
}

async function customerFirstClick(deps: TrackingDeps, customerId: string): Promise<string | undefined> {
  const [row] = await runQuery(deps.store, customerFirstClickQuery, {
    ws: deps.workspaceId,
    customer: customerId,
  });
  return row?.first_click_id;
}

/**
 * Records a lead, sale or refund in `conversions` with the network, campaign and post of the link
 * clicked, so that ROI counts it as the link's direct revenue. The click is the one named, else
 * the one that first brought the customer.
 */
export function recordConversion(deps: TrackingDeps, input: ConversionInput): Promise<ConversionResult> {
  return deps.queue.run(() => deps.store.transaction(() => writeConversion(deps, input)));
}

/**
 * `recordConversion` for a caller already in the write queue and a transaction: its own reads
 * (a refund's sale) and this write cannot be interleaved with another request's.
 */
export async function writeConversion(deps: TrackingDeps, input: ConversionInput): Promise<ConversionResult> {
  const conversionId = conversionIdFor(deps.workspaceId, input.type, input.idempotencyKey);
  const [existing] = await runQuery(deps.store, recordedConversion, {
    ws: deps.workspaceId,
    id: conversionId,
  });
  if (existing) {
    return {
      conversion_id: conversionId,
      recorded: false,
      click_id: existing.click_id,
      network: existing.network,
    };
  }
  const named = input.clickId ? await clickAttribution(deps, input.clickId) : undefined;
  const firstClick = input.customerId ? await customerFirstClick(deps, input.customerId) : undefined;
  const attribution =
    named ?? (firstClick ? await clickAttribution(deps, firstClick) : undefined) ?? input.fallback;
  // A click once kept is never replaced.
  if (input.customerId && input.clickId && named && !firstClick) {
    await rememberFirstClick(deps.store, deps.workspaceId, input.customerId, input.clickId);
  }
  const [written] = await runQuery(deps.store, insertConversion, {
    ws: deps.workspaceId,
    id: conversionId,
    at: (input.occurredAt ?? new Date()).toISOString(),
    type: input.type,
    value: input.value ?? null,
    currency: input.currency ?? null,
    network: attribution?.network ?? null,
    campaign: attribution?.campaign ?? null,
    customer: input.customerId ?? null,
    click: attribution?.click_id ?? null,
    post: attribution?.post_id ?? null,
    extra: JSON.stringify({ ...input.extra, idempotency_key: input.idempotencyKey }),
  });
  if (!written) throw new Error(`no workspace ${deps.workspaceId} to record a conversion in`);
  await refreshConversionDays(deps.store, deps.workspaceId, { day: written.day });
  return {
    conversion_id: conversionId,
    recorded: true,
    click_id: attribution?.click_id ?? null,
    network: attribution?.network ?? null,
  };
}
