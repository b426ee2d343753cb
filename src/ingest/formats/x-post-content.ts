import type { FileFormat } from "../file-format.js";
import {
  findColumn,
  headerScore,
  idFromLink,
  isoDateSql,
  literal,
  presentColumns,
  presentCounts,
  requireColumn,
  X_STATUS_ID,
} from "./shared.js";

/** `Sat, Nov 30, 2024`, the date style of X's 2024+ analytics exports. */
export const X_DATE_FORMATS = ["%a, %b %d, %Y", "%b %d, %Y", "%Y-%m-%d"];

/** X analytics content export (2024+): one row per post, lifetime figures. */
export const xPostContent: FileFormat = {
  name: "x-post-content",
  description: "X analytics content export (2024+: Post id, Date, Post text, Impressions, …) → posts",
  detect(probe) {
    return headerScore(
      probe,
      [["Post id"], ["Date"], ["Impressions"], ["Engagements"]],
      ["Post text", "Post Link", "Likes", "Reposts", "Replies", "URL Clicks", "Bookmarks", "Profile visits"],
    );
  },
  mappings(probe) {
    return [
      {
        target: "posts",
        columns: {
          ...presentColumns(probe, { text: "Post text", url: "Post Link" }),
          post_id: idFromLink(requireColumn(probe, "Post id"), findColumn(probe, "Post Link"), X_STATUS_ID),
          ...presentCounts(probe, {
            impressions: "Impressions",
            engagements: "Engagements",
            likes: "Likes",
            comments: "Replies",
            shares: "Reposts",
            link_clicks: "URL Clicks",
          }),
          network: literal("x"),
          published_at: isoDateSql(requireColumn(probe, "Date"), X_DATE_FORMATS),
        },
      },
    ];
  },
};
