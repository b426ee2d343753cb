import { createHash } from "node:crypto";
import { dayProblem } from "../../domain/input-bounds.js";
import { quoteIdent, quoteLiteral } from "../../store/sql-text.js";
import type { ColumnSource, ImportOptions, TableMapping } from "../file-format.js";
import { ImportError } from "../import-error.js";
import type { FileProbe } from "../probe-file.js";

/** Helpers shared by the readers of native exports: header matching, detection scores and SQL snippets. */

function normalise(name: string): string {
  return name.trim().toLowerCase();
}

/** The file's own spelling of the first of `names` present in the header (case and spaces ignored). */
export function findColumn(probe: FileProbe, ...names: string[]): string | undefined {
  for (const name of names) {
    const found = probe.header.find((h) => normalise(h) === normalise(name));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Like findColumn, for the columns a reader cannot work without (detection guarantees them). */
export function requireColumn(probe: FileProbe, ...names: string[]): string {
  const found = findColumn(probe, ...names);
  if (found === undefined) {
    throw new ImportError(probe.fileName, [
      { row: 0, column: names[0], expected: `a "${names.join('" or "')}" column in the header` },
    ]);
  }
  return found;
}

/**
 * Detection score: 0 unless every required column (each an alternative list) is present, then
 * 0.7 to 0.95 as more of the format's typical columns appear, so a native export beats a
 * canonical format that happens to share a few column names.
 */
export function headerScore(probe: FileProbe, required: string[][], typical: string[] = []): number {
  if (!required.every((alternatives) => findColumn(probe, ...alternatives) !== undefined)) return 0;
  if (typical.length === 0) return 0.9;
  const found = typical.filter((name) => findColumn(probe, name) !== undefined).length;
  return 0.7 + 0.25 * (found / typical.length);
}

/** Mapping entries for the columns present, in canonical-name → file-column form. */
export function presentColumns(
  probe: FileProbe,
  wanted: Record<string, string | string[]>,
): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [canonical, names] of Object.entries(wanted)) {
    const found = findColumn(probe, ...(Array.isArray(names) ? names : [names]));
    if (found !== undefined) columns[canonical] = found;
  }
  return columns;
}

/**
 * A value as a parameter (as a column source, a constant column: the page named in the file's
 * name, the format's network, …), named after the value so that equal values share it and others
 * never clash.
 */
export function literal(value: string): { sql: string; params: Record<string, string> } {
  const name = `v_${createHash("sha256").update(value).digest("hex").slice(0, 16)}`;
  return { sql: `$${name}`, params: { [name]: value } };
}

export function trimmed(column: string): string {
  return `trim(${quoteIdent(column)})`;
}

/**
 * The name the network gave the file, without what copying it added in front: `Copy of …` and the
 * same in the product's other languages (a copy's added tail, ` (1)` or ` - Copy`, comes after
 * the parts read from the name).
 */
export function exportedName(probe: FileProbe): string {
  return probe.fileName.replace(/^(?:copy of|kopie van|copie de|kopie von|copia de)\s+/i, "");
}

/** A post's id in an X link (`…/status/1750000000000000001`). */
export const X_STATUS_ID = "/status(?:es)?/([0-9]+)";

/**
 * A post's id, taken from the post's link when the file has one: a spreadsheet rounds long ids
 * (`1.75E+18`) but leaves a link's text alone. An id it rounded that no link gives back is refused
 * by the importer (column-expressions.ts), never stored as a post of its own.
 */
export function idFromLink(id: string, link: string | undefined, pattern: string): ColumnSource {
  if (!link) return id;
  const regex = literal(pattern);
  return {
    sql: `coalesce(nullif(regexp_extract(${quoteIdent(link)}, ${regex.sql}, 1), ''), ${trimmed(id)})`,
    params: regex.params,
    column: id,
  };
}

/**
 * Counts as networks write them: `1.2K`, `3.4M`, `1,234`, `1 234`. Values it does not recognise
 * pass through unchanged so the importer reports them with the file's own text.
 */
function countSql(column: string): ColumnSource {
  const v = trimmed(column);
  const multiplier = `CASE upper(right(${v}, 1)) WHEN 'K' THEN 1000 WHEN 'M' THEN 1000000 ELSE 1000000000 END`;
  const mantissa = `TRY_CAST(replace(regexp_replace(${v}, '\\s*[KkMmBb]$', ''), ',', '.') AS DOUBLE)`;
  return {
    sql: `CASE WHEN regexp_full_match(${v}, '[+-]?[0-9]+([.,][0-9]+)?\\s*[KkMmBb]')
      THEN CAST(CAST(round(${mantissa} * ${multiplier}) AS BIGINT) AS VARCHAR)
      WHEN regexp_full_match(${v}, '[+-]?[0-9]{1,3}([, \\x{00a0}\\x{202f}][0-9]{3})+')
      THEN regexp_replace(${v}, '[, \\x{00a0}\\x{202f}]', '', 'g')
      ELSE ${v} END`,
  };
}

/** Counts for every present column of `wanted`, read with countSql. */
export function presentCounts(
  probe: FileProbe,
  wanted: Record<string, string | string[]>,
): Record<string, ColumnSource> {
  const columns: Record<string, ColumnSource> = {};
  for (const [canonical, column] of Object.entries(presentColumns(probe, wanted))) {
    columns[canonical] = countSql(column);
  }
  return columns;
}

/**
 * A local date-time in one of `formats` rewritten as ISO text (read in the workspace's time zone
 * by the importer); text in no such format passes through, so the error shows the file's value.
 */
export function localTimestampSql(column: string, formats: string[]): ColumnSource {
  const parsed = `try_strptime(${trimmed(column)}, [${formats.map(quoteLiteral).join(", ")}])`;
  return { sql: `coalesce(strftime(${parsed}, '%Y-%m-%d %H:%M:%S'), ${trimmed(column)})` };
}

/** A date in one of `formats` rewritten as ISO `YYYY-MM-DD`; unknown text passes through. */
export function isoDateSql(column: string, formats: string[]): ColumnSource {
  const parsed = `try_strptime(${trimmed(column)}, [${formats.map(quoteLiteral).join(", ")}])`;
  return { sql: `coalesce(strftime(${parsed}, '%Y-%m-%d'), ${trimmed(column)})` };
}

/** A short stable id from a list of SQL expressions (for rows the export gives no id). */
export function stableIdSql(prefix: string, parts: string[]): string {
  return `${quoteLiteral(prefix)} || substr(md5(concat_ws('|', ${parts.join(", ")})), 1, 16)`;
}

/** Exports without a year (legacy Insights, TikTok) need `--year`; refuse clearly rather than guess. */
export function requireYear(probe: FileProbe, options: ImportOptions, why: string): number {
  if (options.year !== undefined && Number.isInteger(options.year) && options.year > 1900)
    return options.year;
  throw new ImportError(probe.fileName, [
    { expected: `--year YYYY: ${why}; socialroi does not guess the year` },
  ]);
}

/** A currency written in a header such as `Amount spent (EUR)`. */
export function currencyInHeader(header: string): string | undefined {
  return /\(([A-Z]{3})\)/.exec(header)?.[1];
}

/**
 * An ISO date range in the file name or preamble, e.g. `2024-03-01_2024-03-31` or `20240301-20240331`;
 * digits that are no day socialroi takes in (`20241399`) are no range.
 */
function dateRangeIn(texts: string[]): { start: string; end: string } | undefined {
  const pattern = /(\d{4})-?(\d{2})-?(\d{2})\s*(?:_|-|–|to|~)\s*(\d{4})-?(\d{2})-?(\d{2})/;
  for (const text of texts) {
    const m = pattern.exec(text);
    if (!m) continue;
    const range = { start: `${m[1]}-${m[2]}-${m[3]}`, end: `${m[4]}-${m[5]}-${m[6]}` };
    if (!dayProblem(range.start) && !dayProblem(range.end)) return range;
  }
  return undefined;
}

/** Summary lines (`Total`, `Grand total`) and blank rows, by the column that names each row. */
export function totalRows(column: string): SkipRule[] {
  return [
    { when: `nullif(${trimmed(column)}, '') IS NULL`, reason: quoteLiteral(`rows without a "${column}"`) },
    {
      when: `regexp_full_match(lower(${trimmed(column)}), '(grand )?totals?(:.*)?')`,
      reason: quoteLiteral("total rows (the sum of the others)"),
    },
  ];
}

/** Why a row of the file is not imported: a SQL condition and a SQL text expression naming the reason. */
export interface SkipRule {
  when: string;
  reason: string;
}

/**
 * The sales mapping's filter and its explanation from one list of rules, so that every row left
 * out is counted under the first rule it meets and no row is left out unexplained.
 */
export function skippingRows(rules: SkipRule[]): Pick<TableMapping, "where" | "skipped"> {
  const reason = `CASE ${rules.map((r) => `WHEN coalesce(${r.when}, false) THEN ${r.reason}`).join(" ")} END`;
  return { where: `${reason} IS NULL`, skipped: reason };
}

/** The sum of several count columns as text (NULL when all are empty), e.g. LinkedIn's engagement parts. */
export function sumOfCountsSql(columns: string[]): ColumnSource {
  const values = columns.map((c) => {
    const count = countSql(c) as { sql: string };
    return `TRY_CAST(${count.sql} AS BIGINT)`;
  });
  return {
    sql: `CASE WHEN ${values.map((v) => `${v} IS NOT NULL`).join(" OR ")}
      THEN CAST(${values.map((v) => `coalesce(${v}, 0)`).join(" + ")} AS VARCHAR) END`,
  };
}

/** Amounts: `--` (Google Ads) and `-` mean no value; currency symbols and spaces are dropped by the importer. */
export function amountSql(column: string): ColumnSource {
  return { sql: `nullif(${trimmed(column)}, '--')` };
}

/** Languages whose month names dates without a year come in (TikTok writes `8 de marzo`, `8 mars`, `8. März`). */
const MONTH_NAME_LOCALES = ["en", "es", "fr", "de", "it", "pt", "nl"];

/** Each month's long and short names in those languages, lower-case and without the abbreviation's dot, as Intl writes them. */
const MONTH_NAMES: string[][] = Array.from({ length: 12 }, (_, month) => {
  const day = new Date(Date.UTC(2024, month, 15));
  const names = MONTH_NAME_LOCALES.flatMap((locale) =>
    (["long", "short"] as const).map((width) =>
      new Intl.DateTimeFormat(locale, { month: width, timeZone: "UTC" })
        .format(day)
        .toLowerCase()
        .replace(/\.$/, ""),
    ),
  );
  // A cell is split into words of letters, so a name with anything else could never match.
  return [...new Set(names)].filter((name) => /^\p{L}+$/u.test(name));
});

/** The month the first month-name word of a text names, as a number (NULL when none does); whole words, so `mar` is not `marzo`. */
function monthNumberSql(text: string): string {
  const cases = MONTH_NAMES.flatMap((names, index) =>
    names.map((name) => `WHEN ${quoteLiteral(name)} THEN ${index + 1}`),
  );
  return `list_filter(list_transform(regexp_extract_all(lower(${text}), '\\p{L}+'), w -> CASE w ${cases.join(" ")} END), m -> m IS NOT NULL)[1]`;
}

/** The first standalone number of `digits` digits in a text, as an integer (NULL when there is none). */
function numberInTextSql(text: string, digits: string): string {
  return `TRY_CAST(nullif(regexp_extract(${text}, '(^|\\D)(\\d{${digits}})(\\D|$)', 2), '') AS INTEGER)`;
}

/**
 * Dates written with a month name (`March 3`, `3 mars 2024`, `8 de marzo`): the year is the one
 * written, else the export's date range's (the latest year that keeps the day within the range's
 * end), else `--year`. ISO dates pass as they are; anything else passes through to be reported.
 */
export function monthDaySql(
  probe: FileProbe,
  column: string,
  options: ImportOptions,
  what: string,
): ColumnSource {
  const v = trimmed(column);
  // The month and day are read once per cell (`md`), however many years are tried.
  const onDay = (year: string) => `TRY_CAST(format('{:04d}-{:02d}-{:02d}', ${year}, md.m, md.d) AS DATE)`;
  const complete = `coalesce(CAST(try_strptime(${v}, '%Y-%m-%d') AS DATE), ${onDay("md.y")})`;
  const range = dateRangeIn([probe.fileName, ...probe.preamble]);
  const needsYear = probe.sampleRows.some((row) => {
    const value = row[probe.header.indexOf(column)] ?? "";
    return /\p{L}/u.test(value) && /\d/.test(value) && !/\d{4}/.test(value);
  });
  let dated = "NULL";
  let params: Record<string, string> = {};
  if (range) {
    const rangeEnd = literal(range.end);
    params = rangeEnd.params;
    const end = `CAST(${rangeEnd.sql} AS DATE)`;
    dated = `CASE WHEN ${onDay(`year(${end})`)} > ${end} THEN ${onDay(`year(${end}) - 1`)} ELSE ${onDay(`year(${end})`)} END`;
  } else if (needsYear) {
    const year = literal(
      String(
        requireYear(probe, options, `${what} are dated without a year and the file names no date range`),
      ),
    );
    params = year.params;
    dated = onDay(`CAST(${year.sql} AS INTEGER)`);
  }
  const parts = `{'m': ${monthNumberSql(v)}, 'd': ${numberInTextSql(v, "1,2")}, 'y': ${numberInTextSql(v, "4")}}`;
  const day = `list_transform([${parts}], md -> coalesce(${complete}, ${dated}))[1]`;
  return { sql: `coalesce(strftime(${day}, '%Y-%m-%d'), ${v})`, params };
}
