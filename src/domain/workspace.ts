import { z } from "zod";
import { isCurrencyCode } from "./input-bounds.js";

export const LOCALES = ["en", "fr", "nl"] as const;
export type Locale = (typeof LOCALES)[number];

export const ALLOCATION_RULES = ["posts", "spend", "impressions", "equal", "none"] as const;
export type AllocationRule = (typeof ALLOCATION_RULES)[number];

export const ENGAGEMENT_DENOMINATORS = ["impressions", "reach", "followers"] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const workspaceInputSchema = z.object({
  name: z.string().trim().min(1).max(200).describe("The workspace's name"),
  currency: z
    .string()
    .transform((c) => c.toUpperCase())
    .refine(isCurrencyCode, "an ISO 4217 currency code such as EUR")
    .describe("Reporting currency (ISO 4217): every amount is converted to it"),
  timezone: z
    .string()
    .refine(isTimeZone, "an IANA time zone such as Europe/Brussels")
    .describe("IANA time zone the days of figures are counted in"),
  locale: z.enum(LOCALES).describe("Language of reports and sentences"),
  allocation_rule: z
    .enum(ALLOCATION_RULES)
    .default("posts")
    .describe("How shared costs (without a network or campaign) are allocated by default"),
  engagement_denominator: z
    .enum(ENGAGEMENT_DENOMINATORS)
    .default("impressions")
    .describe("What engagement rates divide engagements by"),
});
export type WorkspaceInput = z.input<typeof workspaceInputSchema>;

export const workspaceSchema = workspaceInputSchema.extend({
  id: z.string().describe("The workspace's id"),
  created_at: z.string().describe("When it was created (ISO 8601)"),
});
export type Workspace = z.infer<typeof workspaceSchema>;

export const DEFAULT_WORKSPACE: z.input<typeof workspaceInputSchema> = {
  name: "My workspace",
  currency: "EUR",
  timezone: "UTC",
  locale: "en",
};
