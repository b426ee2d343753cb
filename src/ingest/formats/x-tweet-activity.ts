import type { ColumnSource, FileFormat } from "../file-format.js";
import { ImportError } from "../import-error.js";
import type { FileProbe } from "../probe-file.js";
import { quoteIdent } from "../sql-parse.js";
import { findColumn, headerScore, literal, presentColumns, requireColumn, trimmed } from "./shared.js";

/** `2019-02-27 21:18 +0000` as ISO 8601 with an offset, which the importer reads as an instant. */
function tweetTimeSql(column: string): string {
  return `regexp_replace(trim(${quoteIdent(column)}), '^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d) ([+-]\\d\\d)(\\d\\d)$', '\\1:00\\2:\\3')`;
}

/** An id re-saved by Excel as a rounded number, `1.04579475295885E+18` (RE2 and JavaScript syntax alike). */
const ROUNDED_ID = "[0-9]+([.][0-9]+)?[eE][+]?[0-9]+";

/**
 * The tweet's id. Excel rounds the 19-digit ids to 15 digits but leaves the permalink's text
 * alone, so the id is read from the permalink when the file has one. Without it a rounded id
 * cannot be recovered and the file is refused: Excel formats a whole column, so the sampled rows
 * show it; a rounded id past the sample becomes empty and is refused with its row, never stored
 * as a post of its own.
 */
function tweetIdSql(probe: FileProbe): ColumnSource {
  const id = requireColumn(probe, "Tweet id");
  const permalink = findColumn(probe, "Tweet permalink");
  if (permalink) {
    return {
      sql: `coalesce(nullif(regexp_extract(${quoteIdent(permalink)}, '/status(?:es)?/([0-9]+)', 1), ''), ${trimmed(id)})`,
    };
  }
  const index = probe.header.indexOf(id);
  const rounded = new RegExp(`^${ROUNDED_ID}$`);
  const row = probe.sampleRows.findIndex((r) => rounded.test(r[index]?.trim() ?? ""));
  if (row >= 0) {
    throw new ImportError(probe.fileName, [
      {
        row: row + 1,
        column: id,
        value: probe.sampleRows[row]?.[index] ?? "",
        expected: "a tweet id in full: re-export the file or open it as text: Excel rounded this id",
      },
    ]);
  }
  const pattern = literal(ROUNDED_ID);
  return {
    sql: `CASE WHEN NOT regexp_full_match(${trimmed(id)}, ${pattern.sql}) THEN ${trimmed(id)} END`,
    params: pattern.params,
  };
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
    return score && (probe.fileName.startsWith("tweet_activity_metrics") ? 1 : score);
  },
  mappings(probe) {
    const account = /^tweet_activity_metrics_(.+?)_\d{8}_\d{8}/.exec(probe.fileName)?.[1];
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
          post_id: tweetIdSql(probe),
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
