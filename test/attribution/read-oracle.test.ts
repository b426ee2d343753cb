import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, test } from "node:test";
import fc from "fast-check";
import type { AggregatedPaths } from "../../src/attribution/aggregate.js";
import { type FileReadOptions, readEventLog, readPathTable } from "../../src/attribution/read.js";
import { openStore } from "../../src/store/open-store.js";
import { assertSameReport, DAY, shuffledCopy, writeTemp } from "./helpers.js";
import * as oracle from "./js-reader.js";

/**
 * The DuckDB reader against the JavaScript one it replaced (js-reader.ts): every field of
 * AggregatedPaths equal to 1e-9 (relative for large numbers), and the same errors.
 */

const store = await openStore(":memory:");
after(() => store.close());

const DATA = "/work/shared/data/attribution";
const PATH_TABLE = `${DATA}/channelattribution_Data.csv`;
const EVENT_LOG = `${DATA}/journeys_event_log.csv`;

type Kind = "paths" | "events";

async function read(kind: Kind, file: string, options: FileReadOptions): Promise<AggregatedPaths> {
  return kind === "paths" ? readPathTable(store, file, options) : readEventLog(store, file, options);
}

async function readByOracle(kind: Kind, file: string, options: FileReadOptions): Promise<AggregatedPaths> {
  return kind === "paths" ? oracle.readPathTable(file, options) : oracle.readEventLog(file, options);
}

async function assertAsOracle(kind: Kind, file: string, options: FileReadOptions = {}): Promise<void> {
  const expected = await readByOracle(kind, file, options);
  assertSameReport(await read(kind, file, options), expected, `${file} ${JSON.stringify(options)}`);
}

/** Both readers refuse the file with the same message. */
async function assertSameError(kind: Kind, file: string, options: FileReadOptions = {}): Promise<string> {
  const message = await readByOracle(kind, file, options).then(
    () => assert.fail(`the oracle accepted ${file}`),
    (error: Error) => error.message,
  );
  await assert.rejects(read(kind, file, options), (error: Error) => {
    assert.equal(error.name, "AttributionInputError");
    assert.equal(error.message, message);
    return true;
  });
  return message;
}

/** The same rows as a European export writes them: `;` between cells and decimal commas. */
function europeanCopy(file: string, name: string): string {
  const text = readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) =>
      line
        .split(/[;,]/)
        .map((cell) => cell.replace(/^(-?\d+)\.(\d+)$/, "$1,$2"))
        .join(";"),
    )
    .join("\n");
  return writeTemp(name, text);
}

/** A byte-order mark, CRLF line ends, blank lines and spaces around cells. */
function messyCopy(file: string, name: string, delimiter: string): string {
  const [header, ...rows] = readFileSync(file, "utf8").split(/\r?\n/).filter(Boolean);
  const spaced = rows.map((row, i) =>
    i % 3 === 0
      ? row
          .split(delimiter)
          .map((c) => ` ${c} `)
          .join(delimiter)
      : row,
  );
  return writeTemp(name, `\ufeff${header!.toUpperCase()}\r\n\r\n${spaced.join("\r\n\r\n")}\r\n`);
}

const PATH_OPTIONS: FileReadOptions[] = [{}, { exclude: ["alpha", " BETA "], halfLifeDays: 3 }];
const EVENT_OPTIONS: FileReadOptions[] = [
  {},
  { exclude: ["facebook", "PAID SEARCH "], lookbackDays: 7, halfLifeDays: 2 },
  { lookbackDays: 0.25 },
];

const EXAMPLES: { kind: Kind; file: string; delimiter: string; options: FileReadOptions[] }[] = [
  { kind: "paths", file: PATH_TABLE, delimiter: ";", options: PATH_OPTIONS },
  { kind: "events", file: EVENT_LOG, delimiter: ",", options: EVENT_OPTIONS },
];

for (const { kind, file, delimiter, options } of EXAMPLES) {
  test(`${file} and its shuffled, European, comma and messy copies: as the JavaScript reader`, async (t) => {
    if (!existsSync(file)) return t.skip(`${file} absent`);
    const text = readFileSync(file, "utf8");
    const copies = [
      file,
      shuffledCopy(file, `oracle-${kind}-shuffled.csv`),
      europeanCopy(file, `oracle-${kind}-european.csv`),
      writeTemp(`oracle-${kind}-comma.csv`, delimiter === ";" ? text.replaceAll(";", ",") : text),
      messyCopy(file, `oracle-${kind}-messy.csv`, delimiter),
    ];
    for (const copy of copies) for (const option of options) await assertAsOracle(kind, copy, option);
  });
}

const START = Date.UTC(2024, 2, 1);
/** Conversion values, each with the one count it comes with (a conversion's value and count go together). */
const CONVERSIONS = [
  { value: "0", count: "1" },
  { value: "12.5", count: "true" },
  { value: "7,25", count: "2" },
  { value: "-3", count: "0.5" },
  { value: "40", count: "TRUE" },
];
const CHANNELS = ["Email", "email ", "Direct", "direct", "Paid Search", "x", "Ünicode", "\tSocial"];

const eventRow = fc.record({
  customer: fc.constantFrom("a", "b", " b ", "b\t", "\u00a0b", "c"),
  // Times on a coarse grid, so ties and lookback edges (exactly a day apart) are common.
  time: fc.integer({ min: 0, max: 40 }).map((step) => START + step * (DAY / 4)),
  timeFormat: fc.constantFrom("iso", "offset", "date"),
  channel: fc.constantFrom(...CHANNELS),
  conversion: fc.option(fc.constantFrom(...CONVERSIONS), { freq: 3 }),
  falseText: fc.constantFrom("0", "false", "FALSE", "0,0"),
});

function formatTime(time: number, format: string): string {
  const iso = new Date(time).toISOString();
  if (format === "date") return iso.slice(0, 10);
  if (format === "offset") return `${new Date(time + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
  return iso;
}

test("generated event logs (ties, same-time conversions, exclusions, lookback edges): as the JavaScript reader", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(eventRow, { minLength: 1, maxLength: 40 }),
      fc.constantFrom(";", ","),
      fc.record({
        lookbackDays: fc.constantFrom(0.25, 1, 2, 30),
        halfLifeDays: fc.constantFrom(0.5, 7),
        exclude: fc.subarray(["direct", "EMAIL", " x "]),
      }),
      async (rows, delimiter, options) => {
        const lines = rows.map((row) => {
          const time =
            row.timeFormat === "date" ? START + Math.floor((row.time - START) / DAY) * DAY : row.time;
          const conversion = row.conversion ? row.conversion.count : row.falseText;
          const value = row.conversion ? row.conversion.value : "x";
          const cells = [row.customer, formatTime(time, row.timeFormat), conversion, value, row.channel];
          return cells
            .map((cell) => (delimiter === "," && cell.includes(",") ? `"${cell}"` : cell))
            .join(delimiter);
        });
        const file = writeTemp(
          "oracle-generated.csv",
          [["customer_id", "time", "conversion", "value", "channel"].join(delimiter), ...lines].join("\n"),
        );
        await assertAsOracle("events", file, options);
      },
    ),
    { numRuns: 60 },
  );
});

test("bad files: the same AttributionInputError as the JavaScript reader", async () => {
  const header = "customer_id,time,interaction,conversion,conversion_value,channel";
  const good = "c1,2024-01-01T00:00:00Z,impression,0,0,Facebook";
  const events: [string, string][] = [
    ["no-customer.csv", `${header}\n${good}\n ,2024-01-01T00:00:00Z,impression,0,0,Facebook`],
    ["bad-time.csv", `${header}\n\n${good}\n\nc1,yesterday,impression,0,0,Facebook`],
    ["no-channel.csv", `${header}\n${good}\nc1,2024-01-01T00:00:00Z,impression,0,0,\t`],
    ["negative-conversion.csv", `${header}\n${good}\nc1,2024-01-01T00:00:00Z,conversion,-1,5,Facebook`],
    [
      "bad-value.csv",
      `${header}\nc1,2024-01-01T00:00:00Z,impression,0,oops,Facebook\nc1,2024-01-02T00:00:00Z,conversion,1,oops,Facebook`,
    ],
    ["short-row.csv", `${header}\n${good}\nc1,2024-01-01T00:00:00Z`],
    ["no-conversion-column.csv", "customer_id,time,channel\nc1,2024-01-01T00:00:00Z,Facebook"],
    ["header-only.csv", ""],
    [
      "late.csv",
      `${header}\n${`${good}\n`.repeat(5000)}c1,2024-01-01T00:00:00Z,impression,1_0,0,Facebook\n${good}`,
    ],
  ];
  for (const [name, content] of events) await assertSameError("events", writeTemp(`oracle-${name}`, content));
  const paths: [string, string][] = [
    ["empty-channel.csv", "path;total_conversions\na > ;1"],
    ["bad-null.csv", "path;total_conversions;total_null\na;1;2\nb;1;-2"],
    ["bad-comma.csv", "path;total_conversions\na;1,5,5"],
    ["no-path.csv", "route;total_conversions\na;1"],
  ];
  for (const [name, content] of paths) await assertSameError("paths", writeTemp(`oracle-${name}`, content));
  assert.match(await assertSameError("paths", "/nonexistent/paths.csv"), /cannot open the file \(ENOENT\)/);
  assert.match(
    await assertSameError("events", writeTemp("oracle-late.csv", events.at(-1)![1])),
    /row 5002, column "conversion"/,
  );
});

test("an empty file body and files without optional columns: as the JavaScript reader", async () => {
  await assertAsOracle("paths", writeTemp("oracle-header.csv", "path;total_conversions\n"));
  await assertAsOracle(
    "paths",
    writeTemp("oracle-two-columns.csv", "paths,conversions\na>b,2\n b > a ,0\na>b,1,extra\n"),
  );
  await assertAsOracle(
    "events",
    writeTemp(
      "oracle-no-value.csv",
      "user_id;timestamp;channel;converted\nu;2024-01-01;A;0\nu;2024-01-02;B;1\n",
    ),
  );
});

test("an event log whose later rows name channels its first rows do not: as the JavaScript reader", async () => {
  // The reader lists the channels of the first 100,000 rows; a channel seen only later makes it list
  // them all. "Aardvark" sorts first, so every channel's number moves.
  const header = "customer_id,time,conversion,conversion_value,channel";
  const early = Array.from(
    { length: 100_010 },
    (_, i) =>
      `c${i % 7000},${new Date(START + i * 60_000).toISOString()},${i % 11 === 0 ? 1 : 0},${i % 5},${i % 2 ? "Facebook" : "Email"}`,
  );
  const late = [
    `c1,${new Date(START + 1).toISOString()},0,0,Aardvark`,
    `c2,${new Date(START + 2).toISOString()},1,9,Zeta`,
  ];
  const file = writeTemp("oracle-late-channels.csv", [header, ...early, ...late].join("\n"));
  await assertAsOracle("events", file);
  await assertAsOracle("events", file, { exclude: ["zeta"] });
  const refused = writeTemp(
    "oracle-late-channel-refused.csv",
    [header, ...early, `c3,${new Date(START).toISOString()},oops,0,Newcomer`].join("\n"),
  );
  assert.match(await assertSameError("events", refused), /row 100012, column "conversion"/);
});

test("an event log of more channels than a touch packs, and times before 1970: as the JavaScript reader", async () => {
  const header = "customer_id,time,conversion,conversion_value,channel";
  const rows = Array.from({ length: 3000 }, (_, i) => {
    const time = new Date(Date.UTC(1960, 0, 1) + i * 3_600_000).toISOString();
    return `c${i % 40},${time},${i % 13 === 0 ? 1 : 0},${i % 7},channel-${(i * 7919) % 600}`;
  });
  const many = writeTemp("oracle-many-channels.csv", [header, ...rows].join("\n"));
  await assertAsOracle("events", many);
  const few = writeTemp(
    "oracle-before-1970.csv",
    [header, ...rows.map((row) => row.replace(/channel-(\d+)$/, (_, n) => `channel-${Number(n) % 5}`))].join(
      "\n",
    ),
  );
  await assertAsOracle("events", few, { lookbackDays: 2 });
});
