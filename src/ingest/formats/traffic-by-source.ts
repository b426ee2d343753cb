import type { FileFormat } from "../file-format.js";
import {
  findColumn,
  headerScore,
  presentColumns,
  presentCounts,
  requireColumn,
  skippingRows,
  totalRows,
} from "./shared.js";

const SOURCE = ["Source", "Session source", "utm_source", "Referrer"];
const DATE = ["Date", "Day", "Month", "Week"];

/** A generic sessions-by-source/medium/campaign table (Matomo, Plausible, Universal Analytics, spreadsheets). */
export const trafficBySource: FileFormat = {
  name: "traffic-by-source",
  description:
    "Generic sessions table (Date/Day, Source, Medium, Campaign, Sessions/Visits, Users/Visitors) → traffic",
  detect(probe) {
    // The canonical traffic file has the same words; it is read by its own format.
    if (findColumn(probe, "source") === "source" && findColumn(probe, "sessions") === "sessions") return 0;
    return (
      0.9 *
      headerScore(probe, [DATE, SOURCE, ["Sessions", "Visits"]], ["Medium", "Campaign", "Users", "Visitors"])
    );
  },
  mappings(probe) {
    const source = requireColumn(probe, ...SOURCE);
    return [
      {
        target: "traffic",
        ...skippingRows(totalRows(source)),
        columns: {
          ...presentColumns(probe, {
            date: DATE,
            medium: ["Medium", "Session medium", "utm_medium"],
            campaign: ["Campaign", "Session campaign", "utm_campaign"],
            source: SOURCE,
          }),
          ...presentCounts(probe, {
            sessions: ["Sessions", "Visits"],
            users: ["Users", "Visitors", "Unique visitors", "Total users"],
          }),
        },
      },
    ];
  },
};
