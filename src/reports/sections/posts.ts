import type { PostPerformance } from "../../roi/top-posts.js";
import type { ReportSection, ReportTable } from "../model.js";
import { POST_TEXT_LENGTH, type SectionContext, shorten } from "./context.js";

export function postsSection(
  ctx: SectionContext,
  best: PostPerformance[],
  worst: PostPerformance[],
): ReportSection {
  if (best.length === 0) return ctx.section("posts", { paragraphs: [ctx.words.noData] });
  const c = ctx.words.columns;
  const table = (id: string, title: string, posts: PostPerformance[]): ReportTable => ({
    id,
    title,
    columns: [
      { label: c.published, kind: "date" },
      ctx.text(c.network),
      ctx.text(c.type),
      ctx.text(c.text),
      ctx.metricColumn("impressions", "count"),
      ctx.metricColumn("engagements", "count"),
      ctx.metricColumn("clicks", "count"),
      ctx.metricColumn("engagement_rate", "percent"),
      ctx.metricColumn("value", "money"),
    ],
    rows: posts.map((p) => [
      { value: p.published_at.slice(0, 10), kind: "date" },
      { value: ctx.networkName(p.network), kind: "text" },
      { value: p.type ?? "", kind: "text" },
      { value: shorten(p.text ?? p.post_id, POST_TEXT_LENGTH), kind: "text" },
      { value: p.impressions, kind: "count" },
      { value: p.engagements, kind: "count" },
      { value: p.link_clicks, kind: "count" },
      { value: p.engagement_rate, kind: "percent" },
      { value: p.value, kind: "money" },
    ]),
  });
  return ctx.section("posts", {
    paragraphs: [ctx.words.postsIntro({ metric: ctx.metricName("engagement_rate").toLowerCase() })],
    tables: [table("best_posts", ctx.words.best, best), table("worst_posts", ctx.words.worst, worst)],
  });
}
