import { z } from "zod";
import { amountField, dayField } from "../domain/input-bounds.js";
import { INDICATOR_KINDS } from "../metrics/goal-catalogue.js";
import { optionalNetwork } from "./fields.js";
import { LOCALES } from "./workspace.js";

export const goalInputSchema = z
  .object({
    goal: z.string().trim().min(1).max(200).describe("A catalogue goal id or a free-form business objective"),
    indicator: z.enum(Object.keys(INDICATOR_KINDS) as [string, ...string[]]),
    target: amountField,
    period_start: dayField,
    period_end: dayField,
    network: optionalNetwork,
  })
  .refine((g) => g.period_end >= g.period_start, {
    path: ["period_end"],
    message: "the last day cannot be before the first day",
  });

export type GoalInput = z.infer<typeof goalInputSchema>;

export const goalSchema = z.object({
  goal_id: z.string(),
  goal: z.string(),
  indicator: z.string(),
  target: z.number(),
  period_start: z.string(),
  period_end: z.string(),
  network: z.string().nullable(),
});

const goalDefinitionSchema = z.object({
  id: z.string(),
  label: z.record(z.enum(LOCALES), z.string()),
  indicators: z.array(z.string()),
});
export type GoalDefinition = z.infer<typeof goalDefinitionSchema>;

export const goalCatalogueSchema = z.object({
  goals: z.array(goalDefinitionSchema),
  indicators: z.array(
    z.object({
      id: z.string(),
      accumulates: z.boolean().describe("A sum that grows with time, projected to the period's end"),
      lowerIsBetter: z.boolean(),
    }),
  ),
});
