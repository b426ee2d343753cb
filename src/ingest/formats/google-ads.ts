import type { FileFormat } from "../file-format.js";
import { adDate, adSpendMappings } from "./ad-spend.js";
import { headerScore, requireColumn } from "./shared.js";

/** Google Ads campaign report (report title and date range lines above the header, `--` for empty). */
export const googleAds: FileFormat = {
  name: "google-ads",
  slashedDates: "mdy",
  description:
    "Google Ads campaign report (Campaign, Day, Currency code, Cost, Impr., Clicks, Conversions) → costs",
  detect(probe) {
    return headerScore(
      probe,
      [["Campaign"], ["Day"], ["Cost"]],
      ["Impr.", "Clicks", "Conversions", "Currency code", "Campaign type"],
    );
  },
  mappings(probe) {
    return adSpendMappings(probe, {
      network: "google",
      platform: "Google Ads",
      campaign: requireColumn(probe, "Campaign"),
      spend: requireColumn(probe, "Cost"),
      start: adDate(requireColumn(probe, "Day")),
      currencyColumns: ["Currency code", "Currency"],
    });
  },
};
