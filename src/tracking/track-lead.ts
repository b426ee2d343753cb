import { z } from "zod";
import { type ConversionResult, recordConversion, type TrackingDeps } from "./record-conversion.js";

const id = z.string().trim().min(1).max(200);

export const leadBodySchema = z.object({
  click_id: id.optional(),
  customer_id: id,
  event_name: id.optional(),
  /** Makes retries of the same event idempotent; without it a customer counts once per event name. */
  event_id: id.optional(),
});
export type LeadBody = z.infer<typeof leadBodySchema>;

export function trackLead(deps: TrackingDeps, body: LeadBody): Promise<ConversionResult> {
  const eventName = body.event_name ?? "lead";
  return recordConversion(deps, {
    type: "lead",
    idempotencyKey: body.event_id ?? `${body.customer_id}\0${eventName}`,
    clickId: body.click_id,
    customerId: body.customer_id,
    extra: { source: "api", event_name: eventName, ...(body.event_id ? { event_id: body.event_id } : {}) },
  });
}
