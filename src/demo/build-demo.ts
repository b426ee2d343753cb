import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { seededRandom } from "../domain/seeded-random.js";
import type { Workspace } from "../domain/workspace.js";
import { importFile } from "../ingest/import-file.js";
import { geometricAdstock, hill } from "../mmm/transforms.js";
import type { FileReadingStore } from "../store/store.js";
import { createWorkspace, listWorkspaces, setDefaultWorkspace } from "../store/workspaces.js";
import { createLink } from "../tracking/create-link.js";
import { CLICK_LOG_HEADER, importClickLog } from "../tracking/import-click-log.js";
import { findLink } from "../tracking/link.js";

const START = Date.UTC(2026, 7, 1);
const DAYS = 92;
/**
 * Two years of always-on posting, ads and shop orders before the launch: a marketing mix model
 * needs that much history (`socialroi mmm`), weekly even more than daily.
 */
const HISTORY_DAYS = 730;
const CAMPAIGN = "ebook-launch";
const ALWAYS_ON = "always-on";
const DEMO_NAME = "Demo: eBook launch";

interface NetworkProfile {
  network: string;
  postsPerWeek: number;
  impressions: number;
  engagementRate: number;
  ctr: number;
  leadRate: number;
  saleRate: number;
  ads: AdResponse;
  types: string[];
  followers: number;
}

/**
 * How a network's ads sell in the shop: a daily budget that campaigns flight above and budget
 * reviews move, carried over from day to day (share of yesterday's effect kept) and saturating
 * (a Hill curve of the carried-over spend relative to its mean): what a mix model should find.
 */
interface AdResponse {
  dailyBudget: number;
  decay: number;
  halfSaturation: number;
  shape: number;
  /** Shop revenue per euro of ads over the demo's days. */
  roi: number;
  /** Whether the network's ads are paused now and then (a few weeks dark). */
  pauses: boolean;
}

/** Networks that differ in ROI: Facebook sells, LinkedIn brings leads, Instagram reaches, X costs more than it earns. */
const PROFILES: NetworkProfile[] = [
  {
    network: "facebook",
    postsPerWeek: 4,
    impressions: 9000,
    engagementRate: 0.035,
    ctr: 0.012,
    leadRate: 0.09,
    saleRate: 0.3,
    ads: { dailyBudget: 70, decay: 0.5, halfSaturation: 1, shape: 1.3, roi: 3.5, pauses: false },
    types: ["photo", "link", "video"],
    followers: 12500,
  },
  {
    network: "instagram",
    postsPerWeek: 5,
    impressions: 14000,
    engagementRate: 0.055,
    ctr: 0.004,
    leadRate: 0.06,
    saleRate: 0.25,
    ads: { dailyBudget: 60, decay: 0.65, halfSaturation: 0.9, shape: 1, roi: 2.2, pauses: false },
    types: ["photo", "reel", "carousel"],
    followers: 18400,
  },
  {
    network: "x",
    postsPerWeek: 6,
    impressions: 3000,
    engagementRate: 0.018,
    ctr: 0.006,
    leadRate: 0.03,
    saleRate: 0.12,
    ads: { dailyBudget: 30, decay: 0.3, halfSaturation: 0.8, shape: 1, roi: 0.5, pauses: true },
    types: ["status", "link", "photo"],
    followers: 5200,
  },
  {
    network: "linkedin",
    postsPerWeek: 3,
    impressions: 6000,
    engagementRate: 0.04,
    ctr: 0.015,
    leadRate: 0.16,
    saleRate: 0.2,
    ads: { dailyBudget: 50, decay: 0.8, halfSaturation: 1.2, shape: 1.5, roi: 1.4, pauses: true },
    types: ["link", "document", "photo"],
    followers: 7800,
  },
];

/** Shop revenue per euro of each network's ads, as the demo makes it: what `socialroi mmm` should find. */
export const DEMO_AD_ROI: Readonly<Record<string, number>> = Object.fromEntries(
  PROFILES.map((p) => [p.network, p.ads.roi]),
);

const TEXTS = [
  "Our eBook on social media ROI is out: 40 pages, free to download",
  "5 ways to prove what social media earns — chapter 2 of the eBook",
  "Behind the scenes: how we wrote the eBook",
  "Which network pays off? Our numbers, in the eBook",
  "Webinar replay: measuring ROI beyond ad spend",
  "Customer story: from likes to leads in 90 days",
  "Is your engagement rate telling the truth? A thread",
];

function day(offset: number): string {
  return new Date(START + offset * 86_400_000).toISOString().slice(0, 10);
}

function csv(header: readonly string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) =>
    typeof v === "string" && /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v);
  return `${[header, ...rows].map((r) => r.map(cell).join(",")).join("\n")}\n`;
}

/** Where the eBook's tracking links send visitors. */
const LANDING_PAGE = "https://example.com/ebook";
const linkSlug = (network: string) => `ebook-${network}`;
/** The domain each network's visitors come from (web analytics' source, a click's referrer). */
const REFERRERS: Record<string, string> = {
  facebook: "facebook.com",
  instagram: "instagram.com",
  x: "t.co",
  linkedin: "linkedin.com",
};
const DEVICES: [device: string, browser: string, os: string][] = [
  ["mobile", "Mobile Safari", "iOS"],
  ["mobile", "Chrome", "Android"],
  ["mobile", "Instagram", "iOS"],
  ["desktop", "Chrome", "Windows"],
  ["desktop", "Safari", "macOS"],
  ["desktop", "Firefox", "Linux"],
  ["tablet", "Mobile Safari", "iOS"],
];
const COUNTRIES = ["BE", "BE", "NL", "FR", "DE", "GB", "US"];

/**
 * Clicks on the networks' tracking links, from their own random stream so the rest of the demo
 * stays as it was: a share of each post's link clicks, and the click that brought a lead.
 */
function clickMaker(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)]!;
  const rows: (string | number)[][] = [];
  const make = (network: string, at: number): string => {
    const id = `clk_${Array.from({ length: 16 }, () => pick([..."0123456789abcdefghijklmnopqrstuvwxyz"])).join("")}`;
    const [device, browser, os] = pick(DEVICES);
    const referrer = random() < 0.8 ? (REFERRERS[network] ?? "") : "";
    rows.push([
      id,
      linkSlug(network),
      new Date(at).toISOString(),
      device,
      browser,
      os,
      referrer,
      pick(COUNTRIES),
    ]);
    return id;
  };
  return { random, rows, make };
}

type Rows = (string | number)[][];

/** The rows posting makes: posts, and the leads, sales and journeys they bring. */
interface OrganicRows {
  posts: Rows;
  conversions: Rows;
  touchpoints: Rows;
  accountDays: Rows;
  traffic: Rows;
}

/**
 * Each network's posts over days first…last-1 (offsets from the launch) and what they bring. In
 * the launch the posts link to the eBook through tracking links (`tracked`); before it, no link
 * was tracked. Followers start at `followersAt(profile)` and grow by `dailyGain(profile)`.
 */
function organicActivity(
  rows: OrganicRows,
  options: {
    first: number;
    last: number;
    campaign: string;
    random: () => number;
    tracked?: ReturnType<typeof clickMaker>;
    followersAt: (p: NetworkProfile) => number;
    dailyGain: (p: NetworkProfile) => number;
    nextCustomer: () => string;
  },
): void {
  const { random, tracked, campaign } = options;
  const vary = (value: number) => value * (0.6 + random() * 0.8);
  for (const p of PROFILES) {
    let followers = options.followersAt(p);
    for (let d = options.first; d < options.last; d++) {
      const date = day(d);
      const postsToday = random() < p.postsPerWeek / 7 ? 1 : 0;
      let dayImpressions = Math.round(vary(p.impressions * 0.15));
      for (let k = 0; k < postsToday; k++) {
        const impressions = Math.round(vary(p.impressions));
        const engagements = Math.round(impressions * vary(p.engagementRate));
        const likes = Math.round(engagements * 0.7);
        const comments = Math.round(engagements * 0.12);
        const shares = Math.round(engagements * 0.08);
        const clicks = Math.round(impressions * vary(p.ctr));
        const postId = `${p.network}-${date.replaceAll("-", "")}-${k}`;
        const hour = 8 + Math.floor(random() * 10);
        const type = p.types[Math.floor(random() * p.types.length)] ?? "photo";
        rows.posts.push([
          postId,
          p.network,
          `${date}T${String(hour).padStart(2, "0")}:00:00Z`,
          type,
          TEXTS[Math.floor(random() * TEXTS.length)] ?? "",
          campaign,
          impressions,
          Math.round(impressions * 0.72),
          engagements,
          likes,
          comments,
          shares,
          clicks,
        ]);
        dayImpressions += impressions;
        const published = Date.parse(`${date}T${String(hour).padStart(2, "0")}:00:00Z`);
        if (tracked) {
          for (let c = Math.round(clicks * 0.4); c > 0; c--)
            tracked.make(p.network, published + Math.floor(tracked.random() * 36 * 3_600_000));
        }
        const leads = Math.round(clicks * vary(p.leadRate));
        for (let l = 0; l < leads; l++) {
          const customer = options.nextCustomer();
          const at = `${day(Math.min(d + Math.floor(random() * 3), DAYS - 1))}T${String(9 + (l % 10)).padStart(2, "0")}:${String(l % 60).padStart(2, "0")}:00Z`;
          // Most leads come through the network's tracking link, minutes after their click.
          const click =
            tracked && tracked.random() < 0.6
              ? tracked.make(p.network, Date.parse(at) - (5 + Math.floor(tracked.random() * 115)) * 60_000)
              : "";
          rows.conversions.push([
            `lead-${customer}`,
            at,
            "lead",
            "",
            "",
            p.network,
            campaign,
            customer,
            click,
          ]);
          rows.touchpoints.push([
            customer,
            `${date}T${String(hour + 1).padStart(2, "0")}:00:00Z`,
            "Organic Social",
            p.network,
            campaign,
          ]);
          const other = PROFILES[Math.floor(random() * PROFILES.length)]?.network ?? "facebook";
          if (random() < 0.4)
            rows.touchpoints.push([
              customer,
              `${day(Math.max(d - 3, options.first))}T12:00:00Z`,
              "Organic Social",
              other,
              campaign,
            ]);
          if (random() < p.saleRate) {
            const consulting = random() < 0.15;
            const saleDay = day(Math.min(d + 2 + Math.floor(random() * 10), DAYS - 1));
            rows.conversions.push([
              `order-${customer}`,
              `${saleDay}T15:00:00Z`,
              "sale",
              consulting ? 490 : 29,
              "EUR",
              p.network,
              campaign,
              customer,
              click,
            ]);
            if (random() < 0.3)
              rows.touchpoints.push([customer, `${saleDay}T14:30:00Z`, "Email", "", campaign]);
          }
        }
      }
      followers += Math.round(vary(options.dailyGain(p)));
      rows.accountDays.push([
        date,
        p.network,
        `socialroi-demo-${p.network}`,
        followers,
        dayImpressions,
        Math.round(dayImpressions * 0.7),
        Math.round(dayImpressions * p.engagementRate),
        Math.round(vary(4)),
      ]);
      const source = REFERRERS[p.network] ?? p.network;
      rows.traffic.push([
        date,
        source,
        "social",
        campaign,
        Math.round(vary(p.impressions * p.ctr * 0.8)),
        Math.round(vary(p.impressions * p.ctr * 0.7)),
      ]);
    }
  }
}

/** Weeks a flight or a pause lasts, and how often (per week) one starts. */
const FLIGHT_WEEKS = [2, 5] as const;
const FLIGHT_START_CHANCE = 0.09;
const PAUSE_WEEKS = [1, 4] as const;
const PAUSE_START_CHANCE = 0.05;
/** Budgets are reviewed each quarter. */
const REVIEW_WEEKS = 13;

/**
 * Each network's ad budget per day over the demo's days (index 0 = the first history day): a
 * base budget moved at each quarterly review, flights of a few weeks at two to three times it,
 * and for some networks a few dark weeks. Each network draws its own flights, so their spends
 * move apart and a mix model can tell them apart.
 */
function adBudgets(random: () => number): number[][] {
  const days = HISTORY_DAYS + DAYS;
  const between = ([low, high]: readonly [number, number]) => low + Math.floor(random() * (high - low + 1));
  return PROFILES.map(({ ads }) => {
    const budgets: number[] = [];
    let base = ads.dailyBudget;
    let flightLeft = 0;
    let flightLevel = 1;
    let pauseLeft = 0;
    for (let week = 0; week * 7 < days; week++) {
      if (week % REVIEW_WEEKS === 0) base = ads.dailyBudget * (0.6 + 0.8 * random());
      if (flightLeft === 0 && pauseLeft === 0) {
        if (random() < FLIGHT_START_CHANCE) {
          flightLeft = between(FLIGHT_WEEKS);
          flightLevel = 2 + random();
        } else if (ads.pauses && random() < PAUSE_START_CHANCE) pauseLeft = between(PAUSE_WEEKS);
      }
      const level = pauseLeft > 0 ? 0 : flightLeft > 0 ? flightLevel : 1;
      if (pauseLeft > 0) pauseLeft--;
      else if (flightLeft > 0) flightLeft--;
      const budget = Math.round(base * level);
      for (let d = week * 7; d < Math.min(days, week * 7 + 7); d++) budgets.push(budget);
    }
    return budgets;
  });
}

/** Ad cost entries: one per run of days at the same budget, split at the launch (its own campaign). */
function adCosts(budgets: readonly number[][]): Rows {
  return PROFILES.flatMap((p, n) => {
    const daily = budgets[n]!;
    const rows: Rows = [];
    let start = 0;
    for (let i = 1; i <= daily.length; i++) {
      const launchStarts = i === HISTORY_DAYS;
      if (i < daily.length && daily[i] === daily[start] && !launchStarts) continue;
      if (daily[start]! > 0) {
        const campaign = start >= HISTORY_DAYS ? CAMPAIGN : ALWAYS_ON;
        rows.push([
          day(start - HISTORY_DAYS),
          day(i - 1 - HISTORY_DAYS),
          "ads",
          daily[start]! * (i - start),
          "EUR",
          p.network,
          campaign,
          `${p.network} ads`,
          "",
        ]);
      }
      start = i;
    }
    return rows;
  });
}

/** Each network's shop revenue per day from its ads: adstock, then a Hill curve, scaled to the network's ROI. */
function adRevenue(budgets: readonly number[][]): number[][] {
  return PROFILES.map(({ ads }, n) => {
    const spend = budgets[n]!;
    const carried = geometricAdstock(spend, ads.decay);
    const mean = carried.reduce((sum, v) => sum + v, 0) / carried.length;
    const response = Array.from(carried, (v) => hill(v / mean, ads.halfSaturation, ads.shape));
    const scale = (ads.roi * spend.reduce((sum, v) => sum + v, 0)) / response.reduce((sum, v) => sum + v, 0);
    return response.map((v) => v * scale);
  });
}

/** What the shop sells without ads, per day: growing, higher towards the year's end, quieter at weekends. */
const BASE_REVENUE = 750;
const YEARLY_GROWTH = 0.15;
const WEEKDAY_FACTORS = [0.85, 1.05, 1.05, 1, 1, 1.05, 0.9]; // Sunday first, as getUTCDay
const ORDER_VALUES = [49, 79, 129, 199];
/** Share of the orders ads brought that the shop can trace to the network (a click with its UTM tags). */
const TRACED_SHARE = 0.3;

/** The index of the share a point falls in, shares laid end to end; -1 past their end. */
function shareAt(shares: readonly number[], point: number): number {
  let end = 0;
  for (const [index, share] of shares.entries()) {
    end += share;
    if (point < end) return index;
  }
  return -1;
}

/**
 * The shop's orders, day by day: the baseline and each network's ad revenue, with day-to-day
 * noise, as orders of the shop's prices. Most arrive "direct": only a share of those the ads
 * brought name their network, which is why click-based ROI undercounts ads.
 */
function shopOrders(random: () => number, adRevenues: readonly number[][]): Rows {
  const rows: Rows = [];
  for (let i = 0; i < HISTORY_DAYS + DAYS; i++) {
    const offset = i - HISTORY_DAYS;
    const date = day(offset);
    const years = i / 365.25;
    const dayOfYear =
      (Date.parse(`${date}T00:00:00Z`) - Date.UTC(Number(date.slice(0, 4)), 0, 1)) / 86_400_000;
    const baseline =
      BASE_REVENUE *
      (1 + YEARLY_GROWTH * years) *
      (1 + 0.15 * Math.cos((2 * Math.PI * (dayOfYear - 340)) / 365.25)) *
      WEEKDAY_FACTORS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
    const fromAds = adRevenues.map((revenue) => revenue[i]!);
    const expected = baseline + fromAds.reduce((sum, v) => sum + v, 0);
    const target = expected * (0.9 + 0.2 * random());
    let sold = 0;
    for (let k = 0; sold < target; k++) {
      const value = ORDER_VALUES[Math.floor(random() * ORDER_VALUES.length)]!;
      sold += value;
      // The order's network, when the ads brought it and the shop traced its click.
      const network = shareAt(fromAds, random() * expected);
      const traced = network >= 0 && random() < TRACED_SHARE;
      const minute = Math.floor(random() * 24 * 60);
      rows.push([
        `shop-${date.replaceAll("-", "")}-${k}`,
        `${date}T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00Z`,
        "sale",
        value,
        "EUR",
        traced ? PROFILES[network]!.network : "",
        traced ? (offset < 0 ? ALWAYS_ON : CAMPAIGN) : "",
        "",
        "",
      ]);
    }
  }
  return rows;
}

/** The demo's files to import, and its tracking links' clicks (which no import takes: see addTrackingLinks). */
function demoFiles(): { imports: Record<string, string>; clicks: string } {
  const tracked = clickMaker(20260802);
  const rows: OrganicRows = { posts: [], conversions: [], touchpoints: [], accountDays: [], traffic: [] };
  let customerCount = 0;
  const nextCustomer = () => `cus_demo_${++customerCount}`;
  organicActivity(rows, {
    first: 0,
    last: DAYS,
    campaign: CAMPAIGN,
    random: seededRandom(20260801),
    tracked,
    followersAt: (p) => p.followers,
    dailyGain: (p) => p.followers * 0.0015,
    nextCustomer,
  });
  // Before the launch, from their own random streams so the launch's rows stay as they were.
  const historyStart = 0.5;
  organicActivity(rows, {
    first: -HISTORY_DAYS,
    last: 0,
    campaign: ALWAYS_ON,
    random: seededRandom(20240801),
    followersAt: (p) => Math.round(p.followers * historyStart),
    dailyGain: (p) => (p.followers * (1 - historyStart)) / HISTORY_DAYS,
    nextCustomer,
  });
  const { posts, conversions, touchpoints, accountDays, traffic } = rows;
  const budgets = adBudgets(seededRandom(20240802));
  conversions.push(...shopOrders(seededRandom(20240803), adRevenue(budgets)));
  const refunded = conversions.find((c) => c[2] === "sale");
  if (refunded)
    conversions.push([
      `refund-${refunded[7]}`,
      `${day(60)}T10:00:00Z`,
      "refund",
      refunded[3] ?? 29,
      "EUR",
      refunded[5] ?? "",
      CAMPAIGN,
      refunded[7] ?? "",
      "",
    ]);

  const costs = adCosts(budgets);
  costs.push(
    [
      "2026-08-01",
      "2026-10-31",
      "tools",
      49,
      "USD",
      "",
      "",
      "Scheduling tool (billed in dollars)",
      "monthly",
    ],
    ["2026-08-01", "2026-10-31", "tools", 29, "EUR", "", "", "Design tool", "monthly"],
    ["2026-08-03", "", "content", 1800, "EUR", "", CAMPAIGN, "eBook writing and design (freelancer)", ""],
    ["2026-08-10", "", "content", 350, "EUR", "instagram", CAMPAIGN, "Reel production", ""],
    [
      "2026-08-01",
      "2026-10-31",
      "team",
      2200,
      "EUR",
      "",
      "",
      "Community manager salary (half time on social)",
      "monthly",
    ],
    ["2026-09-01", "", "team", 400, "EUR", "", "", "Training: social media analytics", ""],
    ["2026-08-01", "2026-10-31", "agency", 2700, "EUR", "linkedin", CAMPAIGN, "B2B agency retainer", ""],
    ["2026-08-15", "", "other", 120, "EUR", "x", "", "Premium subscription", ""],
  );
  return {
    imports: {
      "currency_rates.csv": csv(
        ["date", "currency", "rate_to_reporting"],
        [
          ["2026-07-01", "USD", 0.92],
          ["2026-09-01", "USD", 0.9],
        ],
      ),
      "posts.csv": csv(
        [
          "post_id",
          "network",
          "published_at",
          "type",
          "text",
          "campaign",
          "impressions",
          "reach",
          "engagements",
          "likes",
          "comments",
          "shares",
          "link_clicks",
        ],
        posts,
      ),
      "account_days.csv": csv(
        ["date", "network", "account", "followers", "impressions", "reach", "engagements", "mentions"],
        accountDays,
      ),
      "costs.csv": csv(
        [
          "date",
          "end_date",
          "category",
          "amount",
          "currency",
          "network",
          "campaign",
          "description",
          "recurrence",
        ],
        costs,
      ),
      "conversions.csv": csv(
        [
          "conversion_id",
          "occurred_at",
          "type",
          "value",
          "currency",
          "network",
          "campaign",
          "customer_id",
          "click_id",
        ],
        conversions,
      ),
      "touchpoints.csv": csv(["customer_id", "occurred_at", "channel", "network", "campaign"], touchpoints),
      "traffic.csv": csv(["date", "source", "medium", "campaign", "sessions", "users"], traffic),
      "value_rules.csv": csv(
        ["outcome", "unit_value", "currency", "valid_from", "valid_to"],
        [
          ["lead", 5, "EUR", "", "2026-09-15"],
          ["lead", 8, "EUR", "2026-09-16", ""],
          ["link_click", 0.5, "EUR", "", ""],
          ["impressions_1000", 2, "EUR", "", ""],
        ],
      ),
      "goals.csv": csv(
        ["goal", "indicator", "target", "period_start", "period_end", "network"],
        [
          ["lead_conversion", "leads", 600, "2026-08-01", "2026-10-31", ""],
          ["sales_conversion", "revenue", 12000, "2026-08-01", "2026-10-31", ""],
          ["brand_image", "impressions", 3000000, "2026-08-01", "2026-10-31", ""],
          ["community_development", "followers", 20000, "2026-08-01", "2026-10-31", "instagram"],
          ["cost_efficiency", "cpl", 40, "2026-08-01", "2026-10-31", "linkedin"],
          ["sales_conversion", "revenue_roi", 0, "2026-08-01", "2026-10-31", ""],
        ],
      ),
    },
    clicks: csv(CLICK_LOG_HEADER, tracked.rows),
  };
}

/**
 * A tracking link per network to the eBook's page, with its clicks (a click log, replayed by
 * tracking). Building the demo again adds nothing.
 */
async function addTrackingLinks(
  store: FileReadingStore,
  workspace: Workspace,
  clicksPath: string,
): Promise<void> {
  for (const { network } of PROFILES) {
    if (await findLink(store, workspace.id, linkSlug(network))) continue;
    await createLink(store, workspace.id, {
      url: LANDING_PAGE,
      network,
      campaign: CAMPAIGN,
      slug: linkSlug(network),
    });
  }
  await importClickLog(store, workspace.id, clicksPath);
}

/**
 * Creates the demo workspace (an eBook launch over three months on four networks) in the store. It
 * becomes the one served only when it is the first, or with `use`: a demo added to a database in
 * use must not take the place of the real data.
 */
export async function buildDemo(
  store: FileReadingStore,
  options: { use?: boolean } = {},
): Promise<Workspace> {
  const existing = (await listWorkspaces(store)).find((w) => w.name === DEMO_NAME);
  const workspace =
    existing ??
    (await createWorkspace(store, {
      name: DEMO_NAME,
      currency: "EUR",
      timezone: "Europe/Brussels",
      locale: "en",
    }));
  if (options.use) await setDefaultWorkspace(store, workspace.id);
  const dir = await store.scratchFolder();
  try {
    const { imports, clicks } = demoFiles();
    for (const [name, content] of Object.entries(imports)) {
      const path = join(dir, name);
      await writeFile(path, content);
      await importFile(store, workspace, { path });
    }
    const clicksPath = join(dir, "clicks.csv");
    await writeFile(clicksPath, clicks);
    await addTrackingLinks(store, workspace, clicksPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return workspace;
}
