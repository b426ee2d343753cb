import { z } from "zod";
import { NETWORK_ID_PATTERN, normalizeNetwork } from "../domain/network.js";
import { SLUG_PATTERN } from "./link.js";

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
  url: httpUrl.optional(),
  network: z
    .string()
    .transform(normalizeNetwork)
    .refine((n) => NETWORK_ID_PATTERN.test(n), "a network id such as facebook, instagram or linkedin")
    .optional(),
  campaign: label.optional(),
  post_id: label.optional(),
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
    .optional(),
});
export type LinkInput = z.input<typeof linkInputSchema>;
