import { z } from "zod";
import { amountField, currencyField } from "../domain/input-bounds.js";

const id = z.string().trim().min(1).max(200);

export const leadBodySchema = z.object({
  click_id: id.optional().describe("The sr_id the visitor arrived with (first-party cookie sr_id)"),
  customer_id: id.describe("Your id of the lead"),
  event_name: id.optional().describe("lead when absent"),
  event_id: id
    .optional()
    .describe("Makes retries of the same event idempotent; without it a customer counts once per event name"),
});
export type LeadBody = z.infer<typeof leadBodySchema>;

/**
 * A sale's or refund's amount in major units, at every door. Never negative: a shop's negative
 * total would turn into lost revenue with no sale behind it, while a refund has its own event.
 */
export const saleAmount = amountField.refine(
  (amount) => amount >= 0,
  "never negative: a negative total is not a sale (send a refund as a refund)",
);

export const saleBodySchema = z
  .object({
    click_id: id.optional().describe("The sr_id the buyer arrived with"),
    customer_id: id.optional().describe("Your id of the customer"),
    amount: saleAmount.describe("Major units (12.50)"),
    currency: currencyField.describe("ISO 4217; needs a rate unless it is the reporting currency"),
    invoice_id: id.describe("Unique per sale: a repeat records nothing"),
  })
  .refine((body) => body.click_id !== undefined || body.customer_id !== undefined, {
    message: "click_id or customer_id is required",
    path: ["click_id"],
  });

export const conversionResultSchema = z.object({
  conversion_id: z.string(),
  recorded: z.boolean().describe("False when the event was seen before: nothing new was recorded"),
  click_id: z.string().nullable(),
  network: z.string().nullable().describe("The network credited through the click"),
});
