import { z } from "zod";
import { quoteLiteral } from "../store/sql-text.js";
import { CHANNEL_CODE_POINT, SURROGATE_COUNT, SURROGATES } from "./aggregate.js";

/**
 * The SQL that reads attribution files (read.ts): DuckDB reads, types, checks and groups the rows,
 * so JavaScript receives the unique paths only. Every value is bound ($file_path, $whitespace,
 * $exclude, $lookback_ms, $half_life_ms, $time_zone); the text is composed from the header alone
 * (its delimiter, one of `,` and `;`, and how many columns it has).
 */

/** The message a grouping statement raises, with DuckDB's `error()`, at a row it refuses. */
export const ROW_REFUSED = "socialroi: attribution row refused";

export type Wanted = Record<string, { names: readonly string[]; required: boolean }>;

/** A column's check, in the order rows are checked: the first failing one is reported. */
export interface ColumnCheck {
  column: string;
  expected: string;
}

export interface Header {
  delimiter: string;
  /** Positions (1-based) of the wanted columns the header has. */
  columns: Record<string, number>;
  width: number;
}

export const PATH_COLUMNS: Wanted = {
  path: { names: ["path", "paths"], required: true },
  total_conversions: { names: ["total_conversions", "conversions"], required: true },
  total_conversion_value: { names: ["total_conversion_value", "conversion_value", "value"], required: false },
  total_null: { names: ["total_null", "total_nulls", "null", "nulls"], required: false },
};

const NON_NEGATIVE = "a non-negative number";

export const PATH_CHECKS: readonly ColumnCheck[] = [
  { column: "path", expected: 'channel names separated by ">"' },
  { column: "total_conversions", expected: NON_NEGATIVE },
  { column: "total_conversion_value", expected: NON_NEGATIVE },
  { column: "total_null", expected: NON_NEGATIVE },
];

export const EVENT_COLUMNS: Wanted = {
  customer_id: { names: ["customer_id", "customer", "user_id", "client_id"], required: true },
  time: { names: ["time", "timestamp", "event_time", "date"], required: true },
  channel: { names: ["channel"], required: true },
  conversion: { names: ["conversion", "conversions", "converted"], required: true },
  conversion_value: { names: ["conversion_value", "value", "revenue"], required: false },
};

export const EVENT_CHECKS: readonly ColumnCheck[] = [
  { column: "customer_id", expected: "a customer id" },
  { column: "time", expected: "an ISO 8601 date-time" },
  { column: "channel", expected: "a channel name" },
  { column: "conversion", expected: NON_NEGATIVE },
  { column: "conversion_value", expected: "a number" },
];

/**
 * What a grouping statement returns, in one row: the unique paths in one text (a character per
 * channel number, paths separated by spaces: aggregate.ts's `pathsFromText`) with their figures in
 * lists of the same order, the channels by number with their time-decay credit, and the totals.
 */
export const GROUPED_ROW = z.object({
  paths: z.string(),
  path_conversions: z.array(z.number()),
  path_values: z.array(z.number()),
  path_nulls: z.array(z.number()),
  channels: z.array(z.string()),
  decay_conversions: z.array(z.number()),
  decay_values: z.array(z.number()),
  unattributed_conversions: z.number(),
  unattributed_value: z.number(),
  converting: z.number(),
  untimed: z.number(),
  /** Customer ids that kept white space other than spaces at an end ("fast" mode). */
  untrimmed: z.number(),
});
export type GroupedRow = z.infer<typeof GROUPED_ROW>;

/** The first refused row: its number as a spreadsheet shows it, the failing column, its text. */
export const BAD_ROW = z.object({ row: z.number(), problem: z.string(), got: z.string() });

/**
 * "fast" trims cells of spaces only (DuckDB's `trim` with a set of characters is several times
 * slower), and tells in `untrimmed` whether a customer id kept other white space at an end; "exact"
 * trims what JavaScript's `trim()` does; "locate" finds the first refused row, trimming exactly.
 */
export type Mode = "fast" | "exact" | "locate";

/** The white space JavaScript's `trim()` removes besides the space, as code points. */
const OTHER_WHITESPACE = [
  9, 10, 11, 12, 13, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];
export const WHITESPACE = ` ${String.fromCodePoint(...OTHER_WHITESPACE)}`;

/** Whether `text` (trimmed of spaces) still starts or ends with white space JavaScript would trim. */
function untrimmed(text: string): string {
  const code = (c: number) => `\\x{${c.toString(16)}}`;
  const others = `[${OTHER_WHITESPACE.map(code).join("")}]`;
  // The comparisons pass over most texts (none of their ends below "!" or from U+00A0 up) cheaply.
  const unusual = (end: string) => `(${end} < '!' OR ${end} >= chr(160))`;
  return `(CASE WHEN ${unusual(text)} OR ${unusual(`right(${text}, 1)`)}
    THEN regexp_matches(${text}, '^${others}|${others}$') ELSE false END)`;
}

/**
 * The file's wanted columns as trimmed text (`''` for a short row), the missing ones as NULL. Blank
 * lines are skipped and the header is row 1, so in "locate" mode `row` counts as a spreadsheet does.
 * In "fast" mode only the `identities` (names rows are grouped by) are trimmed, of spaces: a number
 * or a time with white space around it is refused there, and read again in "exact" mode. The
 * `untrimmedColumns` are trimmed later (a path, once split into channels) except to show them.
 */
function cells(
  header: Header,
  wanted: Wanted,
  mode: Mode,
  identities: readonly string[],
  untrimmedColumns: readonly string[] = [],
): string {
  const types = Array.from({ length: header.width }, (_, i) => `'c${i + 1}': 'VARCHAR'`).join(", ");
  const columns = Object.keys(wanted).map((column) => {
    const position = header.columns[column];
    return position === undefined
      ? `NULL::VARCHAR AS ${column}`
      : mode === "locate" || (mode === "exact" && !untrimmedColumns.includes(column))
        ? `trim(coalesce(c${position}, ''), $whitespace) AS ${column}`
        : mode === "fast" && identities.includes(column)
          ? `trim(coalesce(c${position}, '')) AS ${column}`
          : `coalesce(c${position}, '') AS ${column}`;
  });
  if (mode === "locate") columns.unshift("row_number() OVER () + 1 AS spreadsheet_row");
  return `cells AS (
    SELECT ${columns.join(", ")}
    FROM read_csv($file_path, delim = ${quoteLiteral(header.delimiter)}, quote = '"', escape = '"',
      header = true, auto_detect = false, columns = {${types}}, null_padding = true, strict_mode = false,
      encoding = 'utf-8'))`;
}

/**
 * A number as JavaScript's `Number()` reads it, NULL where it would not give one; a decimal comma
 * (`2,5`, as European exports write) is read too.
 */
function number(text: string): string {
  return `CASE WHEN ${text} IS NULL OR contains(${text}, '_') THEN NULL
    WHEN contains(${text}, ',') THEN CASE WHEN regexp_full_match(${text}, '-?[0-9]+,[0-9]+')
      THEN TRY_CAST(replace(${text}, ',', '.') AS DOUBLE) END
    ELSE TRY_CAST(${text} AS DOUBLE) END`;
}

function fails(value: string, nonNegative: boolean): string {
  return `(${value} IS NULL OR NOT isfinite(${value})${nonNegative ? ` OR ${value} < 0` : ""})`;
}

const REFUSE = `error(${quoteLiteral(ROW_REFUSED)})`;

/** The statement's end: in "locate" mode the first refused row, else `body` over the accepted rows. */
function finish(mode: Mode, checks: readonly ColumnCheck[], body: string): string {
  if (mode === "locate") {
    const got = checks.map(({ column }) => `WHEN '${column}' THEN ${column}`).join(" ");
    return `located AS (
      SELECT spreadsheet_row AS "row", problem, CASE problem ${got} END AS got FROM judged
      WHERE problem IS NOT NULL ORDER BY spreadsheet_row LIMIT 1)
    SELECT * FROM located`;
  }
  return `accepted AS (SELECT * FROM judged WHERE CASE WHEN problem IS NULL THEN true ELSE ${REFUSE} END),
  ${body}`;
}

/** A list of channel numbers as a path's text, one character each (see `pathsFromText`). */
const pathText = (numbers: string) =>
  `array_to_string(list_transform(${numbers}, n -> chr((CASE WHEN n < ${SURROGATES - CHANNEL_CODE_POINT} THEN n + ${CHANNEL_CODE_POINT} ELSE n + ${CHANNEL_CODE_POINT + SURROGATE_COUNT} END)::INTEGER)), '')`;

/**
 * The one row a grouping statement returns, from `bundles` (journeys, or rows sharing a path), from
 * `paths` (the unique paths as texts, `text`, with their figures) and from `decay` (each channel's
 * time-decay credit by `number`): the paths in one text, in the texts' order, which is their channel
 * numbers' (UTF-8 keeps the code points' order), their figures in lists of that order; `channels`,
 * the names by number, of which there are `count`.
 */
const handOver = (channels: string, count: string) => `
-- One row of lists: handing 864k rows over one by one (a row object and a schema check each) took
-- longer than the statement, and 864k texts far longer than one.
SELECT
  (SELECT coalesce(string_agg(text, ' ' ORDER BY text), '') FROM paths) AS paths,
  (SELECT coalesce(list(conversions::DOUBLE ORDER BY text), []) FROM paths) AS path_conversions,
  (SELECT coalesce(list(value::DOUBLE ORDER BY text), []) FROM paths) AS path_values,
  (SELECT coalesce(list(nulls::DOUBLE ORDER BY text), []) FROM paths) AS path_nulls,
  ${channels} AS channels,
  (SELECT coalesce(list(coalesce(decay.conversions, 0)::DOUBLE ORDER BY number), [])
    FROM (SELECT unnest(range(${count}))::INTEGER AS number) LEFT JOIN decay USING (number)) AS decay_conversions,
  (SELECT coalesce(list(coalesce(decay.value, 0)::DOUBLE ORDER BY number), [])
    FROM (SELECT unnest(range(${count}))::INTEGER AS number) LEFT JOIN decay USING (number)) AS decay_values,
  coalesce(sum(unattributed_conversions), 0) AS unattributed_conversions,
  coalesce(sum(unattributed_value), 0) AS unattributed_value,
  coalesce(sum(converting), 0) AS converting, coalesce(sum(untimed), 0) AS untimed, coalesce(sum(untrimmed), 0) AS untrimmed
FROM bundles`;

/**
 * A path table's outputs: its paths hold names, numbered by a dictionary of the names in order
 * (`shares` are each touch's normalised weight).
 */
const PATH_TABLE_OUTPUTS = `,
  dictionary AS (
    SELECT channel, (row_number() OVER (ORDER BY channel) - 1)::INTEGER AS id
    FROM (SELECT DISTINCT unnest(path) AS channel FROM bundles)),
  lookup AS (SELECT map_from_entries(list({'key': channel, 'value': id})) AS ids FROM dictionary),
  decay AS (
    SELECT map_extract_value(ids, channel) AS number, sum(decay_conversions * share) AS conversions,
      sum(decay_value * share) AS value
    FROM (SELECT decay_conversions, decay_value, unnest(path) AS channel, unnest(shares) AS share
      FROM bundles WHERE len(path) > 0 AND decay_conversions > 0), lookup
    GROUP BY ALL),
  paths AS (
    SELECT ${pathText("list_transform(path, name -> map_extract_value(ids, name))")} AS text, conversions, value, nulls
    FROM (SELECT path, sum(conversions) AS conversions, sum(value) AS value, sum(nulls) AS nulls
      FROM bundles WHERE len(path) > 0 GROUP BY path), lookup)
  ${handOver("(SELECT coalesce(list(channel ORDER BY id), []) FROM dictionary)", "(SELECT count(*) FROM dictionary)")}`;

/**
 * An event log's outputs: its paths are texts already (grouped as texts: as lists of numbers the
 * statement's peak was some 150 MB higher), numbered by `$channels`, the file's channel names, some of which may
 * appear in no path (read.ts leaves them out); `codes`, each converting journey's channels, give
 * the time-decay credit.
 */
const EVENT_LOG_OUTPUTS = `,
  decay AS (
    SELECT number, sum(decay_conversions * share) AS conversions, sum(decay_value * share) AS value
    FROM (SELECT decay_conversions, decay_value, unnest(codes) AS number, unnest(shares) AS share
      FROM bundles WHERE length(path) > 0 AND decay_conversions > 0)
    GROUP BY number),
  paths AS (
    SELECT path AS text, sum(conversions) AS conversions, sum(value) AS value, sum(nulls) AS nulls
    FROM bundles WHERE length(path) > 0 GROUP BY path)
  ${handOver("$channels", "len($channels)")}`;

/** A path's text as channel names, each trimmed as JavaScript does. */
const CHANNELS = "list_transform(string_split(path, '>'), name -> trim(name, $whitespace))";

/**
 * A ChannelAttribution path table. Rows with the same text are grouped first (a path table repeats
 * few paths), then split into channels; rows with the same channels after exclusions are bundled:
 * their time decay is the equal split, which depends on the path alone.
 */
export function pathTableSql(header: Header, mode: Mode, excluding: boolean): string {
  const has = (column: string) => header.columns[column] !== undefined;
  const amount = (column: string) => (has(column) ? number(column) : "0::DOUBLE");
  const checked = (column: string) =>
    has(column) ? [`WHEN ${fails(`${column}_n`, true)} THEN '${column}'`] : [];
  const pathCheck = mode === "locate" ? `WHEN list_contains(${CHANNELS}, '') THEN 'path'` : "";
  return `WITH ${cells(header, PATH_COLUMNS, mode, [], ["path"])},
  typed AS (
    SELECT *, ${amount("total_conversions")} AS total_conversions_n,
      ${amount("total_conversion_value")} AS total_conversion_value_n, ${amount("total_null")} AS total_null_n
    FROM cells),
  judged AS (
    SELECT *, CASE ${pathCheck}
      ${["total_conversions", "total_conversion_value", "total_null"].flatMap(checked).join(" ")} END AS problem
    FROM typed),
  ${finish(
    mode,
    PATH_CHECKS,
    `texts AS (
    SELECT path, sum(total_conversions_n) AS conversions, sum(total_conversion_value_n) AS value,
      sum(total_null_n) AS nulls,
      coalesce(sum(total_conversions_n) FILTER (WHERE total_conversions_n > 0), 0) AS decay_conversions,
      coalesce(sum(total_conversion_value_n) FILTER (WHERE total_conversions_n > 0), 0) AS decay_value,
      count(*) FILTER (WHERE total_conversions_n > 0) AS converting
    FROM accepted GROUP BY path),
  split AS (SELECT *, ${CHANNELS} AS channels FROM texts),
  kept AS (
    SELECT ${excluding ? "list_filter(channels, name -> NOT list_contains($exclude, lower(name)))" : "channels"} AS path,
      conversions, value, nulls,
      decay_conversions, decay_value, converting
    FROM split WHERE CASE WHEN list_contains(channels, '') THEN ${REFUSE} ELSE true END),
  bundles AS MATERIALIZED (
    SELECT path, list_transform(path, name -> 1 / len(path)) AS shares,
      sum(conversions) AS conversions, sum(value) AS value, sum(nulls) AS nulls,
      sum(decay_conversions) AS decay_conversions, sum(decay_value) AS decay_value,
      CASE WHEN len(path) = 0 THEN sum(conversions) ELSE 0 END AS unattributed_conversions,
      CASE WHEN len(path) = 0 THEN sum(value) ELSE 0 END AS unattributed_value,
      CASE WHEN len(path) = 0 THEN 0 ELSE sum(converting) END AS converting,
      CASE WHEN len(path) = 0 THEN 0 ELSE sum(converting) END AS untimed, 0 AS untrimmed
    FROM kept GROUP BY path)
  ${PATH_TABLE_OUTPUTS}`,
  )}`;
}

/**
 * An instant as JavaScript's `Date.parse` reads ISO 8601: a date alone is midnight UTC, a date-time
 * without an offset is local time (`$time_zone`, the process's zone), with `Z` or an offset exact.
 */
const INSTANT = `CASE WHEN ends_with(time, 'Z') OR ends_with(time, 'z') THEN TRY_CAST(time AS TIMESTAMPTZ)
    WHEN length(time) = 10 THEN timezone('UTC', TRY_CAST(TRY_CAST(time AS DATE) AS TIMESTAMP))
    WHEN regexp_matches(time, '[+-][0-9]{2}(:?[0-9]{2})?$') THEN TRY_CAST(time AS TIMESTAMPTZ)
    ELSE timezone($time_zone, TRY_CAST(time AS TIMESTAMP)) END`;

/** The message a grouping statement raises at a channel its dictionary (`$channels`) lacks. */
export const CHANNEL_UNLISTED = "socialroi: channel outside the dictionary";

/**
 * A channel as its place in `$channels`, the file's channel names in order: each customer's
 * touches then sort and group as numbers, far cheaper than as texts, and the same order.
 */
const CHANNEL_CODE = `coalesce(list_position($channels, channel) - 1, error(${quoteLiteral(CHANNEL_UNLISTED)}))::INTEGER`;

/** Rows an event log's channels are first gathered from: a fraction of a second's read. */
const CHANNEL_SAMPLE_ROWS = 100_000;

/**
 * Up to this many channels, a touch is gathered and sorted as one number, its time times this plus
 * its channel's code (the same order as time then name), and unpacked once sorted: on 10 M touches,
 * codes and packing together took a third less memory and a sixth less CPU than pairs of time and
 * name. Times in milliseconds stay under 2^54 in magnitude (DuckDB's range), so the product stays
 * within 64 bits; more channels keep pairs of time and code.
 */
const PACKING = 512;

/** A packed touch's channel code: the remainder taken up from zero, as times before 1970 are negative. */
const CODE_OF = (packed: string) => `((${packed} % ${PACKING}) + ${PACKING}) % ${PACKING}`;

/**
 * The channel names of an event log, in order, as the grouping statement in the same mode reads
 * them: of its first rows (an event log's channels are few, and nearly always all appear early),
 * or of all of them.
 */
export function eventChannelsSql(header: Header, mode: Mode, rows: "sample" | "all"): string {
  return `WITH ${cells(header, EVENT_COLUMNS, mode, ["customer_id", "channel"])}
  SELECT coalesce(list(DISTINCT channel ORDER BY channel), []) AS channels
  FROM (SELECT channel FROM cells ${rows === "sample" ? `LIMIT ${CHANNEL_SAMPLE_ROWS}` : ""})`;
}

/**
 * An event log, split into journeys as the JavaScript reader's `splitCustomerJourneys` did (the
 * oracle in test/attribution/js-journeys.ts). Each customer's events are one
 * list sorted by time then channel (one grouping of the rows, as DuckDB's own ordered `string_agg`
 * per customer); the customer's distinct conversion times close the journeys: journey i holds the
 * touches after closing i − 1 up to closing i, the touches after the last one form the journey
 * without conversion. Of the conversions at one instant the one of least value takes the touches
 * (the others' journeys are empty, so unattributed); touches older than the lookback before the
 * conversion — or, without one, before the customer's last touch — are dropped. The work per
 * customer grows with touches × conversions.
 */
export function eventLogSql(header: Header, mode: Mode, excluding: boolean, channels: number): string {
  const packed = channels <= PACKING;
  const hasValue = header.columns["conversion_value"] !== undefined;
  return `WITH ${cells(header, EVENT_COLUMNS, mode, ["customer_id", "channel"])},
  typed AS (
    SELECT *, ${INSTANT} AS instant,
      CASE conversion WHEN '0' THEN 0::DOUBLE WHEN '1' THEN 1::DOUBLE
        ELSE CASE lower(conversion) WHEN 'true' THEN 1::DOUBLE WHEN 'false' THEN 0::DOUBLE
          ELSE ${number("conversion")} END END AS conversions
    FROM cells),
  valued AS (
    SELECT *, CASE WHEN conversions > 0 THEN ${hasValue ? number("conversion_value") : "0::DOUBLE"} ELSE 0 END AS amount
    FROM typed),
  judged AS (
    SELECT *, CASE WHEN customer_id = '' THEN 'customer_id' WHEN instant IS NULL THEN 'time'
      WHEN channel = '' THEN 'channel' WHEN ${fails("conversions", true)} THEN 'conversion'
      WHEN ${fails("amount", false)} THEN 'conversion_value' END AS problem
    FROM valued),
  ${finish(
    mode,
    EVENT_CHECKS,
    `events AS (
    SELECT customer_id, epoch_ms(instant) AS t,
      ${excluding ? `CASE WHEN list_contains($exclude, lower(channel)) THEN NULL ELSE ${CHANNEL_CODE} END` : CHANNEL_CODE} AS channel,
      conversions, amount
    FROM accepted),
  customers AS (
    SELECT list(${packed ? `t * ${PACKING} + channel` : "{'t': t, 'channel': channel}"}) FILTER (WHERE channel IS NOT NULL) AS touches,
      list({'t': t, 'value': amount, 'conversions': conversions}) FILTER (WHERE conversions > 0) AS conversions,
      ${mode === "fast" ? untrimmed("customer_id") : "false"} AS untrimmed
    FROM events GROUP BY customer_id),
  closed AS (
    SELECT ${packed ? `list_transform(list_sort(coalesce(touches, [])), p -> {'t': (p - ${CODE_OF("p")}) // ${PACKING}, 'channel': ${CODE_OF("p")}})` : "list_sort(coalesce(touches, []))"} AS touches,
      coalesce(conversions, []) AS conversions, untrimmed,
      list_sort(list_distinct(list_transform(coalesce(conversions, []), e -> e.t))) AS closings
    FROM customers),
  split AS (
    SELECT untrimmed, unnest(list_append(
      list_transform(closings, (closing, i) -> {
        'closing': closing,
        'touches': list_filter(touches, e -> e.t <= closing AND (i = 1 OR e.t > closings[i - 1])),
        'conversions': list_filter(conversions, e -> e.t = closing)}),
      {'closing': NULL::BIGINT,
        'touches': list_filter(touches, e -> len(closings) = 0 OR e.t > closings[-1]),
        'conversions': list_filter(conversions, e -> false)})) AS journey
    FROM closed),
  journeys AS (
    SELECT journey.closing AS closing, untrimmed,
      list_sort(list_transform(journey.conversions, e -> {'value': e.value, 'conversions': e.conversions}))[1] AS first_conversion,
      list_sum(list_transform(journey.conversions, e -> e.conversions)) AS all_count,
      list_sum(list_transform(journey.conversions, e -> e.value)) AS all_value,
      list_filter(journey.touches, touch -> touch.t >= coalesce(journey.closing, journey.touches[-1].t) - $lookback_ms) AS kept
    FROM split),
  weighted AS (
    SELECT *, CASE WHEN closing IS NOT NULL THEN list_transform(kept, touch -> pow(2, -(closing - touch.t) / $half_life_ms)) END AS weights
    FROM journeys),
  summed AS (SELECT *, list_sum(weights) AS total_weight FROM weighted),
  bundles AS MATERIALIZED (
    SELECT ${pathText("list_transform(kept, touch -> touch.channel)")} AS path,
      CASE WHEN closing IS NOT NULL THEN list_transform(kept, touch -> touch.channel) END AS codes,
      list_transform(weights, weight -> weight / total_weight) AS shares,
      coalesce(first_conversion.conversions, 0) AS conversions, coalesce(first_conversion.value, 0) AS value,
      CASE WHEN closing IS NULL THEN 1 ELSE 0 END AS nulls,
      coalesce(first_conversion.conversions, 0) AS decay_conversions, coalesce(first_conversion.value, 0) AS decay_value,
      coalesce(all_count, 0) - CASE WHEN len(kept) > 0 THEN coalesce(first_conversion.conversions, 0) ELSE 0 END AS unattributed_conversions,
      coalesce(all_value, 0) - CASE WHEN len(kept) > 0 THEN coalesce(first_conversion.value, 0) ELSE 0 END AS unattributed_value,
      CASE WHEN closing IS NOT NULL AND len(kept) > 0 THEN 1 ELSE 0 END AS converting, 0 AS untimed,
      CASE WHEN untrimmed THEN 1 ELSE 0 END AS untrimmed
    FROM summed)
  ${EVENT_LOG_OUTPUTS}`,
  )}`;
}
