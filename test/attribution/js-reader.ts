/**
 * The oracle: the JavaScript reader (csv-parse feeding PathAggregator) that src/attribution/read.ts
 * replaced with DuckDB. read-oracle.test.ts checks the SQL reader gives the same AggregatedPaths and
 * the same errors. Kept as it was, apart from its imports.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import { DEFAULT_LOOKBACK_DAYS } from "../../src/api/attribution.js";
import { type AggregatedPaths, DEFAULT_HALF_LIFE_DAYS, MS_PER_DAY } from "../../src/attribution/aggregate.js";
import { AttributionInputError } from "../../src/attribution/types.js";
import {
  exclusionTest,
  PathAggregator,
  splitCustomerJourneys,
  type TimedConversion,
  type TimedTouch,
} from "./js-journeys.js";

interface FileReadOptions {
  halfLifeDays?: number;
  lookbackDays?: number;
  /** Channels dropped while reading (e.g. direct, stripe, paypal). */
  exclude?: readonly string[];
}

interface Row {
  cells: string[];
  /** Counted as a spreadsheet shows it: the header is row 1 (blank lines are not counted). */
  row: number;
}

class Cells {
  constructor(
    private readonly file: string,
    private readonly columns: Record<string, number>,
  ) {}

  fail(row: Row, column: string, expected: string): never {
    const got = this.text(row, column);
    throw new AttributionInputError(
      `${this.file}, row ${row.row}, column "${column}": expected ${expected}, got "${got}"`,
    );
  }

  has(column: string): boolean {
    return column in this.columns;
  }

  text(row: Row, column: string): string {
    const index = this.columns[column];
    return index === undefined ? "" : (row.cells[index] ?? "").trim();
  }

  number(row: Row, column: string, options: { nonNegative: boolean }): number {
    const text = this.text(row, column);
    // Accept a decimal comma too: European exports write 2,5 where the delimiter is `;`.
    const parsed = Number(/^-?\d+,\d+$/.test(text) ? text.replace(",", ".") : text);
    if (text === "" || !Number.isFinite(parsed) || (options.nonNegative && parsed < 0)) {
      this.fail(row, column, options.nonNegative ? "a non-negative number" : "a number");
    }
    return parsed;
  }
}

async function detectDelimiter(file: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw new AttributionInputError(
      `${file}: cannot open the file (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const header = buffer.subarray(0, bytesRead).toString("utf8").split(/\r?\n/, 1)[0] ?? "";
    if (header.trim() === "") throw new AttributionInputError(`${file}, row 1: expected a header row`);
    const count = (char: string) => header.split(char).length - 1;
    return count(";") > count(",") ? ";" : ",";
  } finally {
    await handle.close();
  }
}

/** Streams rows, mapping the header to column indices through each column's accepted names. */
async function* csvRows(
  file: string,
  wanted: Record<string, { names: readonly string[]; required: boolean }>,
): AsyncGenerator<{ cells: Cells; row: Row }> {
  const delimiter = await detectDelimiter(file);
  const parser = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
    // Line info would show where a row starts, but it halves csv-parse's throughput.
    parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true }),
  );
  let cells: Cells | undefined;
  let row = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!cells) {
        cells = new Cells(file, headerColumns(file, record, wanted));
        continue;
      }
      row++;
      yield { cells, row: { cells: record, row } };
    }
  } catch (error) {
    if (error instanceof AttributionInputError) throw error;
    throw new AttributionInputError(`${file}: ${(error as Error).message}`);
  }
  if (!cells) throw new AttributionInputError(`${file}, row 1: expected a header row`);
}

function headerColumns(
  file: string,
  header: readonly string[],
  wanted: Record<string, { names: readonly string[]; required: boolean }>,
): Record<string, number> {
  const found = header.map((name) => name.trim().toLowerCase());
  const columns: Record<string, number> = {};
  for (const [column, { names, required }] of Object.entries(wanted)) {
    const index = found.findIndex((name) => names.includes(name));
    if (index >= 0) columns[column] = index;
    else if (required) {
      throw new AttributionInputError(
        `${file}, row 1 (header), column "${column}": expected a column named ${names.join(" or ")}, found ${found.join(", ")}`,
      );
    }
  }
  return columns;
}

const PATH_COLUMNS = {
  path: { names: ["path", "paths"], required: true },
  total_conversions: { names: ["total_conversions", "conversions"], required: true },
  total_conversion_value: { names: ["total_conversion_value", "conversion_value", "value"], required: false },
  total_null: { names: ["total_null", "total_nulls", "null", "nulls"], required: false },
};

/**
 * A ChannelAttribution path table: `path;total_conversions;total_conversion_value;total_null`, channels
 * separated by `>`, `;` or `,` as delimiter. Rows carry no times.
 */
export async function readPathTable(file: string, options: FileReadOptions = {}): Promise<AggregatedPaths> {
  const aggregator = new PathAggregator(options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS);
  const isExcluded = exclusionTest(options.exclude);
  for await (const { cells, row } of csvRows(file, PATH_COLUMNS)) {
    const channels = cells
      .text(row, "path")
      .split(">")
      .map((name) => name.trim());
    if (channels.some((name) => name === "")) {
      cells.fail(row, "path", 'channel names separated by ">"');
    }
    const numberOf = (column: string) =>
      cells.has(column) ? cells.number(row, column, { nonNegative: true }) : 0;
    aggregator.add({
      touches: channels.filter((name) => !isExcluded(name)).map((channel) => ({ channel, time: null })),
      conversions: numberOf("total_conversions"),
      value: numberOf("total_conversion_value"),
      nulls: numberOf("total_null"),
      convertedAt: null,
    });
  }
  return aggregator.finish();
}

const EVENT_COLUMNS = {
  customer_id: { names: ["customer_id", "customer", "user_id", "client_id"], required: true },
  time: { names: ["time", "timestamp", "event_time", "date"], required: true },
  channel: { names: ["channel"], required: true },
  conversion: { names: ["conversion", "conversions", "converted"], required: true },
  conversion_value: { names: ["conversion_value", "value", "revenue"], required: false },
};

interface CustomerEvents {
  touches: TimedTouch[];
  conversions: TimedConversion[];
}

/** Thrown inside a pass that assumed rows grouped by customer when a customer comes back. */
class CustomersNotGrouped extends Error {}

/**
 * An event log (`customer_id,time,…,channel` with conversion and value columns). Rows of a customer need
 * not be in time order. Exports are usually grouped by customer, so each customer's journeys are built as
 * soon as the next customer starts and memory stays flat; if a customer reappears later, the file is read
 * again holding every customer until the end.
 */
export async function readEventLog(file: string, options: FileReadOptions = {}): Promise<AggregatedPaths> {
  try {
    return await readEventPass(file, options, true);
  } catch (error) {
    if (!(error instanceof CustomersNotGrouped)) throw error;
    return readEventPass(file, options, false);
  }
}

async function readEventPass(
  file: string,
  options: FileReadOptions,
  grouped: boolean,
): Promise<AggregatedPaths> {
  const aggregator = new PathAggregator(options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS);
  const isExcluded = exclusionTest(options.exclude);
  const lookbackMs = (options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS) * MS_PER_DAY;
  const emit = aggregator.add.bind(aggregator);
  const pending = new Map<string, CustomerEvents>();
  const finished = new Set<string>();
  let current: string | undefined;
  const flush = (customerId: string) => {
    const events = pending.get(customerId)!;
    events.touches.sort(
      (a, b) => a.time - b.time || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0),
    );
    events.conversions.sort((a, b) => a.time - b.time || a.value - b.value);
    splitCustomerJourneys(events.touches, events.conversions, lookbackMs, emit);
    pending.delete(customerId);
  };

  for await (const { cells, row } of csvRows(file, EVENT_COLUMNS)) {
    const customerId = cells.text(row, "customer_id");
    if (customerId === "") cells.fail(row, "customer_id", "a customer id");
    const time = Date.parse(cells.text(row, "time"));
    if (Number.isNaN(time)) cells.fail(row, "time", "an ISO 8601 date-time");
    const channel = cells.text(row, "channel");
    if (channel === "") cells.fail(row, "channel", "a channel name");
    const conversionText = cells.text(row, "conversion").toLowerCase();
    const conversionCount =
      conversionText === "true"
        ? 1
        : conversionText === "false"
          ? 0
          : cells.number(row, "conversion", { nonNegative: true });
    if (grouped && customerId !== current) {
      if (finished.has(customerId)) throw new CustomersNotGrouped();
      if (current !== undefined) {
        flush(current);
        finished.add(current);
      }
      current = customerId;
    }
    let events = pending.get(customerId);
    if (!events) {
      events = { touches: [], conversions: [] };
      pending.set(customerId, events);
    }
    if (!isExcluded(channel)) events.touches.push({ time, channel });
    if (conversionCount > 0) {
      const value = cells.has("conversion_value")
        ? cells.number(row, "conversion_value", { nonNegative: false })
        : 0;
      events.conversions.push({ time, value, count: conversionCount });
    }
  }
  for (const customerId of [...pending.keys()].sort()) flush(customerId);
  return aggregator.finish();
}
