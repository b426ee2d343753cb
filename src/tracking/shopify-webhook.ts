import { z } from "zod";
import { saleAmount } from "../api/tracking.js";
import { currencyField, dateTimeField } from "../domain/input-bounds.js";
import { normalizeNetwork } from "../domain/network.js";
import type { Attribution, ConversionResult, TrackingDeps } from "./record-conversion.js";
import { trackRefund } from "./refunds.js";
import { trackSale } from "./track-sale.js";

/** Shopify writes amounts as decimal text ("12.50"); `Number` would also read "", "0x1f" or "1e400". */
const money = z
  .union([
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, "a decimal amount such as 12.50"),
    z.number(),
  ])
  .transform(Number)
  .pipe(saleAmount);
const dateText = dateTimeField.nullish().transform((text) => (text ? new Date(text) : undefined));

const order = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  total_price: money,
  currency: currencyField,
  created_at: dateText,
  landing_site: z.string().nullish(),
  note_attributes: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish(),
  customer: z.object({ id: z.union([z.number(), z.string()]).transform(String) }).nullish(),
  email: z.string().nullish(),
});

const refund = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  order_id: z.union([z.number(), z.string()]).transform(String),
  created_at: dateText,
  transactions: z
    .array(
      z.object({
        amount: money,
        kind: z.string(),
        status: z.string().nullish(),
        currency: currencyField.nullish(),
      }),
    )
    .default([]),
});

/** The landing page's query (relative in Shopify's payloads) and the order's note attributes. */
function orderParameters(landingSite: string | null | undefined, notes: { name: string; value: unknown }[]) {
  const params = new URLSearchParams();
  if (landingSite) {
    try {
      for (const [name, value] of new URL(landingSite, "https://shop.invalid").searchParams)
        params.set(name, value);
    } catch {
      // An unreadable landing page leaves only the note attributes.
    }
  }
  for (const note of notes) if (typeof note.value === "string") params.set(note.name, note.value);
  return params;
}

function utmAttribution(params: URLSearchParams): Attribution | undefined {
  const source = params.get("utm_source");
  if (!source) return undefined;
  return {
    click_id: null,
    network: normalizeNetwork(source),
    campaign: params.get("utm_campaign"),
    post_id: params.get("utm_content"),
  };
}

/** Orders become sales (by click id, else by their UTM parameters), refunds become refunds. */
export async function handleShopifyWebhook(
  deps: TrackingDeps,
  topic: string,
  payload: unknown,
): Promise<ConversionResult[]> {
  if (topic === "orders/create") {
    const placed = order.parse(payload);
    const params = orderParameters(placed.landing_site, placed.note_attributes ?? []);
    return [
      await trackSale(deps, {
        source: "shopify",
        invoiceId: placed.id,
        clickId: params.get("sr_id") ?? undefined,
        customerId: placed.customer?.id ?? placed.email ?? undefined,
        amount: placed.total_price,
        currency: placed.currency,
        occurredAt: placed.created_at,
        fallback: utmAttribution(params),
      }),
    ];
  }
  if (topic === "refunds/create") {
    const made = refund.parse(payload);
    const refunds = made.transactions.filter(
      (t) => t.kind === "refund" && (t.status ?? "success") === "success",
    );
    const amount = refunds.reduce((sum, t) => sum + t.amount, 0);
    const refundCurrency = refunds.find((t) => t.currency)?.currency;
    if (amount === 0 || !refundCurrency) return [];
    return [
      await trackRefund(deps, {
        source: "shopify",
        invoiceId: made.order_id,
        refundId: made.id,
        amount,
        currency: refundCurrency,
        occurredAt: made.created_at,
      }),
    ];
  }
  return [];
}
