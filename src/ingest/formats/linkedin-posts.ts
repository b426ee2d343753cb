import { quoteIdent } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import { linkedinPage, repostColumn, repostWarnings } from "./linkedin-shared.js";
import {
  headerScore,
  literal,
  presentColumns,
  presentCounts,
  requireColumn,
  skippingRows,
  stableIdSql,
} from "./shared.js";

/** LinkedIn page analytics, content export, "All posts" sheet: lifetime figures per post. */
export const linkedinPosts: FileFormat = {
  name: "linkedin-posts",
  slashedDates: "mdy",
  description:
    "LinkedIn page analytics content export, all posts (Post title, Post link, Created date, Impressions, …) → posts",
  detect(probe) {
    return headerScore(
      probe,
      [["Post link"], ["Created date"], ["Impressions"]],
      [
        "Post title",
        "Post type",
        "Posted by",
        "Clicks",
        "Likes",
        "Comments",
        "Reposts",
        "Shares",
        "Engagement rate",
      ],
    );
  },
  mappings(probe) {
    const link = quoteIdent(requireColumn(probe, "Post link"));
    const reposts = repostColumn(probe);
    const page = linkedinPage(probe);
    return [
      {
        target: "posts",
        ...skippingRows([
          { when: `nullif(trim(${link}), '') IS NULL`, reason: "'rows without a post link'" },
        ]),
        columns: {
          ...presentColumns(probe, {
            text: "Post title",
            type: "Post type",
            campaign: "Campaign name",
            url: "Post link",
          }),
          ...presentCounts(probe, {
            impressions: "Impressions",
            likes: "Likes",
            comments: "Comments",
            link_clicks: "Clicks",
            ...(reposts ? { shares: reposts } : {}),
          }),
          post_id: {
            sql: `coalesce(nullif(regexp_extract(${link}, 'urn:li:(?:activity|share|ugcPost):(\\d+)', 1), ''), ${stableIdSql("li-", [link])})`,
          },
          published_at: requireColumn(probe, "Created date"),
          network: literal("linkedin"),
          ...(page ? { account: literal(page) } : {}),
        },
      },
    ];
  },
  warnings: (probe) => repostWarnings(probe),
};
