import type { FileFormat } from "../file-format.js";
import { adDate, adSpendMappings } from "./ad-spend.js";
import { findColumn, headerScore, requireColumn } from "./shared.js";

const SPEND = (header: string) => /^amount spent/i.test(header);

/** Meta Ads Manager campaign report (Facebook and Instagram ads). */
export const metaAds: FileFormat = {
  name: "meta-ads",
  slashedDates: "mdy",
  description:
    "Meta Ads Manager report (Campaign name, Reporting starts, Reporting ends, Amount spent (EUR), …) → costs",
  detect(probe) {
    if (!probe.header.some(SPEND)) return 0;
    return headerScore(
      probe,
      [["Campaign name", "Ad set name", "Ad name"], ["Reporting starts"]],
      ["Reporting ends", "Impressions", "Reach", "Link clicks", "Results"],
    );
  },
  mappings(probe) {
    const day = findColumn(probe, "Day");
    const starts = requireColumn(probe, "Reporting starts");
    const ends = findColumn(probe, "Reporting ends");
    return adSpendMappings(probe, {
      network: "facebook",
      platform: "Meta Ads",
      campaign: requireColumn(probe, "Campaign name", "Ad set name", "Ad name"),
      spend: probe.header.find(SPEND) as string,
      start: adDate(day ?? starts),
      ...(ends && !day ? { end: adDate(ends) } : {}),
    });
  },
};
