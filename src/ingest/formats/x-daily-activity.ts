import type { FileFormat } from "../file-format.js";
import { exportedName, headerScore, literal, presentColumns } from "./shared.js";

/** X (Twitter) analytics daily export, `daily_tweet_activity_metrics_<account>_<from>_<to>_<lang>.csv`. */
export const xDailyActivity: FileFormat = {
  name: "x-daily-activity",
  description: "X/Twitter analytics daily export (daily_tweet_activity_metrics_*.csv) → account_days",
  detect(probe) {
    const score = headerScore(
      probe,
      [["Date"], ["Tweets published"], ["impressions"]],
      ["engagements", "engagement rate", "retweets", "replies", "likes", "url clicks"],
    );
    return score && (exportedName(probe).startsWith("daily_tweet_activity_metrics") ? 1 : score);
  },
  mappings(probe) {
    const account = /^daily_tweet_activity_metrics_(.+?)_\d{8}_\d{8}/.exec(exportedName(probe))?.[1];
    return [
      {
        target: "account_days",
        columns: {
          ...presentColumns(probe, {
            date: "Date",
            impressions: "impressions",
            engagements: "engagements",
            profile_visits: "user profile clicks",
          }),
          network: literal("x"),
          ...(account ? { account: literal(account) } : {}),
        },
      },
    ];
  },
};
