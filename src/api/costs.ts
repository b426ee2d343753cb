import { z } from "zod";
import { COST_CATEGORIES, RECURRENCES } from "../domain/canonical.js";
import { amountField, currencyField, dayField } from "../domain/input-bounds.js";
import { periodSchema } from "./common.js";
import { optionalDate, optionalNetwork, optionalText } from "./fields.js";

export const costInputSchema = z
  .object({
    date: dayField.describe("The cost's day, or the first of its span"),
    end_date: optionalDate.describe("Last day of a cost spread evenly by day, included"),
    category: z.enum(COST_CATEGORIES),
    amount: amountField,
    currency: currencyField.describe("ISO 4217; another than the reporting currency needs a rate"),
    network: optionalNetwork.describe("Without a network (or campaign) the cost is shared"),
    campaign: optionalText,
    description: optionalText,
    recurrence: z
      .preprocess((v) => (v === "" ? null : v), z.enum(RECURRENCES).nullable().default(null))
      .describe("monthly: repeated each month on the day of date until end_date"),
  })
  .refine((cost) => cost.end_date === null || cost.end_date >= cost.date, {
    path: ["end_date"],
    message: "the last day cannot be before the first day",
  });
export type CostInput = z.infer<typeof costInputSchema>;

export const costSchema = z.object({
  cost_id: z.string(),
  date: z.string(),
  end_date: z.string().nullable(),
  category: z.string(),
  amount: z.number(),
  currency: z.string(),
  network: z.string().nullable(),
  campaign: z.string().nullable(),
  description: z.string().nullable(),
  recurrence: z.string().nullable(),
  import_id: z.string().nullable().describe("The import that brought it; null when typed in"),
});
export type Cost = z.infer<typeof costSchema>;
export const costListSchema = z.object({ costs: z.array(costSchema) });

const categoryCostSchema = z.object({ category: z.string(), amount: z.number() });
export type CategoryCost = z.infer<typeof categoryCostSchema>;
export const costsByCategorySchema = periodSchema.extend({
  currency: z.string(),
  categories: z.array(categoryCostSchema).describe("Full cost per category in the period"),
});
