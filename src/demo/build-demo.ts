import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { seededRandom } from "../domain/seeded-random.js";
import type { Workspace } from "../domain/workspace.js";
import { importFile } from "../ingest/import-file.js";
import type { FileReadingStore } from "../store/store.js";
import { createWorkspace, listWorkspaces, setDefaultWorkspace } from "../store/workspaces.js";
import { createLink } from "../tracking/create-link.js";
import { CLICK_LOG_HEADER, importClickLog } from "../tracking/import-click-log.js";
import { findLink } from "../tracking/link.js";

const START = Date.UTC(2026, 7, 1);
const DAYS = 92;
const CAMPAIGN = "ebook-launch";
const DEMO_NAME = "Demo: eBook launch";

interface NetworkProfile {
  network: string;
  postsPerWeek: number;
  impressions: number;
  engagementRate: number;
  ctr: number;
  leadRate: number;
  saleRate: number;
  adsPerMonth: number;
  types: string[];
  followers: number;
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
    adsPerMonth: 600,
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
    adsPerMonth: 450,
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
    adsPerMonth: 300,
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
    adsPerMonth: 500,
    types: ["link", "document", "photo"],
    followers: 7800,
  },
];

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

/** The demo's files to import, and its tracking links' clicks (which no import takes: see addTrackingLinks). */
function demoFiles(): { imports: Record<string, string>; clicks: string } {
  const random = seededRandom(20260801);
  const tracked = clickMaker(20260802);
  const vary = (value: number) => value * (0.6 + random() * 0.8);
  const posts: (string | number)[][] = [];
  const conversions: (string | number)[][] = [];
  const touchpoints: (string | number)[][] = [];
  const accountDays: (string | number)[][] = [];
  const traffic: (string | number)[][] = [];
  let customerCount = 0;
  for (const p of PROFILES) {
    let followers = p.followers;
    for (let d = 0; d < DAYS; d++) {
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
        posts.push([
          postId,
          p.network,
          `${date}T${String(hour).padStart(2, "0")}:00:00Z`,
          type,
          TEXTS[Math.floor(random() * TEXTS.length)] ?? "",
          CAMPAIGN,
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
        for (let c = Math.round(clicks * 0.4); c > 0; c--)
          tracked.make(p.network, published + Math.floor(tracked.random() * 36 * 3_600_000));
        const leads = Math.round(clicks * vary(p.leadRate));
        for (let l = 0; l < leads; l++) {
          const customer = `cus_demo_${++customerCount}`;
          const at = `${day(Math.min(d + Math.floor(random() * 3), DAYS - 1))}T${String(9 + (l % 10)).padStart(2, "0")}:${String(l % 60).padStart(2, "0")}:00Z`;
          // Most leads come through the network's tracking link, minutes after their click.
          const click =
            tracked.random() < 0.6
              ? tracked.make(p.network, Date.parse(at) - (5 + Math.floor(tracked.random() * 115)) * 60_000)
              : "";
          conversions.push([`lead-${customer}`, at, "lead", "", "", p.network, CAMPAIGN, customer, click]);
          touchpoints.push([
            customer,
            `${date}T${String(hour + 1).padStart(2, "0")}:00:00Z`,
            "Organic Social",
            p.network,
            CAMPAIGN,
          ]);
          const other = PROFILES[Math.floor(random() * PROFILES.length)]?.network ?? "facebook";
          if (random() < 0.4)
            touchpoints.push([
              customer,
              `${day(Math.max(d - 3, 0))}T12:00:00Z`,
              "Organic Social",
              other,
              CAMPAIGN,
            ]);
          if (random() < p.saleRate) {
            const consulting = random() < 0.15;
            const saleDay = day(Math.min(d + 2 + Math.floor(random() * 10), DAYS - 1));
            conversions.push([
              `order-${customer}`,
              `${saleDay}T15:00:00Z`,
              "sale",
              consulting ? 490 : 29,
              "EUR",
              p.network,
              CAMPAIGN,
              customer,
              click,
            ]);
            if (random() < 0.3) touchpoints.push([customer, `${saleDay}T14:30:00Z`, "Email", "", CAMPAIGN]);
          }
        }
      }
      followers += Math.round(vary(p.followers * 0.0015));
      accountDays.push([
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
      traffic.push([
        date,
        source,
        "social",
        CAMPAIGN,
        Math.round(vary(p.impressions * p.ctr * 0.8)),
        Math.round(vary(p.impressions * p.ctr * 0.7)),
      ]);
    }
  }
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

  const costs: (string | number)[][] = [];
  for (const p of PROFILES) {
    for (let m = 0; m < 3; m++) {
      const first = new Date(Date.UTC(2026, 7 + m, 1)).toISOString().slice(0, 10);
      const last = new Date(Date.UTC(2026, 8 + m, 0)).toISOString().slice(0, 10);
      costs.push([first, last, "ads", p.adsPerMonth, "EUR", p.network, CAMPAIGN, `${p.network} ads`, ""]);
    }
  }
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
