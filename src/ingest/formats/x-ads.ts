import { quoteIdent } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import { adDate, adSpendMappings } from "./ad-spend.js";
import { findColumn, headerScore, requireColumn } from "./shared.js";

/** `Mar 1, 2024 - Mar 31, 2024`: one side of X Ads' time period column. */
function periodSide(column: string, side: 1 | 2) {
  return {
    sql: `coalesce(strftime(try_strptime(trim(split_part(${quoteIdent(column)}, ' - ', ${side})), ['%b %d, %Y', '%Y-%m-%d']), '%Y-%m-%d'), trim(${quoteIdent(column)}))`,
  };
}

/** X Ads campaign report. */
export const xAds: FileFormat = {
  name: "x-ads",
  slashedDates: "mdy",
  description:
    "X Ads campaign report (Campaign name, Time period or Date, Spend, Impressions, Link clicks, …) → costs",
  detect(probe) {
    return headerScore(
      probe,
      [["Campaign name"], ["Spend", "Billed charge"], ["Time period", "Date", "Start time"]],
      ["Impressions", "Link clicks", "Engagements", "Results", "Funding source name", "Campaign ID"],
    );
  },
  mappings(probe) {
    const period = findColumn(probe, "Time period");
    const day = findColumn(probe, "Date", "Start time");
    const end = findColumn(probe, "End time");
    return adSpendMappings(probe, {
      network: "x",
      platform: "X Ads",
      campaign: requireColumn(probe, "Campaign name"),
      spend: requireColumn(probe, "Spend", "Billed charge"),
      start: period ? periodSide(period, 1) : adDate(day as string),
      ...(period ? { end: periodSide(period, 2) } : end ? { end: adDate(end) } : {}),
    });
  },
};
