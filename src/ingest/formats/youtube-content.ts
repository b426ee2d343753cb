import { quoteIdent } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import {
  headerScore,
  literal,
  localTimestampSql,
  presentColumns,
  presentCounts,
  requireColumn,
  skippingRows,
  totalRows,
} from "./shared.js";

/** YouTube Studio analytics, content table ("Table data.csv"): a `Total` row first, then one row per video. */
export const youtubeContent: FileFormat = {
  name: "youtube-content",
  description:
    "YouTube Studio content table (Content, Video title, Video publish time, Views, …; Total row skipped) → posts",
  detect(probe) {
    return headerScore(
      probe,
      [["Content"], ["Video publish time"], ["Views"]],
      [
        "Video title",
        "Duration",
        "Watch time (hours)",
        "Subscribers",
        "Impressions",
        "Likes",
        "Comments added",
        "Shares",
      ],
    );
  },
  mappings(probe) {
    const content = requireColumn(probe, "Content");
    return [
      {
        target: "posts",
        ...skippingRows(totalRows(content)),
        columns: {
          ...presentColumns(probe, { post_id: "Content", text: "Video title" }),
          ...presentCounts(probe, {
            impressions: ["Impressions", "Views"],
            likes: "Likes",
            comments: "Comments added",
            shares: "Shares",
          }),
          published_at: localTimestampSql(requireColumn(probe, "Video publish time"), [
            "%b %d, %Y",
            "%Y-%m-%d",
            "%d %b %Y",
          ]),
          url: { sql: `'https://www.youtube.com/watch?v=' || trim(${quoteIdent(content)})` },
          network: literal("youtube"),
          type: literal("video"),
        },
      },
    ];
  },
};
