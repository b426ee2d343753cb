import { quoteIdent } from "../../store/sql-text.js";
import type { FileFormat } from "../file-format.js";
import { numberSql } from "../sql-parse.js";
import { detectValueStyle } from "../value-style.js";
import { headerScore, requireColumn, skippingRows } from "./shared.js";

const LOW = "Top of page bid (low range)";
const HIGH = "Top of page bid (high range)";

/** Google Ads Keyword Planner export (UTF-16, tab-separated, two title lines above the header). */
export const keywordPlanner: FileFormat = {
  name: "keyword-planner",
  description:
    "Google Keyword Planner export (Keyword, Currency, Avg. monthly searches, Top of page bid (low/high range)) → keyword_cpcs",
  detect(probe) {
    return headerScore(
      probe,
      [["Keyword"], [LOW], [HIGH]],
      ["Currency", "Avg. monthly searches", "Competition", "Three month change"],
    );
  },
  mappings(probe) {
    const columns = [requireColumn(probe, LOW), requireColumn(probe, HIGH)];
    // Bids are read in the file's number style, as the importer reads every amount: a re-save in a
    // comma-decimal locale writes `1,10`.
    const style = detectValueStyle(
      probe.sampleRows,
      columns.map((c) => probe.header.indexOf(c)),
      [],
      probe.delimiter,
    );
    const [low, high] = columns.map((c) => numberSql(quoteIdent(c), style));
    return [
      {
        target: "keyword_cpcs",
        ...skippingRows([
          { when: `${low} IS NULL AND ${high} IS NULL`, reason: "'keywords without a top-of-page bid'" },
        ]),
        columns: {
          keyword: requireColumn(probe, "Keyword"),
          // The planner gives a range of top-of-page bids; its midpoint stands for the keyword's CPC.
          cpc: {
            sql: `round((coalesce(${low}, ${high}) + coalesce(${high}, ${low})) / 2, 4)`,
            typed: true,
          },
          currency: requireColumn(probe, "Currency"),
        },
      },
    ];
  },
  warnings: () => [
    "cpc is the midpoint of the top-of-page bid range (low + high) ÷ 2; keywords without bids were skipped",
  ],
};
