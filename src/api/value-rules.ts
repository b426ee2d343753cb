import { z } from "zod";
import { currencyField, nameField } from "../domain/input-bounds.js";
import { periodSchema } from "./common.js";
import { optionalAmount, optionalDate, optionalNetwork } from "./fields.js";

export const valueRuleInputSchema = z
  .object({
    outcome: nameField.describe(
      "lead, link_click, engaged_user, impressions_1000, comment, like, share or a custom conversion type",
    ),
    unit_value: optionalAmount.describe("Value of one outcome"),
    probability: z
      .preprocess((v) => (v === "" || v === undefined ? null : v), z.number().min(0).max(1).nullable())
      .describe("Conversion probability, with price instead of a unit value"),
    price: optionalAmount,
    currency: currencyField,
    network: optionalNetwork.describe("Only this network's outcomes; every network when absent"),
    valid_from: optionalDate.describe("The first day it applies; today when absent"),
    retroactive: z
      .boolean()
      .default(false)
      .describe("Replace every earlier version instead of closing the current one the day before"),
  })
  .refine((r) => r.unit_value !== null || (r.probability !== null && r.price !== null), {
    path: ["unit_value"],
    message: "a unit value, or a conversion probability and a price",
  });

export const valueRuleSchema = z.object({
  rule_id: z.string(),
  outcome: z.string(),
  unit_value: z.number(),
  probability: z.number().nullable(),
  price: z.number().nullable(),
  currency: z.string(),
  network: z.string().nullable(),
  valid_from: z.string().nullable(),
  valid_to: z.string().nullable(),
  superseded_at: z.string().nullable().describe("When a retroactive change replaced it"),
  created_at: z.string(),
});

export type ValueRule = z.infer<typeof valueRuleSchema>;

export const ruleValueSchema = z.object({
  rule_id: z.string(),
  outcome: z.string(),
  unit_value: z.number(),
  currency: z.string(),
  quantity: z.number(),
  value: z.number(),
});
export type RuleValue = z.infer<typeof ruleValueSchema>;

export const valueRuleListSchema = periodSchema.extend({
  rules: z.array(valueRuleSchema).describe("Every version, current ones first"),
  values: z.array(ruleValueSchema).describe("What each rule valued in the period"),
});
