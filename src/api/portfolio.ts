import { z } from "zod";
import { ROLES } from "./auth.js";
import { periodQuerySchema, ratio } from "./common.js";

export const portfolioQuerySchema = periodQuerySchema.describe(
  "The period; each workspace's own span of data fills what is absent",
);

const portfolioRowSchema = z.object({
  id: z.string().describe("The workspace's id, for ?workspace="),
  name: z.string().describe("Its name"),
  role: z.enum(ROLES).describe("The user's role in it"),
  currency: z.string().describe("The currency its amounts are in"),
  from: z.string().describe("First day of the period (YYYY-MM-DD)"),
  to: z.string().describe("Last day of the period (YYYY-MM-DD), included"),
  cost: z.number().describe("Full cost of the period, as GET /api/roi totals it"),
  revenue: z.number().describe("Revenue of the period, as GET /api/roi totals it"),
  total_roi: ratio("(revenue + assigned value − cost) ÷ cost, as GET /api/roi totals it"),
  goals: z
    .object({
      on_track: z.number().int().describe("Goals of the period on track at its last day"),
      off_track: z.number().int().describe("Goals of the period behind their pace"),
      unknown: z.number().int().describe("Goals of the period without a figure yet"),
    })
    .describe("The status of the goals whose period overlaps this one, as GET /api/goals gives it"),
});
export type PortfolioRow = z.infer<typeof portfolioRowSchema>;

export const portfolioSchema = z.object({
  workspaces: z
    .array(portfolioRowSchema)
    .describe("Every workspace the user belongs to (and only those), the default first"),
});
