import type { CanonicalFormatName } from "../domain/canonical.js";
import type { Params } from "../store/store.js";
import type { FileProbe } from "./probe-file.js";

/**
 * How a canonical column gets its value from a staged file (every staged column is text):
 * - a column name of the file, read with the canonical column's type and the file's number/date style;
 * - `sql`: an expression over the staged columns giving text in the canonical form (then typed as above),
 *   or, with `typed: true`, the final typed value; values it takes from outside the file's cells
 *   (its name, its preamble) are `$name` parameters in `params`, never SQL text; `column` names the
 *   file column it reads, for messages about its values (which should pass through unparsed text).
 */
export type ColumnSource = string | { sql: string; typed?: boolean; params?: Params; column?: string };

export interface TableMapping {
  target: CanonicalFormatName;
  /** What the rows are, as the import summary names them when a file fills one table twice (sales and refunds); else the table's name. */
  label?: string;
  columns: Partial<Record<string, ColumnSource>>;
  /** SQL condition over the staged columns selecting the rows that belong to this table (e.g. skip a `Total` row). */
  where?: string;
  /**
   * SQL giving, for each row of the file left out on purpose, why (NULL for the rows read): counted
   * by reason in the import report. Give it on one mapping of a file, the one whose `where` it explains.
   */
  skipped?: string;
}

export interface ImportOptions {
  /** For exports that carry no year (legacy Facebook Insights, TikTok dates without a year). */
  year?: number;
  timezone: string;
}

/** One kind of file socialroi reads: a canonical format or a network's native export. */
export interface FileFormat {
  name: string;
  description: string;
  /** How sure this format is that it can read the probed file: 0 = not at all, 1 = certain. */
  detect(probe: FileProbe): number;
  /** Tables this file fills, and how; may refuse with an ImportError (e.g. a required --year). */
  mappings(probe: FileProbe, options: ImportOptions): TableMapping[];
  /** Columns of the file that the mappings use (the rest are kept as raw JSON). */
  usedColumns?(probe: FileProbe): string[];
  /** What the user should know about how the file was read (a renamed column recognised, an estimate made). */
  warnings?(probe: FileProbe): string[];
  /**
   * The order in which the network writes a slashed date (`03/04/2024`). The file's own dates
   * decide when one has a day past 12 (a re-save in another locale writes them day first); this
   * order, when they cannot tell. Formats give slashed dates to the importer as they are.
   */
  slashedDates?: "mdy" | "dmy";
}
