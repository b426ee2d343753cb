import { z } from "zod";
import { normalizeNetwork } from "../domain/network.js";
import type { Attribution, ConversionResult, TrackingDeps } from "./record-conversion.js";
import { trackRefund, trackSale } from "./track-sale.js";

const money = z.union([z.string(), z.number()]).transform(Number).pipe(z.number().finite());
const dateText = z
  .string()
  .nullish()
  .transform((text) => (text ? new Date(text) : undefined));

const order = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  total_price: money,
  currency: z.string(),
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
        currency: z.string().nullish(),
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
        currency: placed.currency.toUpperCase(),
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
    const currency = refunds.find((t) => t.currency)?.currency;
    if (amount === 0 || !currency) return [];
    return [
      await trackRefund(deps, {
        source: "shopify",
        invoiceId: made.order_id,
        refundId: made.id,
        amount,
        currency: currency.toUpperCase(),
        occurredAt: made.created_at,
      }),
    ];
  }
  return [];
}
