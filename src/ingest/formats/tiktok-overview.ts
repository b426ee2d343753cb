import type { FileFormat } from "../file-format.js";
import { headerScore, literal, monthDaySql, presentCounts, requireColumn, sumOfCountsSql } from "./shared.js";

/** TikTok Studio analytics, overview download: one row per day for the account. */
export const tiktokOverview: FileFormat = {
  name: "tiktok-overview",
  description:
    "TikTok Studio overview (Date, Video Views, Profile Views, Likes, Comments, Shares; 1.2K counts) → account_days",
  detect(probe) {
    return headerScore(
      probe,
      [["Date"], ["Video Views", "Video views"], ["Profile Views", "Profile views"]],
      ["Likes", "Comments", "Shares"],
    );
  },
  mappings(probe, options) {
    const interactions = ["Likes", "Comments", "Shares"].map((name) => requireColumn(probe, name));
    return [
      {
        target: "account_days",
        columns: {
          ...presentCounts(probe, { impressions: "Video Views", profile_visits: "Profile Views" }),
          engagements: sumOfCountsSql(interactions),
          date: monthDaySql(probe, requireColumn(probe, "Date"), options, "TikTok Studio days"),
          network: literal("tiktok"),
        },
      },
    ];
  },
};
