import { z } from "zod";

/** The workspace's report branding, which the dashboard its users see wears too (white label). */
export const brandingSchema = z.object({
  branded: z.boolean().describe("Whether the workspace set any of its branding (false: all defaults)"),
  company: z.string().nullable().describe("The company named on reports and the dashboard; null: none"),
  primary_color: z.string().describe("Headings' colour (#rrggbb)"),
  accent_color: z.string().describe("The accent colour (#rrggbb)"),
  logo: z.string().nullable().describe("The logo as a data: URL (PNG or SVG); null: none"),
});
export type Branding = z.infer<typeof brandingSchema>;
