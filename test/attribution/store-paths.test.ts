import assert from "node:assert/strict";
import { test } from "node:test";
import { loadStorePaths, type StorePathOptions } from "../../src/attribution/store-paths.js";
import { CONVERSION_HEADER, testWorkspace } from "../helpers.js";
import { assertSameReport, DAY } from "./helpers.js";
import { listClickTouchpoints, storePathsInJavaScript } from "./journeys-oracle.js";

const PERIOD = { from: "2026-03-01", to: "2026-03-31" };
const MARCH = Date.parse("2026-03-01T00:00:00Z");

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    below: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

const CHANNELS = [
  "Organic Social",
  "Paid Social",
  "Email",
  "Organic Search",
  "Direct",
  "(direct)",
  " Referral ",
];
const NETWORKS = [null, null, "facebook", "instagram", "linkedin", " x ", "Stripe", "PAYPAL"];
const CAMPAIGNS = [null, null, "spring", "launch", "direct", "b2b "];
/** Links of tracked clicks: a paid medium, an organic one, none; one names an excluded network. */
const LINKS = [
  { id: "l1", network: "linkedin", campaign: "b2b", medium: "cpc" },
  { id: "l2", network: "x", campaign: null, medium: "social" },
  { id: "l3", network: null, campaign: "spring", medium: null },
  { id: "l4", network: "stripe", campaign: null, medium: "Paid_Social" },
];
/** Touches around each sale sit on the edges of these windows. */
const LOOKBACKS = [30, 7, 0.5];

const iso = (time: number) => new Date(time).toISOString();
const csv = (cells: readonly (string | number | null)[]) => cells.map((cell) => cell ?? "").join(",");

/**
 * Customers with several sales (some at one instant, some refunded, some directed to a network or
 * campaign, some by customers who bought before the period), imported touchpoints inside, before
 * and after the period and on the lookback windows' edges, tracked clicks a customer owns through a
 * sale or as their first click, and customers who touched but never bought.
 */
async function generatedWorkspace() {
  const random = generator(16);
  const t = await testWorkspace();
  const touches: string[] = [];
  const sales: string[] = [];
  const refunds: string[] = [];
  const clicks: { id: string; link: string; time: number }[] = [];
  const firstClicks: { customer: string; click: string }[] = [];
  const touch = (customer: string, time: number) =>
    touches.push(
      csv([customer, iso(time), random.pick(CHANNELS), random.pick(NETWORKS), random.pick(CAMPAIGNS)]),
    );
  for (let i = 0; i < 80; i++) {
    const customer = `c${String(i).padStart(2, "0")}`;
    const boughtBefore = i % 5 === 0;
    if (boughtBefore)
      sales.push(
        csv([`${customer}-feb`, "2026-02-10T10:00:00Z", "sale", 70, "EUR", null, null, customer, null]),
      );
    const saleTimes: number[] = [];
    const saleCount = i % 4;
    for (let s = 0; s < saleCount; s++) {
      // Whole hours, so sales and touches share instants; every seventh customer buys twice at once.
      const time = i % 7 === 0 && s === 1 ? saleTimes[0]! : MARCH + random.below(31 * 24) * 3_600_000;
      saleTimes.push(time);
      const id = `${customer}-s${s}`;
      const directed = i % 3 === 0 && s === 0;
      const click = i % 6 === 1 && s === 0 ? `${customer}-k1` : null;
      const value = random.pick([0, 15, 40, 99.5, 120, 200]);
      sales.push(
        csv([
          id,
          iso(time),
          "sale",
          value,
          "EUR",
          directed ? "facebook" : null,
          directed ? "promo" : null,
          customer,
          click,
        ]),
      );
      if (i % 4 === 1 && s === 0)
        refunds.push(csv([id, iso(time + 2 * DAY), "refund", value / 2, "EUR", null, null, null, null]));
      if (i % 9 === 2)
        refunds.push(csv([id, iso(time + DAY), "refund", value, "EUR", null, null, null, null]));
      for (const days of LOOKBACKS) {
        touch(customer, time - days * DAY);
        touch(customer, time - days * DAY - 1);
      }
      touch(customer, time);
      touch(customer, time + 1);
    }
    const ownTouches = 2 + random.below(10);
    for (let k = 0; k < ownTouches; k++) {
      // From 40 days before the period to 5 days after it, to the millisecond.
      touch(customer, MARCH - 40 * DAY + random.below(76 * DAY));
    }
    if (i % 6 === 1) {
      for (const k of [0, 1, 2]) {
        clicks.push({
          id: `${customer}-k${k}`,
          link: random.pick(LINKS).id,
          time: MARCH - 5 * DAY + random.below(40 * DAY),
        });
      }
      firstClicks.push({ customer, click: `${customer}-k0` });
    }
  }
  // Sales of no identified customer close no journey.
  sales.push(csv(["anonymous", "2026-03-12T09:00:00Z", "sale", 55, "EUR", null, null, null, null]));
  await t.load(
    "touchpoints.csv",
    ["customer_id,occurred_at,channel,network,campaign", ...touches].join("\n"),
  );
  await t.store.run(
    `INSERT INTO links (link_id, workspace_id, slug, destination, network, campaign, utm_medium)
     SELECT id, $ws, id, 'https://example.com', nullif(network, ''), nullif(campaign, ''), nullif(medium, '')
     FROM (SELECT unnest($ids) AS id, unnest($networks) AS network, unnest($campaigns) AS campaign, unnest($mediums) AS medium)`,
    {
      ws: t.workspace.id,
      ids: LINKS.map((link) => link.id),
      networks: LINKS.map((link) => link.network ?? ""),
      campaigns: LINKS.map((link) => link.campaign ?? ""),
      mediums: LINKS.map((link) => link.medium ?? ""),
    },
  );
  await t.store.run(
    `INSERT INTO clicks (click_id, workspace_id, link_id, occurred_at)
     SELECT id, $ws, link, make_timestamptz(time * 1000) FROM (SELECT unnest($ids) AS id, unnest($links) AS link, unnest($times)::BIGINT AS time)`,
    {
      ws: t.workspace.id,
      ids: clicks.map((c) => c.id),
      links: clicks.map((c) => c.link),
      times: clicks.map((c) => c.time),
    },
  );
  await t.store.run(`INSERT INTO customer_first_clicks SELECT $ws, unnest($customers), unnest($clicks)`, {
    ws: t.workspace.id,
    customers: firstClicks.map((f) => f.customer),
    clicks: firstClicks.map((f) => f.click),
  });
  await t.load("sales.csv", [CONVERSION_HEADER, ...sales].join("\n"));
  await t.load("refunds.csv", [CONVERSION_HEADER, ...refunds].join("\n"));
  return t;
}

test("unique paths grouped by the database equal the journeys built in JavaScript, for every level, scope and window", async () => {
  const t = await generatedWorkspace();
  try {
    for (const level of ["network", "campaign", "channel_group"] as const) {
      for (const sales of ["all", "undirected"] as const) {
        for (const [lookbackDays, halfLifeDays] of [
          [30, undefined],
          [7, 2],
          [0.5, 0.25],
        ] as const) {
          const options: StorePathOptions = {
            level,
            sales,
            lookbackDays,
            ...(halfLifeDays ? { halfLifeDays } : {}),
          };
          const expected = await storePathsInJavaScript(t.store, t.workspace, PERIOD, options);
          const actual = await loadStorePaths(t.store, t.workspace, PERIOD, options);
          assertSameReport(actual, expected, JSON.stringify(options));
        }
      }
    }
    // The data reaches every case the comparison is meant to cover.
    const { revenue, new_customers } = await storePathsInJavaScript(t.store, t.workspace, PERIOD, {
      level: "channel_group",
      sales: "all",
      lookbackDays: 30,
    });
    const clicks = await listClickTouchpoints(t.store, t.workspace.id, "2026-01-01", PERIOD.to);
    assert.deepEqual(
      new Set(clicks.map((click) => click.channel)),
      new Set(["Paid Social", "Organic Social"]),
    );
    assert.ok(!revenue.channels.some((channel) => /direct/i.test(channel)));
    assert.ok(revenue.unattributedConversions > 0 && revenue.totalNulls > 0);
    assert.ok(revenue.paths.some((path) => path.channels.length > 3));
    assert.ok(new_customers.totalValue > 0 && new_customers.totalValue < revenue.totalConversions);
  } finally {
    await t.close();
  }
});

test("a workspace without sales in the period has no paths, whatever its touches", async () => {
  const t = await generatedWorkspace();
  try {
    const april = { from: "2026-04-01", to: "2026-04-30" };
    const paths = await loadStorePaths(t.store, t.workspace, april, {
      level: "network",
      sales: "all",
      lookbackDays: 30,
    });
    assertSameReport(
      paths,
      await storePathsInJavaScript(t.store, t.workspace, april, {
        level: "network",
        sales: "all",
        lookbackDays: 30,
      }),
    );
    assert.deepEqual([paths.revenue.paths, paths.revenue.channels, paths.revenue.totalNulls], [[], [], 0]);
  } finally {
    await t.close();
  }
});
