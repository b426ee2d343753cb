import { z } from "zod";
import { periodQuerySchema, periodSchema } from "./common.js";
import { ENGAGEMENT_DENOMINATORS } from "./workspace.js";

export const postPerformanceSchema = z.object({
  post_id: z.string(),
  network: z.string(),
  published_at: z.string(),
  type: z.string().nullable(),
  text: z.string().nullable(),
  campaign: z.string().nullable(),
  impressions: z.number(),
  reach: z.number().nullable().describe("Null when the network does not report reach"),
  engagements: z.number(),
  link_clicks: z.number(),
  engagement_rate: z.number().nullable(),
  value: z.number().describe("Revenue and assigned value credited to the post"),
});
export type PostPerformance = z.infer<typeof postPerformanceSchema>;

export const POST_SORTS = [
  "published_at",
  "impressions",
  "reach",
  "engagements",
  "link_clicks",
  "engagement_rate",
  "value",
] as const satisfies readonly (keyof PostPerformance)[];

export const postsQuerySchema = periodQuerySchema.extend({
  network: z.string().max(40).optional(),
  campaign: z.string().max(200).optional(),
  sort: z.enum(POST_SORTS).default("value"),
  order: z.enum(["asc", "desc"]).default("desc").describe("Unknown figures (null) come last either way"),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

export const postListSchema = periodSchema.extend({
  currency: z.string(),
  engagement_denominator: z.enum(ENGAGEMENT_DENOMINATORS),
  matching: z.number().describe("Posts matching the filters, before the limit"),
  posts: z.array(
    postPerformanceSchema.extend({
      links: z.array(
        z.object({
          slug: z.string(),
          clicks: z.number(),
          leads: z.number(),
          sales: z.number(),
          revenue: z.number(),
        }),
      ),
    }),
  ),
});
