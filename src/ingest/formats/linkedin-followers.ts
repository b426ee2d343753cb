import type { FileFormat } from "../file-format.js";
import { linkedinPage } from "./linkedin-shared.js";
import { headerScore, literal, requireColumn } from "./shared.js";

/**
 * LinkedIn page analytics, followers export, "New followers" sheet. Its figures are follower gains
 * per day, not the follower count `followers` holds, so they are kept as the row's raw data.
 */
export const linkedinFollowers: FileFormat = {
  name: "linkedin-followers",
  slashedDates: "mdy",
  description:
    "LinkedIn page analytics followers export, new followers per day (Date, Organic followers, …) → account_days",
  detect(probe) {
    return headerScore(
      probe,
      [["Date"], ["Organic followers"], ["Total followers"]],
      ["Sponsored followers", "Auto-invited followers"],
    );
  },
  mappings(probe) {
    const page = linkedinPage(probe);
    return [
      {
        target: "account_days",
        columns: {
          date: requireColumn(probe, "Date"),
          network: literal("linkedin"),
          ...(page ? { account: literal(page) } : {}),
        },
      },
    ];
  },
  warnings: () => ["new followers per day are kept as raw data: the file has no follower count"],
};
