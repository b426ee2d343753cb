import type { FileFormat } from "../file-format.js";
import { linkedinPage, repostColumn, repostWarnings } from "./linkedin-shared.js";
import { headerScore, literal, presentCounts, requireColumn, sumOfCountsSql } from "./shared.js";

const TOTAL = " (total)";

/** LinkedIn page analytics, content export, daily metrics sheet (negative days are LinkedIn's corrections, kept). */
export const linkedinContentMetrics: FileFormat = {
  name: "linkedin-content-metrics",
  slashedDates: "mdy",
  description:
    "LinkedIn page analytics content export, daily metrics (Date, Impressions (total), Clicks (total), …) → account_days",
  detect(probe) {
    return headerScore(
      probe,
      [["Date"], ["Impressions (total)"], ["Clicks (total)"]],
      [
        "Impressions (organic)",
        "Unique impressions (organic)",
        "Reactions (total)",
        "Comments (total)",
        "Reposts (total)",
        "Shares (total)",
        "Engagement rate (total)",
      ],
    );
  },
  mappings(probe) {
    const page = linkedinPage(probe);
    const parts = ["Clicks", "Reactions", "Comments"].map((name) => requireColumn(probe, `${name}${TOTAL}`));
    const reposts = repostColumn(probe, TOTAL);
    return [
      {
        target: "account_days",
        columns: {
          ...presentCounts(probe, {
            impressions: `Impressions${TOTAL}`,
            reach: "Unique impressions (organic)",
          }),
          engagements: sumOfCountsSql(reposts ? [...parts, reposts] : parts),
          date: requireColumn(probe, "Date"),
          network: literal("linkedin"),
          ...(page ? { account: literal(page) } : {}),
        },
      },
    ];
  },
  warnings: (probe) => repostWarnings(probe, TOTAL),
};
