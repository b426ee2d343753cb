import { quoteIdent } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import { ImportError } from "../import-error.js";
import type { FileProbe } from "../probe-file.js";
import {
  findColumn,
  headerScore,
  literal,
  presentColumns,
  presentCounts,
  requireColumn,
  skippingRows,
  totalRows,
} from "./shared.js";

const SOURCE_MEDIUM = [
  "Session source / medium",
  "First user source / medium",
  "Source / medium",
  "Source / Medium",
];

/** `# Start date: 20240301` in GA4's comment block, for reports without a Date dimension. */
function reportStart(probe: FileProbe): string | undefined {
  const line = probe.preamble.find((l) => /start date/i.test(l));
  const m = /(\d{4})-?(\d{2})-?(\d{2})/.exec(line ?? "");
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** `facebook.com / referral` split into source and medium. */
function part(column: string, index: 1 | 2): string {
  return `nullif(trim(split_part(${quoteIdent(column)}, ' / ', ${index})), '')`;
}

/** GA4 report CSV (Traffic acquisition and Explorations): `#` comment block, `Session source / medium`. */
export const ga4Traffic: FileFormat = {
  name: "ga4-traffic",
  description:
    "Google Analytics 4 report CSV (# comment block, Session source / medium, Date YYYYMMDD, Sessions) → traffic",
  detect(probe) {
    const score = headerScore(
      probe,
      [SOURCE_MEDIUM, ["Sessions"]],
      ["Date", "Total users", "Active users", "Session campaign", "Engaged sessions"],
    );
    return score && (probe.preamble.some((l) => l.startsWith("#")) ? Math.min(score + 0.05, 1) : score);
  },
  mappings(probe) {
    const sourceMedium = requireColumn(probe, ...SOURCE_MEDIUM);
    const day = findColumn(probe, "Date");
    const start = reportStart(probe);
    const date = day ?? (start ? literal(start) : undefined);
    // Without a day to date them, every row would be refused one by one for the same reason.
    if (!date) {
      throw new ImportError(probe.fileName, [
        {
          row: 0,
          column: "Date",
          expected:
            "a Date column: add the Date dimension to the report in GA4 and export it again (or keep the `# Start date` line GA4 writes above the table)",
        },
      ]);
    }
    return [
      {
        target: "traffic",
        ...skippingRows(totalRows(sourceMedium)),
        columns: {
          ...presentColumns(probe, { campaign: ["Session campaign", "Session campaign name", "Campaign"] }),
          ...presentCounts(probe, { sessions: "Sessions", users: ["Total users", "Users", "Active users"] }),
          ...presentColumns(probe, { revenue: ["Total revenue", "Purchase revenue"] }),
          source: { sql: part(sourceMedium, 1) },
          medium: { sql: part(sourceMedium, 2) },
          date,
        },
      },
    ];
  },
  warnings(probe) {
    return findColumn(probe, "Date")
      ? []
      : ["the report has no Date column: its totals are dated on the report's start date"];
  },
};
