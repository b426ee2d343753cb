import { open } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { DEFAULT_LOOKBACK_DAYS } from "../api/attribution.js";
import { defineQuery, runQuery, runQueryForOne } from "../store/query.js";
import type { FileReadingStore, Params } from "../store/store.js";
import { type AggregatedPaths, DEFAULT_HALF_LIFE_DAYS, MS_PER_DAY, pathsFromText } from "./aggregate.js";
import {
  BAD_ROW,
  CHANNEL_UNLISTED,
  type ColumnCheck,
  EVENT_CHECKS,
  EVENT_COLUMNS,
  eventChannelsSql,
  eventLogSql,
  GROUPED_ROW,
  type GroupedRow,
  type Header,
  type Mode,
  PATH_CHECKS,
  PATH_COLUMNS,
  pathTableSql,
  ROW_REFUSED,
  type Wanted,
  WHITESPACE,
} from "./read-sql.js";
import { AttributionInputError } from "./types.js";

export interface FileReadOptions {
  halfLifeDays?: number;
  lookbackDays?: number;
  /** Channels dropped while reading (e.g. direct, stripe, paypal). */
  exclude?: readonly string[];
}

/** The header row, read here (one line): its delimiter and where each wanted column is. */
async function readHeader(file: string, wanted: Wanted): Promise<Header> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw new AttributionInputError(
      `${file}: cannot open the file (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  let line: string;
  try {
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    line = buffer.subarray(0, bytesRead).toString("utf8").split(/\r?\n/, 1)[0] ?? "";
  } finally {
    await handle.close();
  }
  if (line.trim() === "") throw new AttributionInputError(`${file}, row 1: expected a header row`);
  const count = (char: string) => line.split(char).length - 1;
  const delimiter = count(";") > count(",") ? ";" : ",";
  let header: string[];
  try {
    [header = []] = parse(line, { delimiter, bom: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new AttributionInputError(`${file}, row 1: ${(error as Error).message}`);
  }
  const found = header.map((name) => name.trim().toLowerCase());
  const columns: Record<string, number> = {};
  for (const [column, { names, required }] of Object.entries(wanted)) {
    const index = found.findIndex((name) => names.includes(name));
    if (index >= 0) columns[column] = index + 1;
    else if (required) {
      throw new AttributionInputError(
        `${file}, row 1 (header), column "${column}": expected a column named ${names.join(" or ")}, found ${found.join(", ")}`,
      );
    }
  }
  return { delimiter, columns, width: header.length };
}

/**
 * Reads a file in DuckDB and turns the grouped rows into AggregatedPaths. The statement trims cells
 * of spaces only at first; if it refuses a row, or a customer or channel kept other white space at
 * an end, it runs again trimming as JavaScript does; if that refuses a row too, the database is
 * asked for the first refused row, to name it.
 */
async function readGrouped(
  store: FileReadingStore,
  file: string,
  kind: FileKind,
  sql: (header: Header, mode: Mode, channels: number) => string,
  params: Params,
  halfLifeDays: number,
): Promise<AggregatedPaths> {
  const header = await readHeader(file, kind.wanted);
  const bound = { ...params, file_path: file, whitespace: WHITESPACE };
  for (const mode of ["fast", "exact"] as const) {
    const rows = await groupedWithChannels(
      store,
      file,
      header,
      kind,
      (channels) => sql(header, mode, channels),
      mode,
      bound,
    );
    if (rows === ROW_REFUSED) continue;
    const aggregated = aggregatedFromLists(rows, halfLifeDays);
    const untrimmed = rows.untrimmed > 0;
    if (mode === "exact" || !(untrimmed || aggregated.channels.some((name) => name !== name.trim())))
      return aggregated;
  }
  const query = defineQuery("attribution/first-refused-row", BAD_ROW, { duckdb: sql(header, "locate", 0) });
  const [bad] = await runQuery(store, query, bound);
  const check = kind.checks.find((c) => c.column === bad?.problem);
  if (!bad || !check) throw new AttributionInputError(`${file}: a row was refused but could not be located`);
  throw new AttributionInputError(
    `${file}, row ${bad.row}, column "${check.column}": expected ${check.expected}, got "${bad.got}"`,
  );
}

/**
 * The grouping statement's rows, for a kind whose statement takes the file's channels: those of its
 * first rows, and when a later row names another, those of all rows (a second read, rarely needed).
 */
async function groupedWithChannels(
  store: FileReadingStore,
  file: string,
  header: Header,
  kind: FileKind,
  sql: (channels: number) => string,
  mode: Mode,
  params: Params,
): Promise<GroupedRow | typeof ROW_REFUSED> {
  const { channelsSql } = kind;
  for (const rows of ["sample", "all"] as const) {
    let listed: Params & { channels?: string[] } = params;
    if (channelsSql) {
      const query = defineQuery("attribution/file-channels", CHANNEL_LIST, {
        duckdb: channelsSql(header, mode, rows),
      });
      const { channels } = await runQueryForOne(store, query, params).catch((error: unknown) => {
        throw unreadable(file, header, error);
      });
      listed = { ...params, channels };
    }
    const grouped = await groupedRows(store, file, header, sql(listed.channels?.length ?? 0), listed);
    if (grouped !== CHANNEL_UNLISTED) return grouped;
  }
  throw new Error(`${file}: a row named a channel missing from the list of all the file's channels`);
}

/**
 * Memory a grouping statement may take beyond what the database already holds: a 10M-touch event
 * log's grouping then spills a little to disk at no measured cost, where unbounded it took 1 GB
 * (the database may take 80% of the machine by default).
 */
const GROUPING_MEMORY_BYTES = 600 * 2 ** 20;

/** The grouping statement's rows, or which of its refusals it raised. */
async function groupedRows(
  store: FileReadingStore,
  file: string,
  header: Header,
  sql: string,
  params: Params,
): Promise<GroupedRow | typeof ROW_REFUSED | typeof CHANNEL_UNLISTED> {
  try {
    return await store.withMemoryBudget(GROUPING_MEMORY_BYTES, () =>
      runQueryForOne(store, defineQuery("attribution/group-file", GROUPED_ROW, { duckdb: sql }), params),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes(ROW_REFUSED)) return ROW_REFUSED;
    if (message.includes(CHANNEL_UNLISTED)) return CHANNEL_UNLISTED;
    throw unreadable(file, header, error);
  }
}

/**
 * The file's fault (DuckDB's CSV reader refused it) as an input error; the database's (memory,
 * disk) as it is. DuckDB's own words, case and all: a row out of its query's schema ("Invalid
 * input") is ours.
 */
function unreadable(file: string, header: Header, error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!/CSV|Invalid Input Error|Invalid unicode|IO Error/.test(message)) return error;
  return new AttributionInputError(
    `${file}: cannot read the file as CSV separated by "${header.delimiter}" (${firstLine(message)})`,
  );
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}

/** AggregatedPaths (what the oracle's `PathAggregator.finish()` returns), from the grouping statement's hand-over (channels numbered by the database). */
function aggregatedFromLists(grouped: GroupedRow, halfLifeDays: number): AggregatedPaths {
  return pathsFromText(
    grouped.channels,
    grouped.paths,
    {
      conversions: grouped.path_conversions,
      values: grouped.path_values,
      nulls: grouped.path_nulls,
    },
    { conversions: grouped.decay_conversions, value: grouped.decay_values },
    {
      unattributedConversions: grouped.unattributed_conversions,
      unattributedValue: grouped.unattributed_value,
      halfLifeDays,
      journeysWithoutTimes: grouped.untimed,
      convertingJourneys: grouped.converting,
    },
  );
}

/** The channels of a file, in order (eventChannelsSql). */
const CHANNEL_LIST = z.object({ channels: z.array(z.string()) });

/** How a kind of file is read: its columns, their checks in order, its statement. */
interface FileKind {
  wanted: Wanted;
  checks: readonly ColumnCheck[];
  /** The grouping statement, for a file of that many channels (see `channelsSql`). */
  sql: (header: Header, mode: Mode, excluding: boolean, channels: number) => string;
  /** The statement listing the file's channels, for a kind whose grouping statement takes them as `$channels`. */
  channelsSql?: (header: Header, mode: Mode, rows: "sample" | "all") => string;
}

const PATH_TABLE: FileKind = { wanted: PATH_COLUMNS, checks: PATH_CHECKS, sql: pathTableSql };
const EVENT_LOG: FileKind = {
  wanted: EVENT_COLUMNS,
  checks: EVENT_CHECKS,
  sql: eventLogSql,
  channelsSql: eventChannelsSql,
};

function readKind(
  store: FileReadingStore,
  file: string,
  kind: FileKind,
  options: FileReadOptions,
): Promise<AggregatedPaths> {
  const halfLifeDays = options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
  const exclude = (options.exclude ?? []).map((name) => name.trim().toLowerCase());
  return readGrouped(
    store,
    file,
    kind,
    (header, mode, channels) => kind.sql(header, mode, exclude.length > 0, channels),
    {
      exclude,
      lookback_ms: (options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS) * MS_PER_DAY,
      half_life_ms: halfLifeDays * MS_PER_DAY,
      time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    halfLifeDays,
  );
}

/**
 * A ChannelAttribution path table: `path;total_conversions;total_conversion_value;total_null`, channels
 * separated by `>`, `;` or `,` as delimiter. Rows carry no times. DuckDB reads and groups it.
 */
export function readPathTable(
  store: FileReadingStore,
  file: string,
  options: FileReadOptions = {},
): Promise<AggregatedPaths> {
  return readKind(store, file, PATH_TABLE, options);
}

/**
 * An event log (`customer_id,time,…,channel` with conversion and value columns), rows in any order.
 * DuckDB reads it, splits each customer's events into journeys and groups them (read-sql.ts).
 */
export function readEventLog(
  store: FileReadingStore,
  file: string,
  options: FileReadOptions = {},
): Promise<AggregatedPaths> {
  return readKind(store, file, EVENT_LOG, options);
}
