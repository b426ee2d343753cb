import type { FileFormat } from "../file-format.js";
import { headerScore, literal, monthDaySql, presentCounts, requireColumn } from "./shared.js";

/** TikTok Studio analytics, follower history download: the follower count at the end of each day. */
export const tiktokFollowers: FileFormat = {
  name: "tiktok-followers",
  description:
    "TikTok Studio follower history (Date, Followers, Difference in followers from previous day) → account_days",
  detect(probe) {
    return headerScore(probe, [
      ["Date"],
      ["Followers"],
      ["Difference in followers from previous day", "Difference"],
    ]);
  },
  mappings(probe, options) {
    return [
      {
        target: "account_days",
        columns: {
          ...presentCounts(probe, { followers: "Followers" }),
          date: monthDaySql(probe, requireColumn(probe, "Date"), options, "TikTok Studio days"),
          network: literal("tiktok"),
        },
      },
    ];
  },
};
