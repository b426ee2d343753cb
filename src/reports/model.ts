import { costsByCategory } from "../costs/cost-breakdown.js";
import type { Locale, Workspace } from "../domain/workspace.js";
import { computeGoals } from "../goals/compute-goals.js";
import { type CellKind, type Formatter, formatter, type ReportWords, WORDS } from "../i18n/reports/index.js";
import { bestTimes } from "../insights/best-times.js";
import { careByNetwork } from "../insights/customer-care.js";
import { earnedMediaValue } from "../insights/earned-media.js";
import { computeInsights } from "../insights/insights.js";
import { type Period, previousPeriod } from "../period/data-period.js";
import { computeFunnel } from "../roi/compute-funnel.js";
import { computeRoi } from "../roi/compute-roi.js";
import { topPosts } from "../roi/top-posts.js";
import type { Store } from "../store/store.js";
import { valueByRule } from "../value/value-by-rule.js";
import type { Branding } from "./branding.js";
import { attributionSection } from "./sections/attribution.js";
import { INSIGHT_METRIC, SectionContext, TOP_POSTS } from "./sections/context.js";
import { costsSection } from "./sections/costs.js";
import { funnelSection } from "./sections/funnel.js";
import { goalsSection } from "./sections/goals.js";
import { insightsSection } from "./sections/insights.js";
import { loadAttribution } from "./sections/load-attribution.js";
import { methodSection } from "./sections/method.js";
import { loadMmm, mmmSection } from "./sections/mmm.js";
import { networkPages } from "./sections/network-pages.js";
import { postsSection } from "./sections/posts.js";
import { roiSection } from "./sections/roi.js";
import { summarySection } from "./sections/summary.js";
import { valueSection } from "./sections/value.js";

export const SECTION_IDS = [
  "summary",
  "goals",
  "roi_network",
  "roi_campaign",
  "funnel",
  "costs",
  "value",
  "posts",
  "attribution",
  "insights",
  "mmm",
  "method",
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface Cell {
  value: string | number | null;
  kind: CellKind;
}

export interface Column {
  label: string;
  kind: CellKind;
  /** How the column's figures are computed, in the reader's language (from the metric catalogue). */
  formula?: string;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: Column[];
  rows: Cell[][];
  total?: Cell[];
}

export interface BarChart {
  title: string;
  kind: CellKind;
  categories: string[];
  series: { name: string; values: number[] }[];
}

export interface ReportSection {
  id: SectionId;
  title: string;
  paragraphs: string[];
  tables: ReportTable[];
  charts: BarChart[];
  bullets: string[];
}

export interface NetworkPage {
  network: string;
  figures: { label: string; formula: string; cell: Cell }[];
}

export interface ReportModel {
  lang: Locale;
  words: ReportWords;
  format: Formatter;
  title: string;
  company: string;
  branding: Branding;
  period: Period;
  comparison: Period | null;
  /** "Period: 1 March 2026 – 31 March 2026", and the same for the comparison, in the reader's language. */
  periodLine: string;
  comparisonLine: string | null;
  generatedOn: string;
  sections: ReportSection[];
  networks: NetworkPage[];
}

export interface ReportRequest {
  period: Period;
  /** Default: the previous period of equal length; null for no comparison. */
  comparison?: Period | null;
  lang?: Locale;
  sections?: readonly SectionId[];
  branding: Branding;
  now?: Date;
}

/** Loads each input once, when the first section that needs it asks. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

/**
 * Everything a report shows, computed from the store; each renderer only lays it out. Each
 * section loads only what it needs: a report without the attribution or insights sections never
 * runs those engines.
 */
export async function buildReport(
  store: Store,
  workspace: Workspace,
  request: ReportRequest,
): Promise<ReportModel> {
  const lang = request.lang ?? workspace.locale;
  const words = WORDS[lang];
  const fmt = formatter(lang, workspace.currency);
  const period = request.period;
  const comparison = request.comparison === undefined ? previousPeriod(period) : request.comparison;
  const wanted = new Set(request.sections ?? SECTION_IDS);
  const ctx = new SectionContext(lang, words, fmt);

  const byNetwork = once(() => computeRoi(store, workspace, period, "network"));
  const byCampaign = once(() => computeRoi(store, workspace, period, "campaign"));
  const before = once(async () =>
    comparison ? (await computeRoi(store, workspace, comparison, "network")).total : null,
  );
  const funnel = once(() => computeFunnel(store, workspace, period));
  const values = once(() => valueByRule(store, workspace, period));
  const goals = once(async () =>
    (await computeGoals(store, workspace, { at: period.to })).filter(
      (g) => g.period_start <= period.to && g.period_end >= period.from,
    ),
  );
  const builders: Record<SectionId, () => Promise<ReportSection>> = {
    summary: async () =>
      summarySection(ctx, await byNetwork(), await before(), await funnel(), await goals()),
    goals: async () => goalsSection(ctx, await goals()),
    roi_network: async () => roiSection(ctx, "roi_network", await byNetwork(), words.columns.network),
    roi_campaign: async () => roiSection(ctx, "roi_campaign", await byCampaign(), words.columns.campaign),
    funnel: async () => funnelSection(ctx, await funnel()),
    costs: async () => costsSection(ctx, await costsByCategory(store, workspace, period), await byNetwork()),
    value: async () => valueSection(ctx, await values()),
    posts: async () =>
      postsSection(
        ctx,
        await topPosts(store, workspace, period, { limit: TOP_POSTS, order: "best" }),
        await topPosts(store, workspace, period, { limit: TOP_POSTS, order: "worst" }),
      ),
    attribution: async () =>
      attributionSection(ctx, await loadAttribution(ctx, store, workspace, period), await byNetwork()),
    insights: async () =>
      insightsSection(ctx, {
        drivers: await computeInsights(store, workspace, period, { metric: INSIGHT_METRIC, lang }),
        times: await bestTimes(store, workspace, period, INSIGHT_METRIC),
        emv: await earnedMediaValue(store, workspace, period),
        care: await careByNetwork(store, workspace, period),
      }),
    mmm: async () => mmmSection(ctx, await loadMmm(ctx, store, workspace, period)),
    method: async () => methodSection(ctx, await byNetwork(), await values()),
  };
  const sections: ReportSection[] = [];
  // One DuckDB connection answers one query at a time, so the sections are built in turn.
  for (const id of request.sections ?? SECTION_IDS) if (wanted.has(id)) sections.push(await builders[id]());
  const span = (p: Period) => `${fmt.date(p.from)} – ${fmt.date(p.to)}`;
  return {
    lang,
    words,
    format: fmt,
    title: words.title,
    company: request.branding.company ?? workspace.name,
    branding: request.branding,
    period,
    comparison,
    periodLine: words.labelled(words.period, span(period)),
    comparisonLine: comparison ? words.labelled(words.comparedWith, span(comparison)) : null,
    generatedOn: (request.now ?? new Date()).toISOString().slice(0, 10),
    sections,
    networks: networkPages(ctx, await byNetwork(), await funnel()),
  };
}
