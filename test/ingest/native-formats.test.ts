import assert from "node:assert/strict";
import { test } from "node:test";
import { ImportError } from "../../src/ingest/import-error.js";
import { fixture, openSession, type Session, snapshot } from "./helpers.js";

interface Case {
  file: string;
  format: string;
  year?: number;
  /** Rows per table written by the first import. */
  tables: Record<string, number>;
  /** A query and the rows it must return after the import. */
  check: [sql: string, expected: Record<string, unknown>[]];
  /** An unmapped column that must be kept in `extra`. */
  extra?: [sql: string, key: string, value: string];
  warning?: RegExp;
}

const CASES: Case[] = [
  {
    file: "tweet_activity_metrics_acme_20240101_20240201_en.csv",
    format: "x-tweet-activity",
    tables: { posts: 3 },
    check: [
      `SELECT post_id, strftime(published_at, '%Y-%m-%dT%H:%M') AS at, impressions, engagements, likes, shares, comments, link_clicks, paid, account, text
       FROM posts WHERE post_id = '1750000000000000001' OR paid = 1 ORDER BY post_id`,
      [
        {
          post_id: "1750000000000000001",
          at: "2024-01-30T21:18",
          impressions: 3423,
          engagements: 120,
          likes: 40,
          shares: 10,
          comments: 3,
          link_clicks: 25,
          paid: 0,
          account: "acme",
          text: 'New release "v2" is out!\n\nRead more: https://t.co/abc 🎉',
        },
        {
          post_id: "1750000000000000003",
          at: "2024-01-02T12:00",
          impressions: 5000,
          engagements: 200,
          likes: 80,
          shares: 20,
          comments: 5,
          link_clicks: 60,
          paid: 1,
          account: "acme",
          text: "Promoted tweet",
        },
      ],
    ],
    extra: ["SELECT extra FROM posts WHERE post_id = '1750000000000000002'", "user profile clicks", "2.0"],
  },
  {
    file: "tweet_activity_metrics_old_20150101_20150201_en.csv",
    format: "x-tweet-activity",
    tables: { posts: 1 },
    check: ["SELECT likes FROM posts", [{ likes: 9 }]],
    warning: /favorites/,
  },
  {
    file: "daily_tweet_activity_metrics_acme_20240101_20240201_en.csv",
    format: "x-daily-activity",
    tables: { account_days: 2 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, impressions, engagements, profile_visits, account FROM account_days ORDER BY d LIMIT 1",
      [{ d: "2024-01-01", impressions: 1200, engagements: 40, profile_visits: 3, account: "acme" }],
    ],
  },
  {
    file: "account_analytics_content_2024.csv",
    format: "x-post-content",
    tables: { posts: 2 },
    check: [
      "SELECT post_id, strftime(published_at, '%Y-%m-%d') AS d, impressions, shares FROM posts ORDER BY post_id",
      [
        { post_id: "1862000000000000001", d: "2024-11-30", impressions: 12345, shares: 15 },
        { post_id: "1862000000000000002", d: "2024-11-29", impressions: 1200, shares: 5 },
      ],
    ],
    extra: ["SELECT extra FROM posts WHERE post_id = '1862000000000000001'", "Bookmarks", "12"],
  },
  {
    file: "account_overview_analytics_2024.csv",
    format: "x-account-overview",
    tables: { account_days: 2 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, impressions, profile_visits FROM account_days ORDER BY d DESC LIMIT 1",
      [{ d: "2024-11-30", impressions: 15000, profile_visits: 26 }],
    ],
  },
  {
    file: "Facebook_posts_export.csv",
    format: "meta-posts",
    tables: { posts: 2 },
    check: [
      "SELECT post_id, network, strftime(published_at, '%Y-%m-%d %H:%M') AS at, impressions, reach, engagements, likes, link_clicks, text FROM posts ORDER BY post_id",
      [
        {
          post_id: "123_456",
          network: "facebook",
          at: "2024-03-15 09:30",
          impressions: 12345,
          reach: 9876,
          engagements: 1234,
          likes: 1000,
          link_clicks: 321,
          text: "Spring sale, 20% off everything!",
        },
        {
          post_id: "123_457",
          network: "facebook",
          at: "2024-03-05 18:00",
          impressions: 845,
          reach: 700,
          engagements: 53,
          likes: 40,
          link_clicks: 20,
          text: "Hello,\nworld",
        },
      ],
    ],
    extra: ["SELECT extra FROM posts WHERE post_id = '123_456'", "Other clicks", "179"],
  },
  {
    file: "Instagram_posts_export.csv",
    format: "meta-posts",
    tables: { posts: 1 },
    check: [
      "SELECT network, impressions, likes, account FROM posts",
      [{ network: "instagram", impressions: 2500, likes: 300, account: "acme.shop" }],
    ],
    warning: /Impressions/,
  },
  {
    file: "acme_content_1710500000000.csv",
    format: "linkedin-content-metrics",
    tables: { account_days: 2 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, impressions, engagements, account FROM account_days ORDER BY d",
      [
        { d: "2024-03-14", impressions: 1200, engagements: 55, account: "acme" },
        { d: "2024-03-15", impressions: -15, engagements: -1, account: "acme" },
      ],
    ],
    warning: /Shares \(total\)" recognised/,
  },
  {
    file: "Overview_2023-12-30_2024-01-05.csv",
    format: "tiktok-overview",
    tables: { account_days: 2 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, impressions, profile_visits, engagements FROM account_days ORDER BY d",
      [
        { d: "2023-12-30", impressions: 1200, profile_visits: 40, engagements: 317 },
        { d: "2024-01-02", impressions: 3400000, profile_visits: 1100, engagements: 22300 },
      ],
    ],
  },
  {
    file: "FollowerHistory.csv",
    format: "tiktok-followers",
    year: 2024,
    tables: { account_days: 2 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, followers FROM account_days ORDER BY d",
      [
        { d: "2024-03-03", followers: 10500 },
        { d: "2024-03-04", followers: 10600 },
      ],
    ],
  },
  {
    file: "Content_2024-03-01_2024-03-31.csv",
    format: "tiktok-content",
    tables: { posts: 1 },
    check: [
      "SELECT post_id, strftime(published_at, '%Y-%m-%d') AS d, impressions, likes FROM posts",
      [{ post_id: "7340000000000000001", d: "2024-03-03", impressions: 25300, likes: 1200 }],
    ],
  },
  {
    file: "Table data.csv",
    format: "youtube-content",
    tables: { posts: 2 },
    check: [
      "SELECT post_id, strftime(published_at, '%Y-%m-%d') AS d, impressions FROM posts ORDER BY post_id",
      [
        { post_id: "abcDEF12345", d: "2024-03-20", impressions: 10000 },
        { post_id: "dQw4w9WgXcQ", d: "2024-03-15", impressions: 70000 },
      ],
    ],
    extra: ["SELECT extra FROM posts WHERE post_id = 'dQw4w9WgXcQ'", "Views", "5000"],
  },
  {
    file: "ga4-traffic-acquisition.csv",
    format: "ga4-traffic",
    tables: { traffic: 3 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, source, medium, sessions, users FROM traffic ORDER BY d, source",
      [
        { d: "2024-03-01", source: "facebook.com", medium: "referral", sessions: 120, users: 100 },
        { d: "2024-03-01", source: "l.instagram.com", medium: "referral", sessions: 45, users: 40 },
        { d: "2024-03-02", source: "(direct)", medium: "(none)", sessions: 300, users: 260 },
      ],
    ],
  },
  {
    file: "sessions-by-source.csv",
    format: "traffic-by-source",
    tables: { traffic: 2 },
    check: [
      "SELECT source, medium, campaign, sessions, users FROM traffic ORDER BY source",
      [
        { source: "newsletter", medium: "email", campaign: null, sessions: 12, users: 12 },
        { source: "t.co", medium: "social", campaign: "spring", sessions: 30, users: 25 },
      ],
    ],
  },
  {
    file: "meta-ads-report.csv",
    format: "meta-ads",
    tables: { costs: 2 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, strftime(end_date, '%Y-%m-%d') AS e, category, amount, currency, network, campaign FROM costs ORDER BY amount DESC LIMIT 1",
      [
        {
          d: "2024-03-01",
          e: "2024-03-31",
          category: "ads",
          amount: 1000.5,
          currency: "EUR",
          network: "facebook",
          campaign: "Spring sale",
        },
      ],
    ],
    extra: ["SELECT extra FROM costs WHERE campaign = 'Spring sale'", "Impressions", "95,000"],
  },
  {
    file: "linkedin-campaign-performance.csv",
    format: "linkedin-ads",
    tables: { costs: 1 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, amount, network, campaign FROM costs",
      [{ d: "2024-03-15", amount: 250, network: "linkedin", campaign: "B2B leads" }],
    ],
    extra: ["SELECT extra FROM costs", "Clicks", "150"],
  },
  {
    file: "x-ads-campaigns.csv",
    format: "x-ads",
    tables: { costs: 1 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, strftime(end_date, '%Y-%m-%d') AS e, amount, network FROM costs",
      [{ d: "2024-03-01", e: "2024-03-31", amount: 300.25, network: "x" }],
    ],
  },
  {
    file: "google-ads-campaign-report.csv",
    format: "google-ads",
    tables: { costs: 1 },
    check: [
      "SELECT strftime(date, '%Y-%m-%d') AS d, amount, currency, campaign FROM costs",
      [{ d: "2024-03-15", amount: 45.2, currency: "EUR", campaign: "Brand search" }],
    ],
    extra: ["SELECT extra FROM costs", "Impr.", "1,200"],
  },
  {
    file: "Keyword Stats 2024-03-15 at 10_00_00.csv",
    format: "keyword-planner",
    tables: { keyword_cpcs: 2 },
    check: [
      "SELECT keyword, cpc, currency FROM keyword_cpcs ORDER BY keyword",
      [
        { keyword: "roi calculator", cpc: 1.1, currency: "EUR" },
        { keyword: "social media roi", cpc: 1.6, currency: "EUR" },
      ],
    ],
    warning: /midpoint/,
  },
  {
    file: "orders_export_1.csv",
    format: "shopify-orders",
    tables: { conversions: 3 },
    check: [
      "SELECT conversion_id, type, value, network, campaign, customer_id, click_id FROM conversions ORDER BY conversion_id, type",
      [
        {
          conversion_id: "51001",
          type: "sale",
          value: 59,
          network: "facebook",
          campaign: "spring",
          customer_id: "ann@example.com",
          click_id: "k7x9q2",
        },
        {
          conversion_id: "51002",
          type: "refund",
          value: 20,
          network: null,
          campaign: null,
          customer_id: "bob@example.com",
          click_id: null,
        },
        {
          conversion_id: "51002",
          type: "sale",
          value: 120,
          network: null,
          campaign: null,
          customer_id: "bob@example.com",
          click_id: null,
        },
      ],
    ],
  },
  {
    file: "unified_payments.csv",
    format: "stripe-payments",
    tables: { conversions: 3 },
    check: [
      "SELECT conversion_id, type, value, currency, network, campaign, customer_id, click_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S') AS at FROM conversions ORDER BY conversion_id, type",
      [
        {
          conversion_id: "ch_3Oabc001",
          type: "sale",
          value: 49,
          currency: "EUR",
          network: "linkedin",
          campaign: "b2b-spring",
          customer_id: "cus_A1",
          click_id: "k7x9q2",
          at: "2024-03-15T10:22:33",
        },
        {
          conversion_id: "ch_3Oabc002",
          type: "refund",
          value: 49,
          currency: "EUR",
          network: null,
          campaign: null,
          customer_id: "dan@example.com",
          click_id: null,
          at: "2024-03-16T11:00:00",
        },
        {
          conversion_id: "ch_3Oabc002",
          type: "sale",
          value: 49,
          currency: "EUR",
          network: null,
          campaign: null,
          customer_id: "dan@example.com",
          click_id: null,
          at: "2024-03-16T11:00:00",
        },
      ],
    ],
  },
];

function plain(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
  );
}

function tableCounts(report: { tables: { table: string; inserted: number }[] }): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of report.tables) counts[t.table] = (counts[t.table] ?? 0) + t.inserted;
  return counts;
}

async function importCase(session: Session, c: Case, format?: string) {
  return session.importPath(fixture(c.file), { year: c.year, format });
}

for (const c of CASES) {
  test(`${c.format}: ${c.file} is detected, mapped, re-imported unchanged, extras kept`, async () => {
    const session = await openSession();
    const report = await importCase(session, c);
    assert.equal(report.format, c.format);
    assert.deepEqual(tableCounts(report), c.tables);
    assert.deepEqual(plain(await session.rows(c.check[0])), c.check[1]);
    if (c.warning)
      assert.ok(
        report.warnings.some((w) => c.warning?.test(w)),
        report.warnings.join("\n"),
      );
    if (c.extra) {
      const [row] = await session.rows<{ extra: string }>(c.extra[0]);
      assert.equal(JSON.parse(row?.extra ?? "{}")[c.extra[1]], c.extra[2]);
    }
    const before = await snapshot(session);
    const again = await importCase(session, c);
    assert.ok(
      again.tables.every((t) => t.inserted === 0 && t.updated === 0),
      JSON.stringify(again.tables),
    );
    assert.equal(await snapshot(session), before);
  });

  test(`${c.format}: --format ${c.format} reads ${c.file} the same way`, async () => {
    const session = await openSession();
    const report = await importCase(session, c, c.format);
    assert.equal(report.format, c.format);
    assert.deepEqual(plain(await session.rows(c.check[0])), c.check[1]);
  });
}

test("shopify-orders: a multi-line order counts once and repeats no key", async () => {
  const session = await openSession();
  const report = await session.importPath(fixture("orders_export_1.csv"));
  assert.ok(report.tables.every((t) => t.repeated === 0));
  const firstClicks = await session.rows(
    "SELECT customer_id, first_click_id FROM customer_first_clicks ORDER BY customer_id",
  );
  assert.deepEqual(firstClicks, [{ customer_id: "ann@example.com", first_click_id: "k7x9q2" }]);
});

test("tiktok-followers: days without a year and no date range need --year", async () => {
  const session = await openSession();
  await assert.rejects(session.importPath(fixture("FollowerHistory.csv")), (error: unknown) => {
    assert.ok(error instanceof ImportError);
    assert.match(error.message, /--year/);
    return true;
  });
});

test("a native file forced into another format fails with an ImportError", async () => {
  const session = await openSession();
  await assert.rejects(
    session.importPath(fixture("Table data.csv"), { format: "x-tweet-activity" }),
    ImportError,
  );
});
