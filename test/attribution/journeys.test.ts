import assert from "node:assert/strict";
import { after, test } from "node:test";
import { computeAttribution } from "../../src/attribution/index.js";
import { readEventLog, readPathTable } from "../../src/attribution/read.js";
import { AttributionInputError, type Journey } from "../../src/attribution/types.js";
import { openStore } from "../../src/store/open-store.js";
import { creditOf, DAY, writeTemp } from "./helpers.js";
import { aggregateJourneys, buildJourneys, type TouchpointInput } from "./js-journeys.js";

const store = await openStore(":memory:");
after(() => store.close());

const at = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * DAY).toISOString();
const channelsOf = (journey: Journey) => journey.touches.map((touch) => touch.channel);

test("each conversion closes the journey before it; later touches form a non-converting journey", () => {
  const touchpoints: TouchpointInput[] = [
    { customerId: "c1", occurredAt: at(5), channel: "Paid Social", network: "instagram" },
    { customerId: "c1", occurredAt: at(1), channel: "Organic Social", network: "linkedin" },
    { customerId: "c1", occurredAt: at(12), channel: "Organic Social", network: "x" },
    { customerId: "c1", occurredAt: at(9), channel: "Paid Social", network: "facebook" },
    { customerId: "c2", occurredAt: at(3), channel: "Email" },
  ];
  const conversions = [
    { customerId: "c1", occurredAt: at(10), value: 40, conversionId: "o2" },
    { customerId: "c1", occurredAt: at(6), value: 25, conversionId: "o1" },
  ];
  const journeys = buildJourneys(touchpoints, conversions, { level: "network" });
  assert.deepEqual(journeys.map(channelsOf), [["linkedin", "instagram"], ["facebook"], ["x"], ["Email"]]);
  assert.deepEqual(
    journeys.map((j) => [j.conversions, j.value, j.nulls]),
    [
      [1, 25, 0],
      [1, 40, 0],
      [0, 0, 1],
      [0, 0, 1],
    ],
  );
  const byGroup = buildJourneys(touchpoints, conversions, { level: "channel_group" });
  assert.deepEqual(byGroup[0] && channelsOf(byGroup[0]), ["Organic Social", "Paid Social"]);
  const byFunction = buildJourneys(touchpoints, conversions, { level: (t) => t.network?.toUpperCase() });
  assert.deepEqual(
    byFunction[3] && channelsOf(byFunction[3]),
    ["Email"],
    "no network: falls back to the channel",
  );
  assert.deepEqual(
    buildJourneys([...touchpoints].reverse(), [...conversions].reverse(), { level: "network" }),
    journeys,
    "input order does not matter",
  );
});

test("lookback drops touches more than the window before the conversion", () => {
  const touchpoints: TouchpointInput[] = [
    { customerId: "c", occurredAt: at(0), channel: "facebook" },
    { customerId: "c", occurredAt: at(20), channel: "instagram" },
  ];
  const conversions = [{ customerId: "c", occurredAt: at(35), value: 10, conversionId: "o" }];
  assert.deepEqual(buildJourneys(touchpoints, conversions).map(channelsOf), [["instagram"]]);
  assert.deepEqual(buildJourneys(touchpoints, conversions, { lookbackDays: 35 }).map(channelsOf), [
    ["facebook", "instagram"],
  ]);
  const outOfWindow = buildJourneys(touchpoints, conversions, { lookbackDays: 10 });
  const aggregated = aggregateJourneys(outOfWindow);
  assert.equal(aggregated.totalConversions, 0);
  assert.equal(
    aggregated.unattributedConversions,
    1,
    "a conversion with no touch left is reported, not credited",
  );
  assert.equal(aggregated.unattributedValue, 10);
});

test("exclusions drop direct, payment providers and the site itself, case-insensitively", () => {
  const touchpoints: TouchpointInput[] = ["facebook", "Stripe", "(direct)", "paypal", "shop.example"].map(
    (channel, day) => ({ customerId: "c", occurredAt: at(day), channel }),
  );
  const conversions = [{ customerId: "c", occurredAt: at(5), value: 10, conversionId: "o" }];
  const journeys = buildJourneys(touchpoints, conversions, {
    exclude: ["stripe", "PayPal", "(direct)", "shop.example"],
  });
  assert.deepEqual(journeys.map(channelsOf), [["facebook"]]);
});

test("a bad date is an AttributionInputError naming the record", () => {
  assert.throws(
    () => buildJourneys([{ customerId: "c", occurredAt: "yesterday", channel: "x" }], []),
    (error) =>
      error instanceof AttributionInputError && /touchpoint 0 \(customer c\).*yesterday/.test(error.message),
  );
});

const EVENT_HEADER = "customer_id,time,interaction,conversion,conversion_value,channel";

test("event log: a conversion row is the last touch of the journey it closes", async () => {
  const file = writeTemp(
    "events.csv",
    [
      EVENT_HEADER,
      "c1,2024-01-03T00:00:00Z,impression,0,0,Instagram",
      "c1,2024-01-05T00:00:00Z,conversion,1,20,Email",
      "c1,2024-01-01T00:00:00Z,impression,0,0,Facebook",
      "c1,2024-01-06T00:00:00Z,impression,0,0,X",
      "c2,2024-01-02T00:00:00Z,conversion,1,7.5,Facebook",
    ].join("\r\n"),
  );
  const aggregated = await readEventLog(store, file);
  const paths = aggregated.paths.map((path) => ({
    path: path.channels.map((c) => aggregated.channels[c]).join(" > "),
    conversions: path.conversions,
    value: path.value,
    nulls: path.nulls,
  }));
  assert.deepEqual(paths, [
    { path: "Facebook", conversions: 1, value: 7.5, nulls: 0 },
    { path: "Facebook > Instagram > Email", conversions: 1, value: 20, nulls: 0 },
    { path: "X", conversions: 0, value: 0, nulls: 1 },
  ]);
  const [lastTouch] = computeAttribution(aggregated, { models: ["last_touch"] }).models;
  assert.equal(creditOf(lastTouch, "Email"), 1);
});

test("event log: rows of a customer need not be contiguous", async () => {
  const rows = [
    "a,2024-01-01T00:00:00Z,impression,0,0,Facebook",
    "b,2024-01-01T00:00:00Z,impression,0,0,Email",
    "a,2024-01-02T00:00:00Z,conversion,1,5,Instagram",
    "b,2024-01-03T00:00:00Z,conversion,1,9,X",
  ];
  const interleaved = await readEventLog(
    store,
    writeTemp("interleaved.csv", [EVENT_HEADER, ...rows].join("\n")),
  );
  const grouped = await readEventLog(
    store,
    writeTemp("grouped.csv", [EVENT_HEADER, rows[0], rows[2], rows[1], rows[3]].join("\n")),
  );
  assert.deepEqual(interleaved, grouped);
  assert.equal(grouped.paths.length, 2);
});

test("bad files throw AttributionInputError naming file, row, column and what was expected", async () => {
  const cases: [string, string, RegExp][] = [
    [
      "bad-number.csv",
      "path;total_conversions;total_conversion_value;total_null\na > b;1;x;0",
      /row 2, column "total_conversion_value": expected a non-negative number, got "x"/,
    ],
    [
      "bad-path.csv",
      "path,total_conversions\na >  > b,1",
      /row 2, column "path": expected channel names separated by ">"/,
    ],
    [
      "no-path.csv",
      "route;total_conversions\na;1",
      /row 1 \(header\), column "path": expected a column named path/,
    ],
  ];
  for (const [name, content, message] of cases) {
    const file = writeTemp(name, content);
    await assert.rejects(readPathTable(store, file), (error) => {
      assert.ok(error instanceof AttributionInputError);
      assert.ok(error.message.startsWith(file), error.message);
      assert.match(error.message, message);
      return true;
    });
  }
  const badTime = writeTemp("bad-time.csv", `${EVENT_HEADER}\nc1,not a date,impression,0,0,Facebook`);
  await assert.rejects(
    readEventLog(store, badTime),
    /row 2, column "time": expected an ISO 8601 date-time, got "not a date"/,
  );
  await assert.rejects(readPathTable(store, "/nonexistent/paths.csv"), AttributionInputError);
});

test("path tables: `,` or `;` delimiter, spaces around channels trimmed, exclusions applied", async () => {
  const semicolon = await readPathTable(
    store,
    writeTemp(
      "semicolon.csv",
      "path;total_conversions;total_conversion_value;total_null\n a >b > c ;2;3,5;1\n",
    ),
  );
  const comma = await readPathTable(
    store,
    writeTemp("comma.csv", "path,total_conversions,total_conversion_value,total_null\na > b > c,2,3.5,1\n"),
  );
  assert.deepEqual(semicolon, comma);
  assert.deepEqual(semicolon.channels, ["a", "b", "c"]);
  const excluded = await readPathTable(
    store,
    writeTemp(
      "excluded.csv",
      "path,total_conversions,total_conversion_value,total_null\na > direct > c,2,3.5,1\n",
    ),
    { exclude: ["direct"] },
  );
  assert.deepEqual(excluded.channels, ["a", "c"]);
});
