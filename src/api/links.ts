import { z } from "zod";
import { NETWORK_ID_PATTERN, normalizeNetwork } from "../domain/network.js";

export const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const QR_FORMATS = ["svg", "png"] as const;
export type QrFormat = (typeof QR_FORMATS)[number];

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === "http:" || protocol === "https:";
    } catch {
      return false;
    }
  }, "an absolute http:// or https:// URL");

const label = z.string().trim().min(1).max(200);
const utmValue = z.string().trim().min(1).max(200);

export const linkChangesSchema = z.object({
  url: httpUrl.optional().describe("Where the link sends people"),
  network: z
    .string()
    .transform(normalizeNetwork)
    .refine((n) => NETWORK_ID_PATTERN.test(n), "a network id such as facebook, instagram or linkedin")
    .optional(),
  campaign: label.optional().describe("Campaign credited with the clicks"),
  post_id: label.optional().describe("Post credited with the clicks"),
  paid: z.boolean().optional(),
  utm_source: utmValue.optional(),
  utm_medium: utmValue.optional(),
});
export type LinkChanges = z.input<typeof linkChangesSchema>;

export const linkInputSchema = linkChangesSchema.extend({
  url: httpUrl,
  slug: z
    .string()
    .trim()
    .regex(SLUG_PATTERN, "1 to 64 letters, digits, - or _, starting with a letter or digit")
    .optional()
    .describe("The short link's path after /l/; generated when absent"),
});
export type LinkInput = z.input<typeof linkInputSchema>;

export const linkListQuerySchema = z.object({
  archived: z.enum(["true", "false"]).default("false").describe("List archived links too"),
});

/** A link's utm parameters, as stored and as the API shows them. */
export const linkUtmSchema = z.object({
  utm_source: z.string().nullable(),
  utm_medium: z.string().nullable(),
  utm_campaign: z.string().nullable(),
  utm_content: z.string().nullable(),
});

export const linkSchema = z.object({
  id: z.string(),
  slug: z.string(),
  short_url: z.string().describe("The tracked short URL to publish"),
  destination: z.string(),
  redirects_to: z.string().describe("The destination with the link's utm parameters"),
  network: z.string().nullable(),
  campaign: z.string().nullable(),
  post_id: z.string().nullable(),
  utm: linkUtmSchema,
  created_at: z.string(),
  archived_at: z.string().nullable(),
});

export const linkWithWarningsSchema = linkSchema.extend({
  warnings: z.array(z.string()).describe("utm values that analytics tools would split or misread"),
});

const linkStatsSchema = linkSchema.extend({
  clicks: z.number(),
  leads: z.number(),
  sales: z.number(),
  revenue: z.number().describe("Sales less refunds, in the currencies they were recorded in"),
});
export const linkListSchema = z.object({ links: z.array(linkStatsSchema) });
