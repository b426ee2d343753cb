import { quoteIdent } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import {
  headerScore,
  literal,
  monthDaySql,
  presentColumns,
  presentCounts,
  requireColumn,
  stableIdSql,
} from "./shared.js";

/** TikTok Studio analytics, content download: lifetime figures per video. */
export const tiktokContent: FileFormat = {
  name: "tiktok-content",
  description:
    "TikTok Studio content (Video title, Video link, Post time, Total views, Total likes, …) → posts",
  detect(probe) {
    return headerScore(
      probe,
      [["Video link"], ["Post time"], ["Total views", "Total video views"]],
      ["Video title", "Total likes", "Total comments", "Total shares"],
    );
  },
  mappings(probe, options) {
    const link = quoteIdent(requireColumn(probe, "Video link"));
    return [
      {
        target: "posts",
        columns: {
          ...presentColumns(probe, { text: "Video title", url: "Video link" }),
          ...presentCounts(probe, {
            impressions: ["Total views", "Total video views"],
            likes: "Total likes",
            comments: "Total comments",
            shares: "Total shares",
          }),
          post_id: {
            sql: `coalesce(nullif(regexp_extract(${link}, '/video/(\\d+)', 1), ''), ${stableIdSql("tt-", [link])})`,
          },
          published_at: monthDaySql(probe, requireColumn(probe, "Post time"), options, "TikTok Studio posts"),
          network: literal("tiktok"),
          type: literal("video"),
        },
      },
    ];
  },
};
