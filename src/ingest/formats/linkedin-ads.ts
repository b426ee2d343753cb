import type { FileFormat } from "../file-format.js";
import { adDate, adSpendMappings } from "./ad-spend.js";
import { findColumn, headerScore, requireColumn } from "./shared.js";

/** LinkedIn Campaign Manager performance report (title lines above the header, dates in UTC). */
export const linkedinAds: FileFormat = {
  name: "linkedin-ads",
  slashedDates: "mdy",
  description:
    "LinkedIn Campaign Manager report (Start Date (in UTC), Campaign Name, Total Spent, Currency, …) → costs",
  detect(probe) {
    return headerScore(
      probe,
      [["Start Date (in UTC)"], ["Campaign Name"], ["Total Spent"]],
      ["Currency", "Impressions", "Clicks", "Campaign Group Name", "Campaign ID", "Account Name"],
    );
  },
  mappings(probe) {
    const end = findColumn(probe, "End Date (in UTC)");
    return adSpendMappings(probe, {
      network: "linkedin",
      platform: "LinkedIn Ads",
      campaign: requireColumn(probe, "Campaign Name"),
      spend: requireColumn(probe, "Total Spent"),
      start: adDate(requireColumn(probe, "Start Date (in UTC)")),
      ...(end ? { end: adDate(end) } : {}),
    });
  },
};
