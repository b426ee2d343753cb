import { quoteIdent } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import {
  exportedName,
  findColumn,
  headerScore,
  idFromLink,
  literal,
  presentColumns,
  requireColumn,
  X_STATUS_ID,
} from "./shared.js";

/** `2019-02-27 21:18 +0000` as ISO 8601 with an offset, which the importer reads as an instant. */
function tweetTimeSql(column: string): string {
  return `regexp_replace(trim(${quoteIdent(column)}), '^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d) ([+-]\\d\\d)(\\d\\d)$', '\\1:00\\2:\\3')`;
}

/** X (Twitter) analytics per-tweet export, `tweet_activity_metrics_<account>_<from>_<to>_<lang>.csv`. */
export const xTweetActivity: FileFormat = {
  name: "x-tweet-activity",
  description: "X/Twitter analytics per-tweet export (tweet_activity_metrics_*.csv) → posts",
  detect(probe) {
    const score = headerScore(
      probe,
      [["Tweet id"], ["time"], ["impressions"]],
      ["Tweet permalink", "Tweet text", "engagements", "retweets", "replies", "url clicks"],
    );
    return score && (exportedName(probe).startsWith("tweet_activity_metrics") ? 1 : score);
  },
  mappings(probe) {
    const account = /^tweet_activity_metrics_(.+?)_\d{8}_\d{8}/.exec(exportedName(probe))?.[1];
    const promoted = findColumn(probe, "promoted impressions");
    return [
      {
        target: "posts",
        columns: {
          ...presentColumns(probe, {
            text: "Tweet text",
            url: "Tweet permalink",
            impressions: "impressions",
            engagements: "engagements",
            likes: ["likes", "favorites"],
            comments: "replies",
            shares: "retweets",
            link_clicks: "url clicks",
          }),
          post_id: idFromLink(
            requireColumn(probe, "Tweet id"),
            findColumn(probe, "Tweet permalink"),
            X_STATUS_ID,
          ),
          network: literal("x"),
          published_at: { sql: tweetTimeSql(requireColumn(probe, "time")) },
          ...(account ? { account: literal(account) } : {}),
          ...(promoted
            ? {
                paid: {
                  sql: `CASE WHEN trim(${quoteIdent(promoted)}) NOT IN ('', '-', '0', '0.0') THEN '1' ELSE '0' END`,
                },
              }
            : {}),
        },
      },
    ];
  },
  warnings(probe) {
    return findColumn(probe, "favorites") && !findColumn(probe, "likes")
      ? ['older export: "favorites" read as likes']
      : [];
  },
};
