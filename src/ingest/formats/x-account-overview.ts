import type { FileFormat } from "../file-format.js";
import { headerScore, isoDateSql, literal, presentCounts, requireColumn } from "./shared.js";
import { X_DATE_FORMATS } from "./x-post-content.js";

/** X analytics account overview export (2024+): one row per day for the whole account. */
export const xAccountOverview: FileFormat = {
  name: "x-account-overview",
  description:
    "X analytics account overview export (2024+: Date, Impressions, …, New follows, Unfollows) → account_days",
  detect(probe) {
    if (probe.header.some((h) => h.toLowerCase() === "post id")) return 0;
    return headerScore(
      probe,
      [["Date"], ["Impressions"], ["Engagements"], ["New follows"]],
      ["Likes", "Bookmarks", "Shares", "Unfollows", "Replies", "Reposts", "Profile visits", "Create Post"],
    );
  },
  mappings(probe) {
    return [
      {
        target: "account_days",
        columns: {
          ...presentCounts(probe, {
            impressions: "Impressions",
            engagements: "Engagements",
            profile_visits: "Profile visits",
          }),
          network: literal("x"),
          date: isoDateSql(requireColumn(probe, "Date"), X_DATE_FORMATS),
        },
      },
    ];
  },
};
