import { quoteIdent } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import { headerScore, literal, presentColumns, requireColumn, requireYear, stableIdSql } from "./shared.js";

/**
 * Legacy Facebook Insights post export (the labels of the UCI "Facebook metrics" data set): posts are
 * dated only by month, weekday and hour. With `--year`, a post is dated on the first day of that
 * month falling on its weekday (1 = Sunday … 7 = Saturday), at its hour, in the workspace's time zone:
 * deterministic, and within a week of the real day.
 */
export const facebookInsightsLegacy: FileFormat = {
  name: "facebook-insights-legacy",
  description:
    "Legacy Facebook Insights post export (Type, Post Month, Post Weekday, Post Hour, Lifetime …) → posts; needs --year",
  detect(probe) {
    return headerScore(
      probe,
      [["Post Month"], ["Post Weekday"], ["Post Hour"], ["Lifetime Post Total Reach"]],
      [
        "Type",
        "Paid",
        "Lifetime Post Total Impressions",
        "Lifetime Engaged Users",
        "comment",
        "like",
        "share",
      ],
    );
  },
  mappings(probe, options) {
    const year = requireYear(
      probe,
      options,
      "this legacy Facebook Insights export dates posts by month, weekday and hour only, without a year or a day",
    );
    const [month, weekday, hour, type, category, paid] = [
      "Post Month",
      "Post Weekday",
      "Post Hour",
      "Type",
      "Category",
      "Paid",
    ].map((name) => quoteIdent(requireColumn(probe, name))) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const inRange = (column: string, low: number, high: number) =>
      `CASE WHEN TRY_CAST(${column} AS INTEGER) BETWEEN ${low} AND ${high} THEN TRY_CAST(${column} AS INTEGER) END`;
    const firstOfMonth = `make_date(${year}, ${inRange(month, 1, 12)}, 1)`;
    // dayofweek counts Sunday = 0, the export Sunday = 1.
    const offset = `((${inRange(weekday, 1, 7)} - 1 - dayofweek(${firstOfMonth}) + 7) % 7)`;
    const day = `${firstOfMonth} + CAST(${offset} AS INTEGER)`;
    const published = `strftime(${day}, '%Y-%m-%d') || ' ' || lpad(CAST(${inRange(hour, 0, 23)} AS VARCHAR), 2, '0') || ':00:00'`;
    const identity = [month, weekday, hour, type, category, paid].map((c) => `coalesce(trim(${c}), '')`);
    const occurrence = `CAST(row_number() OVER (PARTITION BY ${identity.join(", ")} ORDER BY __row) AS VARCHAR)`;
    return [
      {
        target: "posts",
        columns: {
          ...presentColumns(probe, {
            reach: "Lifetime Post Total Reach",
            impressions: "Lifetime Post Total Impressions",
            engagements: "Lifetime Engaged Users",
            likes: "like",
            comments: "comment",
            shares: "share",
            paid: "Paid",
          }),
          post_id: { sql: stableIdSql(`fb-${year}-`, [...identity, occurrence]) },
          network: literal("facebook"),
          type: { sql: `lower(trim(${type}))` },
          published_at: {
            sql: `coalesce(${published}, concat_ws(' ', 'month', ${month}, 'weekday', ${weekday}, 'hour', ${hour}))`,
          },
        },
      },
    ];
  },
  warnings(probe) {
    return [
      `${probe.fileName}: posts dated on the first day of their month with their weekday (the export has no day)`,
    ];
  },
};
