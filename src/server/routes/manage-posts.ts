import { type POST_SORTS, postsQuerySchema } from "../../api/posts.js";
import { type PostPerformance, topPosts } from "../../roi/top-posts.js";
import { listLinks } from "../../tracking/list-links.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";

/** Ascending with unknown ratios (null) last whatever the direction, as "n/a" is no rank. */
function compareBy(sort: (typeof POST_SORTS)[number], order: "asc" | "desc") {
  const sign = order === "asc" ? 1 : -1;
  return (a: PostPerformance, b: PostPerformance) => {
    const x = a[sort];
    const y = b[sort];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.post_id.localeCompare(b.post_id);
  };
}

/** Posts of the period with their figures and tracked links, filtered and sorted for the posts page. */
export const managePostRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/posts", ACCESS.read, async ({ query: raw, workspace }) => {
    const query = parseQuery(postsQuerySchema, raw);
    const period = await resolvePeriod(store, workspace, query);
    const all = await topPosts(store, workspace, period, {
      limit: 1_000_000,
      order: "best",
    });
    const matching = all
      .filter(
        (p) =>
          (!query.network || p.network === query.network) &&
          (!query.campaign || p.campaign === query.campaign),
      )
      .sort(compareBy(query.sort, query.order));
    const links = await listLinks(store, workspace.id);
    return {
      ...period,
      currency: workspace.currency,
      engagement_denominator: workspace.engagement_denominator,
      matching: matching.length,
      posts: matching.slice(0, query.limit).map((post) => ({
        ...post,
        links: links
          .filter((l) => l.post_id === post.post_id)
          .map(({ slug, clicks, leads, sales, revenue }) => ({ slug, clicks, leads, sales, revenue })),
      })),
    };
  });
};
