import type { FileFormat } from "../file-format.js";
import { quoteIdent } from "../sql-parse.js";
import { headerScore, requireColumn } from "./shared.js";

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
    const bid = (name: string) =>
      `TRY_CAST(replace(regexp_replace(trim(${quoteIdent(requireColumn(probe, name))}), '[^0-9.,]', '', 'g'), ',', '.') AS DOUBLE)`;
    const [low, high] = [bid(LOW), bid(HIGH)];
    return [
      {
        target: "keyword_cpcs",
        where: `${low} IS NOT NULL OR ${high} IS NOT NULL`,
        columns: {
          keyword: requireColumn(probe, "Keyword"),
          // The planner gives a range of top-of-page bids; its midpoint stands for the keyword's CPC.
          cpc: {
            sql: `CAST(round((coalesce(${low}, ${high}) + coalesce(${high}, ${low})) / 2, 4) AS VARCHAR)`,
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
