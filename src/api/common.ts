import { z } from "zod";
import { dayField } from "../domain/input-bounds.js";

export interface Period {
  from: string;
  to: string;
}

/** The period just before `period`, as long as it: what the dashboard compares figures with. */
export function previousPeriod(period: Period): Period {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const days = Math.round((to - from) / 86_400_000) + 1;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(from - days * 86_400_000), to: day(from - 86_400_000) };
}

export const periodQuerySchema = z.object({
  from: dayField.optional().describe("First day (YYYY-MM-DD); the first day with data when absent"),
  to: dayField.optional().describe("Last day (YYYY-MM-DD), included; the last day with data when absent"),
});

/** The period a figure covers, as resolved from the query (the data's span fills what is absent). */
export const periodSchema = z.object({
  from: z.string().describe("First day of the period (YYYY-MM-DD)"),
  to: z.string().describe("Last day of the period (YYYY-MM-DD), included"),
});

export const idParamsSchema = z.object({ id: z.string().describe("The entry's id") });

export const deletedSchema = z.object({ deleted: z.string().describe("The id removed") });

/** A ratio whose denominator is zero is unknown, not zero. */
export const ratio = (what: string) =>
  z.number().nullable().describe(`${what}; null when the denominator is 0`);
