import type { LeadBody } from "../api/tracking.js";
import { type ConversionResult, recordConversion, type TrackingDeps } from "./record-conversion.js";

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
