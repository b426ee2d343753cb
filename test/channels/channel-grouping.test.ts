import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { classifyTraffic, networkSql } from "../../src/channels/channel-grouping.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";

const EXAMPLES: [
  source: string,
  medium: string,
  campaign: string,
  channel: string,
  network: string | null,
][] = [
  ["(direct)", "(none)", "", "Direct", null],
  ["l.facebook.com", "referral", "", "Organic Social", "facebook"],
  ["facebook", "paid_social", "spring", "Paid Social", "facebook"],
  ["ig", "social", "", "Organic Social", "instagram"],
  ["t.co", "referral", "", "Organic Social", "x"],
  ["lnkd.in", "referral", "", "Organic Social", "linkedin"],
  ["linkedin", "cpc", "b2b", "Paid Social", "linkedin"],
  ["google", "organic", "", "Organic Search", null],
  ["google", "cpc", "brand", "Paid Search", null],
  ["youtube.com", "referral", "", "Organic Video", "youtube"],
  ["tiktok", "paid", "", "Paid Social", "tiktok"],
  ["pin.it", "referral", "", "Organic Social", "pinterest"],
  ["newsletter", "email", "march", "Email", null],
  ["partner", "affiliate", "", "Affiliates", null],
  ["adnetwork", "display", "", "Display", null],
  ["example.org", "referral", "", "Referral", null],
  ["shop", "cpc", "shopping-feed", "Paid Shopping", null],
  ["something", "unknown", "", "Unassigned", null],
  ["partner", "cpc", "cross-network-pmax", "Cross-network", null],
];

/** The network of each row's source as the SQL finds it (imports classify sources so). */
async function sqlNetworks(store: DuckDbStore, rows: [string | null, string | null, string | null][]) {
  const values = rows
    .map(
      ([s, m, c], i) =>
        `(${i}, ${[s, m, c].map((v) => (v === null ? "NULL" : `'${v.replaceAll("'", "''")}'`)).join(", ")})`,
    )
    .join(", ");
  return store.all<{ i: number; network: string | null }>(
    `SELECT i, ${networkSql("s")} AS network
     FROM (VALUES ${values}) v(i, s, m, c) ORDER BY i`,
  );
}

test("classifyTraffic follows GA4's default channel groups and finds the network", () => {
  for (const [source, medium, campaign, channel, network] of EXAMPLES) {
    assert.deepEqual(
      classifyTraffic({ source, medium, campaign }),
      { channel, network },
      `${source} / ${medium}`,
    );
  }
});

test("the SQL network of a source agrees with classifyTraffic on the examples", async () => {
  const store = await DuckDbStore.open(":memory:");
  const rows = await sqlNetworks(
    store,
    EXAMPLES.map(([s, m, c]) => [s, m, c]),
  );
  assert.deepEqual(
    rows.map((r) => r.network),
    EXAMPLES.map(([, , , , network]) => network),
  );
});

test("property: the SQL network of a source agrees with classifyTraffic on generated sources", async () => {
  const store = await DuckDbStore.open(":memory:");
  const word = fc.constantFrom(
    "facebook",
    "l.facebook.com",
    "m.youtube.com",
    "t.co",
    "x.com",
    "lnkd.in",
    "ig",
    "tiktok",
    "pinterest.fr",
    "google",
    "bing.com",
    "(direct)",
    "(none)",
    "(not set)",
    "cpc",
    "paid",
    "ppc",
    "social",
    "sm",
    "email",
    "e-mail",
    "referral",
    "organic",
    "display",
    "cpm",
    "affiliate",
    "video",
    "push",
    "sms",
    "audio",
    "shopping",
    "cross-network",
    "newsletter",
    "amazon.de",
    "vimeo.com",
    "reddit.com",
    "",
    " Facebook ",
    "PAID_social",
    "firebase",
  );
  const text = fc.oneof(word, fc.string({ maxLength: 12 }), fc.constant(null));
  const samples = fc.sample(fc.tuple(text, text, text), { numRuns: 2000, seed: 42 });
  const rows = await sqlNetworks(store, samples);
  for (const [index, [source, medium, campaign]] of samples.entries()) {
    const expected = classifyTraffic({ source, medium, campaign });
    assert.equal(rows[index]?.network, expected.network, JSON.stringify(samples[index]));
  }
});
