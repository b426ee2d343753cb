import type { FileFormat } from "../file-format.js";
import { linkedinPage } from "./linkedin-shared.js";
import { headerScore, literal, presentCounts, requireColumn } from "./shared.js";

/** LinkedIn page analytics, visitors export, daily "Visitor metrics" sheet. */
export const linkedinVisitors: FileFormat = {
  name: "linkedin-visitors",
  slashedDates: "mdy",
  description:
    "LinkedIn page analytics visitors export, daily page views (Date, Total page views (total), …) → account_days",
  detect(probe) {
    return headerScore(
      probe,
      [["Date"], ["Total page views (total)"]],
      [
        "Total unique visitors (total)",
        "Overview page views (total)",
        "Life page views (total)",
        "Jobs page views (total)",
      ],
    );
  },
  mappings(probe) {
    const page = linkedinPage(probe);
    return [
      {
        target: "account_days",
        columns: {
          ...presentCounts(probe, { profile_visits: "Total page views (total)" }),
          date: requireColumn(probe, "Date"),
          network: literal("linkedin"),
          ...(page ? { account: literal(page) } : {}),
        },
      },
    ];
  },
};
