import {
  type AttributionReport,
  aggregateJourneys,
  computeAttribution,
  type ModelName,
} from "../attribution/index.js";
import { loadStoreJourneys, type StoreJourneyOptions } from "../attribution/store-journeys.js";
import { costsByCategory } from "../costs/cost-breakdown.js";
import { ownValue } from "../domain/own-value.js";
import type { Locale, Workspace } from "../domain/workspace.js";
import { computeGoals, type GoalProgress } from "../goals/compute-goals.js";
import { goalLabel, INDICATOR_KINDS } from "../goals/goal-catalogue.js";
import { type BestTimes, bestTimes } from "../insights/best-times.js";
import { type EarnedMediaValue, earnedMediaValue } from "../insights/earned-media.js";
import { computeInsights, type Insights } from "../insights/insights.js";
import { WEEKDAYS } from "../insights/post-features.js";
import type { PostMetric } from "../insights/post-metrics.js";
import { metricById } from "../metrics/catalogue.js";
import { computeFunnel, type Funnel, type FunnelRow } from "../roi/compute-funnel.js";
import { computeRoi, type RoiReport } from "../roi/compute-roi.js";
import { type Period, previousPeriod } from "../roi/data-period.js";
import { NO_KEY, type RoiRow, UNALLOCATED_KEY } from "../roi/roi-query.js";
import { type PostPerformance, topPosts } from "../roi/top-posts.js";
import type { Store } from "../store/store.js";
import { valueByRule } from "../value/value-by-rule.js";
import type { Branding } from "./branding.js";
import { type FigureKind, type Formatter, formatter, type ReportWords, WORDS } from "./i18n.js";

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
  "method",
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface Cell {
  value: string | number | null;
  kind: FigureKind;
}

export interface Column {
  label: string;
  kind: FigureKind;
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
  kind: FigureKind;
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

const NETWORK_NAMES: Record<string, string> = {
  linkedin: "LinkedIn",
  tiktok: "TikTok",
  youtube: "YouTube",
  x: "X",
};

const TOP_POSTS = 5;
const POST_TEXT_LENGTH = 70;
/** The journeys the attribution section compares models on: the same window as the ROI revenue credit. */
const ATTRIBUTION_JOURNEYS: StoreJourneyOptions = { lookbackDays: 30, level: "network", sales: "all" };
/** The metric posts are compared on, as in the insights module's default. */
const INSIGHT_METRIC: PostMetric = "engagement_rate";
/** More drivers than this make a list nobody reads; the strongest come first. */
const TOP_DRIVERS = 5;

interface InsightInputs {
  drivers: Insights;
  times: BestTimes;
  emv: EarnedMediaValue;
}

/** Everything a report shows, computed once from the store; each renderer only lays it out. */
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

  // One DuckDB connection answers one query at a time, so the inputs are read in turn.
  const byNetwork = await computeRoi(store, workspace, period, "network");
  const byCampaign = await computeRoi(store, workspace, period, "campaign");
  const before = comparison ? (await computeRoi(store, workspace, comparison, "network")).total : null;
  const funnel = await computeFunnel(store, workspace, period);
  const costs = await costsByCategory(store, workspace, period);
  const values = await valueByRule(store, workspace, period);
  const goals = (await computeGoals(store, workspace, { at: period.to })).filter(
    (g) => g.period_start <= period.to && g.period_end >= period.from,
  );
  const best = await topPosts(store, workspace, period, { limit: TOP_POSTS, order: "best" });
  const worst = await topPosts(store, workspace, period, { limit: TOP_POSTS, order: "worst" });

  const ctx = new ModelContext(lang, words, fmt);
  // The two engines below are the slowest inputs: a report without their section skips them.
  const attribution = wanted.has("attribution") ? await ctx.loadAttribution(store, workspace, period) : null;
  const insights: InsightInputs | null = wanted.has("insights")
    ? {
        drivers: await computeInsights(store, workspace, period, { metric: INSIGHT_METRIC, lang }),
        times: await bestTimes(store, workspace, period, INSIGHT_METRIC),
        emv: await earnedMediaValue(store, workspace, period),
      }
    : null;
  const builders: Record<SectionId, () => ReportSection> = {
    summary: () => ctx.summary(byNetwork, before, funnel, goals),
    goals: () => ctx.goals(goals),
    roi_network: () => ctx.roi("roi_network", byNetwork, words.columns.network),
    roi_campaign: () => ctx.roi("roi_campaign", byCampaign, words.columns.campaign),
    funnel: () => ctx.funnel(funnel),
    costs: () => ctx.costs(costs, byNetwork),
    value: () => ctx.value(values),
    posts: () => ctx.posts(best, worst),
    attribution: () => ctx.attribution(attribution, byNetwork),
    insights: () => ctx.insights(insights!),
    method: () => ctx.method(byNetwork, values),
  };
  const order = request.sections ?? SECTION_IDS;
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
    sections: order.filter((id) => wanted.has(id)).map((id) => builders[id]()),
    networks: ctx.networkPages(byNetwork, funnel),
  };
}

/** The reader's language and number formats, shared by every section builder. */

/** The figures of an ROI row as reports show them, in their order. */
const ROI_FIGURES: readonly [keyof RoiRow, FigureKind][] = [
  ["cost", "money"],
  ["revenue", "money"],
  ["assigned_value", "money"],
  ["revenue_roi", "percent"],
  ["total_roi", "percent"],
  ["roas", "decimal"],
  ["leads", "count"],
  ["customers", "count"],
  ["cpl", "money"],
  ["cpa", "money"],
];
class ModelContext {
  constructor(
    private readonly lang: Locale,
    private readonly words: ReportWords,
    private readonly fmt: Formatter,
  ) {}

  private section(id: SectionId, parts: Partial<Omit<ReportSection, "id" | "title">>): ReportSection {
    return {
      id,
      title: this.words.sections[id],
      paragraphs: [],
      tables: [],
      charts: [],
      bullets: [],
      ...parts,
    };
  }

  metricName(id: string): string {
    return metricById(id)?.name[this.lang] ?? id;
  }

  formula(id: string): string {
    return this.words.formulas[id] ?? metricById(id)?.formula ?? "";
  }

  private metricColumn(id: string, kind: FigureKind): Column {
    return { label: this.metricName(id), kind, formula: this.formula(id) };
  }

  /** A total row whose only figure is an amount in the last column, after `blanks` empty cells. */
  private amountTotalRow(total: number | null, blanks: number): Cell[] {
    const empty: Cell[] = Array.from({ length: blanks }, () => ({ value: "", kind: "text" }));
    return [{ value: this.words.total, kind: "text" }, ...empty, { value: total, kind: "money" }];
  }

  private text(label: string): Column {
    return { label, kind: "text" };
  }

  keyLabel(key: string, noKey: string): string {
    if (key === NO_KEY) return noKey;
    if (key === UNALLOCATED_KEY) return this.words.unallocated;
    return key;
  }

  networkName(id: string): string {
    if (id === NO_KEY) return this.words.noNetwork;
    if (id === UNALLOCATED_KEY) return this.words.unallocated;
    return ownValue(NETWORK_NAMES, id) ?? id.charAt(0).toUpperCase() + id.slice(1);
  }

  private f(value: number | null, kind: FigureKind): string {
    return this.fmt.format(value, kind);
  }

  summary(roi: RoiReport, before: RoiRow | null, funnel: Funnel, goals: GoalProgress[]): ReportSection {
    const s = this.words.summary;
    const t = roi.total;
    const paragraphs = [
      s.headline({
        cost: this.f(t.cost, "money"),
        revenue: this.f(t.revenue, "money"),
        value: this.f(t.value, "money"),
      }),
    ];
    if (t.revenue_roi === null || t.total_roi === null) paragraphs.push(s.noCost);
    else {
      paragraphs.push(
        s.revenueRoi({
          roi: this.f(t.revenue_roi, "percent"),
          revenue: this.f(t.revenue, "money"),
          cost: this.f(t.cost, "money"),
          gain: t.revenue_roi > 0,
        }),
      );
      if (t.assigned_value > 0) {
        paragraphs.push(
          s.totalRoi({ roi: this.f(t.total_roi, "percent"), assigned: this.f(t.assigned_value, "money") }),
        );
      }
    }
    const ranked = roi.rows
      .filter((r) => r.total_roi !== null && r.key !== NO_KEY && r.key !== UNALLOCATED_KEY)
      .sort((a, b) => (b.total_roi ?? 0) - (a.total_roi ?? 0));
    const top = ranked[0];
    if (top && ranked.length > 1) {
      paragraphs.push(
        s.bestNetwork({ network: this.networkName(top.key), roi: this.f(top.total_roi, "percent") }),
      );
    }
    const ft = funnel.total;
    if (ft.reach !== null && ft.reach > 0) {
      paragraphs.push(
        s.funnel({
          reach: this.f(ft.reach, "count"),
          traffic: this.f(ft.traffic, "count"),
          leads: this.f(ft.leads, "count"),
          customers: this.f(ft.customers, "count"),
        }),
      );
    }
    if (goals.length > 0) {
      paragraphs.push(s.goals({ onTrack: goals.filter((g) => g.on_track).length, total: goals.length }));
    }
    if (before) {
      for (const [id, kind] of [
        ["value", "money"],
        ["leads", "count"],
      ] as const) {
        const now = t[id];
        const was = before[id];
        if (now !== was && was > 0) {
          paragraphs.push(
            s.change({
              what: this.metricName(id),
              now: this.f(now, kind),
              before: this.f(was, kind),
              up: now > was,
            }),
          );
        }
      }
    }
    paragraphs.push(s.acronyms);
    // The summary also shows the total value (revenue + assigned value), after the assigned value.
    const kpis = ROI_FIGURES.flatMap((figure): [keyof RoiRow, FigureKind][] =>
      figure[0] === "assigned_value" ? [figure, ["value", "money"]] : [figure],
    );
    const columns: Column[] = [
      this.text(this.words.columns.indicator),
      { label: this.words.columns.indicatorValue, kind: "money" },
      ...(before ? [{ label: this.words.columns.previous, kind: "money" as const }] : []),
      this.text(this.words.columns.formula),
    ];
    const rows = kpis.map(([id, kind]) => [
      { value: this.metricName(id), kind: "text" as const },
      { value: t[id], kind },
      ...(before ? [{ value: before[id], kind }] : []),
      { value: this.formula(id), kind: "text" as const },
    ]);
    return this.section("summary", {
      paragraphs,
      tables: [{ id: "kpis", title: this.words.kpis, columns, rows }],
    });
  }

  goals(goals: GoalProgress[]): ReportSection {
    if (goals.length === 0) return this.section("goals", { paragraphs: [this.words.noGoals] });
    const c = this.words.columns;
    const rows = goals.map((g) => {
      const kind = indicatorKind(g.indicator);
      return [
        { value: goalLabel(g.goal, this.lang), kind: "text" as const },
        { value: this.metricName(g.indicator), kind: "text" as const },
        { value: g.network ? this.networkName(g.network) : "", kind: "text" as const },
        { value: g.period_end, kind: "date" as const },
        { value: g.target, kind },
        { value: g.actual, kind },
        { value: g.progress, kind: "percent" as const },
        { value: g.expected_progress, kind: "percent" as const },
        { value: g.projection, kind },
        {
          value: g.on_track === null ? null : g.on_track ? this.words.yes : this.words.no,
          kind: "text" as const,
        },
      ];
    });
    return this.section("goals", {
      paragraphs: [this.words.goalsIntro],
      tables: [
        {
          id: "goals",
          title: this.words.sections.goals,
          columns: [
            this.text(c.goal),
            this.text(c.indicator),
            this.text(c.network),
            { label: c.periodEnd, kind: "date" },
            { label: c.target, kind: "decimal" },
            { label: c.actual, kind: "decimal" },
            { label: c.progress, kind: "percent" },
            { label: c.expectedProgress, kind: "percent" },
            { label: c.projection, kind: "decimal" },
            this.text(c.onTrack),
          ],
          rows,
        },
      ],
      charts: [
        {
          title: `${c.progress} / ${c.expectedProgress}`,
          kind: "percent",
          categories: goals.map((g) => `${goalLabel(g.goal, this.lang)} · ${this.metricName(g.indicator)}`),
          series: [
            { name: c.progress, values: goals.map((g) => g.progress ?? 0) },
            { name: c.expectedProgress, values: goals.map((g) => g.expected_progress) },
          ],
        },
      ],
    });
  }

  roi(id: "roi_network" | "roi_campaign", roi: RoiReport, keyHeader: string): ReportSection {
    const isNetwork = id === "roi_network";
    const label = (key: string) =>
      isNetwork ? this.networkName(key) : this.keyLabel(key, this.words.noCampaign);
    const line = (r: RoiRow, key: string): Cell[] => [
      { value: key, kind: "text" },
      ...ROI_FIGURES.map(([f, kind]) => ({ value: r[f], kind })),
    ];
    if (roi.rows.length === 0) return this.section(id, { paragraphs: [this.words.noData] });
    const chartRows = roi.rows.filter((r) => r.key !== NO_KEY);
    return this.section(id, {
      paragraphs: [isNetwork ? this.words.allocation[roi.allocation_rule] : this.words.metricsBasis],
      tables: [
        {
          id,
          title: this.words.sections[id],
          columns: [this.text(keyHeader), ...ROI_FIGURES.map(([f, kind]) => this.metricColumn(f, kind))],
          rows: roi.rows.map((r) => line(r, label(r.key))),
          total: line(roi.total, this.words.total),
        },
      ],
      charts: [
        {
          title: `${this.metricName("cost")} / ${this.metricName("revenue")} / ${this.metricName("value")}`,
          kind: "money",
          categories: chartRows.map((r) => label(r.key)),
          series: (["cost", "revenue", "value"] as const).map((f) => ({
            name: this.metricName(f),
            values: chartRows.map((r) => r[f]),
          })),
        },
      ],
    });
  }

  funnel(funnel: Funnel): ReportSection {
    if (funnel.rows.length === 0) return this.section("funnel", { paragraphs: [this.words.noData] });
    const steps: [keyof FunnelRow, FigureKind, string][] = [
      ["reach", "count", "reach"],
      ["traffic", "count", "traffic"],
      ["leads", "count", "leads"],
      ["customers", "count", "customers"],
      ["traffic_rate", "percent", "conversion_rate"],
      ["lead_rate", "percent", "conversion_rate"],
      ["customer_rate", "percent", "conversion_rate"],
      ["share_of_traffic", "percent", "share_of_traffic"],
    ];
    const stepLabel = (field: keyof FunnelRow, metric: string) => {
      const names: Partial<Record<keyof FunnelRow, string>> = {
        traffic_rate: `${this.metricName("traffic")} ÷ ${this.metricName("reach")}`,
        lead_rate: `${this.metricName("leads")} ÷ ${this.metricName("traffic")}`,
        customer_rate: `${this.metricName("customers")} ÷ ${this.metricName("leads")}`,
      };
      return names[field] ?? this.metricName(metric);
    };
    const line = (r: FunnelRow, key: string): Cell[] => [
      { value: key, kind: "text" },
      ...steps.map(([field, kind]) => ({ value: r[field] as number | null, kind })),
    ];
    return this.section("funnel", {
      paragraphs: [this.words.funnelTrafficBasis[funnel.traffic_basis]],
      tables: [
        {
          id: "funnel",
          title: this.words.sections.funnel,
          columns: [
            this.text(this.words.columns.network),
            ...steps.map(([field, kind, metric]) => ({
              label: stepLabel(field, metric),
              kind,
              formula: this.formula(metric),
            })),
          ],
          rows: funnel.rows.map((r) => line(r, this.networkName(r.network))),
          total: line(funnel.total, this.words.total),
        },
      ],
      charts: [
        {
          title: this.metricName("share_of_traffic"),
          kind: "percent",
          categories: funnel.rows.map((r) => this.networkName(r.network)),
          series: [
            {
              name: this.metricName("share_of_traffic"),
              values: funnel.rows.map((r) => r.share_of_traffic ?? 0),
            },
          ],
        },
      ],
    });
  }

  costs(costs: { category: string; amount: number }[], roi: RoiReport): ReportSection {
    const total = costs.reduce((sum, c) => sum + c.amount, 0);
    const label = (category: string) => ownValue(this.words.categories, category) ?? category;
    const c = this.words.columns;
    return this.section("costs", {
      paragraphs: [this.words.allocation[roi.allocation_rule]],
      tables: [
        {
          id: "costs",
          title: this.words.sections.costs,
          columns: [
            this.text(c.category),
            this.metricColumn("cost", "money"),
            { label: c.share, kind: "percent" },
          ],
          rows: costs.map((cost) => [
            { value: label(cost.category), kind: "text" },
            { value: cost.amount, kind: "money" },
            { value: total > 0 ? cost.amount / total : null, kind: "percent" },
          ]),
          total: [
            { value: this.words.total, kind: "text" },
            { value: total, kind: "money" },
            { value: total > 0 ? 1 : null, kind: "percent" },
          ],
        },
      ],
      charts: [
        {
          title: this.words.sections.costs,
          kind: "money",
          categories: costs.map((cost) => label(cost.category)),
          series: [{ name: this.metricName("cost"), values: costs.map((cost) => cost.amount) }],
        },
      ],
    });
  }

  outcomeLabel(outcome: string): string {
    return ownValue(this.words.outcomes, outcome) ?? outcome;
  }

  value(values: { outcome: string; unit_value: number; quantity: number; value: number }[]): ReportSection {
    if (values.length === 0) return this.section("value", { paragraphs: [this.words.method.noValueRules] });
    const c = this.words.columns;
    const total = values.reduce((sum, v) => sum + v.value, 0);
    return this.section("value", {
      paragraphs: [this.words.method.valueRules],
      tables: [
        {
          id: "value",
          title: this.words.sections.value,
          columns: [
            this.text(c.outcome),
            { label: c.unitValue, kind: "money" },
            { label: c.quantity, kind: "count" },
            this.metricColumn("assigned_value", "money"),
          ],
          rows: values.map((v) => [
            { value: this.outcomeLabel(v.outcome), kind: "text" },
            { value: v.unit_value, kind: "money" },
            { value: v.quantity, kind: "count" },
            { value: v.value, kind: "money" },
          ]),
          total: this.amountTotalRow(total, 2),
        },
      ],
    });
  }

  posts(best: PostPerformance[], worst: PostPerformance[]): ReportSection {
    if (best.length === 0) return this.section("posts", { paragraphs: [this.words.noData] });
    const c = this.words.columns;
    const table = (id: string, title: string, posts: PostPerformance[]): ReportTable => ({
      id,
      title,
      columns: [
        { label: c.published, kind: "date" },
        this.text(c.network),
        this.text(c.type),
        this.text(c.text),
        this.metricColumn("impressions", "count"),
        this.metricColumn("engagements", "count"),
        this.metricColumn("clicks", "count"),
        this.metricColumn("engagement_rate", "percent"),
        this.metricColumn("value", "money"),
      ],
      rows: posts.map((p) => [
        { value: p.published_at.slice(0, 10), kind: "date" },
        { value: this.networkName(p.network), kind: "text" },
        { value: p.type ?? "", kind: "text" },
        { value: shorten(p.text ?? p.post_id, POST_TEXT_LENGTH), kind: "text" },
        { value: p.impressions, kind: "count" },
        { value: p.engagements, kind: "count" },
        { value: p.link_clicks, kind: "count" },
        { value: p.engagement_rate, kind: "percent" },
        { value: p.value, kind: "money" },
      ]),
    });
    return this.section("posts", {
      paragraphs: [this.words.postsIntro({ metric: this.metricName("engagement_rate").toLowerCase() })],
      tables: [table("best_posts", this.words.best, best), table("worst_posts", this.words.worst, worst)],
    });
  }

  /** Null when no sale of the period has a journey: the section then says so instead of showing empty tables. */
  async loadAttribution(
    store: Store,
    workspace: Workspace,
    period: Period,
  ): Promise<AttributionReport | null> {
    const { journeys } = await loadStoreJourneys(store, workspace, period, ATTRIBUTION_JOURNEYS);
    if (journeys.length === 0) return null;
    const aggregated = aggregateJourneys(journeys);
    // Models credit channels by index, so display names can go in first and the comparison sentences
    // then name networks as the tables do ("Facebook", not "facebook").
    const named = { ...aggregated, channels: aggregated.channels.map((c) => this.networkName(c)) };
    return computeAttribution(named, { lang: this.lang });
  }

  private revenueModel(roi: RoiReport): string[] {
    const credit = roi.revenue_attribution;
    if (!credit) return [];
    const model = this.words.attribution.models[credit.model as ModelName] ?? credit.model;
    return [
      this.words.attribution.revenueModel({
        model,
        scope: credit.scope === "all" ? "all" : "undirected",
        days: credit.lookback_days,
      }),
    ];
  }

  attribution(report: AttributionReport | null, roi: RoiReport): ReportSection {
    const a = this.words.attribution;
    const days = ATTRIBUTION_JOURNEYS.lookbackDays;
    if (!report || report.totals.conversions === 0) {
      return this.section("attribution", { paragraphs: [a.noJourneys({ days })] });
    }
    const { totals } = report;
    const paragraphs = [
      a.intro({ days }),
      a.totals({ conversions: this.f(totals.conversions, "count"), value: this.f(totals.value, "money") }),
    ];
    if (totals.unattributed_conversions > 0) {
      paragraphs.push(
        a.unattributed({
          conversions: this.f(totals.unattributed_conversions, "count"),
          value: this.f(totals.unattributed_value, "money"),
          days,
        }),
      );
    }
    paragraphs.push(...this.revenueModel(roi));
    const channels = report.comparison.map((c) => c.channel);
    const shareTable = (id: string, title: string, field: "conversions" | "value", total: number) => ({
      id,
      title,
      columns: [
        this.text(this.words.columns.network),
        ...report.models.map((m) => ({ label: a.models[m.model], kind: "percent" as const })),
      ],
      rows: channels.map((channel) => [
        { value: channel, kind: "text" as const },
        ...report.models.map((m) => {
          const credit = m.channels.find((c) => c.channel === channel)?.[field] ?? 0;
          return { value: total > 0 ? credit / total : null, kind: "percent" as const };
        }),
      ]),
    });
    return this.section("attribution", {
      paragraphs,
      tables: [
        shareTable("attribution_conversions", a.conversionShares, "conversions", totals.conversions),
        shareTable("attribution_value", a.valueShares, "value", totals.value),
      ],
      bullets: report.comparison.map((c) => c.sentence),
    });
  }

  insights({ drivers, times, emv }: InsightInputs): ReportSection {
    const w = this.words.insights;
    const c = this.words.columns;
    const metric = this.metricName(INSIGHT_METRIC).toLowerCase();
    const slots = times.networks.flatMap((n) => n.best.map((slot) => ({ network: n.network, slot })));
    const paragraphs = [
      w.driversIntro({ metric }),
      ...drivers.sentences.slice(0, TOP_DRIVERS),
      slots.length > 0
        ? w.bestTimesIntro({ metric, minPosts: times.min_slot_posts })
        : w.noBestTimes({ minPosts: times.min_slot_posts }),
      w.emvIntro,
    ];
    const tables: ReportTable[] = [];
    if (slots.length > 0) {
      tables.push({
        id: "best_times",
        title: w.bestTimes,
        columns: [
          this.text(c.network),
          this.text(c.day),
          this.text(c.hour),
          { label: c.posts, kind: "count" },
          this.metricColumn(INSIGHT_METRIC, "percent"),
          { label: c.index, kind: "decimal" },
        ],
        rows: slots.map(({ network, slot }) => [
          { value: this.networkName(network), kind: "text" },
          {
            value: this.fmt.weekday(WEEKDAYS.indexOf(slot.weekday as (typeof WEEKDAYS)[number])),
            kind: "text",
          },
          { value: `${String(slot.hour).padStart(2, "0")}:00`, kind: "text" },
          { value: slot.posts, kind: "count" },
          { value: slot.mean, kind: "percent" },
          { value: slot.index, kind: "decimal" },
        ]),
      });
    }
    const priced = emv.lines.some((l) => l.value !== null) || emv.impressions_value !== null;
    const total = priced ? emv.clicks_value + (emv.impressions_value ?? 0) : null;
    paragraphs.push(total === null ? w.noPrice : w.emvTotal({ value: this.f(total, "money") }));
    if (priced) {
      tables.push({
        id: "earned_media",
        title: w.emv,
        columns: [
          this.text(c.outcome),
          { label: c.quantity, kind: "count" },
          { label: c.unitValue, kind: "money" },
          this.metricColumn("assigned_value", "money"),
        ],
        rows: [
          ...emv.lines.map((line): Cell[] => [
            {
              value: w.organicClicks(this.keyLabel(line.campaign ?? NO_KEY, this.words.noCampaign)),
              kind: "text",
            },
            { value: line.organic_clicks, kind: "count" },
            { value: line.cpc, kind: "money" },
            { value: line.value, kind: "money" },
          ]),
          [
            { value: w.organicImpressions, kind: "text" },
            { value: emv.organic_impressions / 1000, kind: "decimal" },
            { value: emv.cpm, kind: "money" },
            { value: emv.impressions_value, kind: "money" },
          ],
        ],
        total: this.amountTotalRow(total, 2),
      });
    }
    return this.section("insights", { paragraphs, tables });
  }

  method(roi: RoiReport, values: { outcome: string; unit_value: number }[]): ReportSection {
    const m = this.words.method;
    const c = this.words.columns;
    const used = [
      "cost",
      "revenue",
      "assigned_value",
      "value",
      "revenue_roi",
      "total_roi",
      "roas",
      "reach",
      "traffic",
      "leads",
      "customers",
      "cpl",
      "cpa",
      "conversion_rate",
      "share_of_traffic",
      "engagement_rate",
    ];
    const paragraphs = [m.intro, m.definitions];
    return this.section("method", {
      paragraphs,
      tables: [
        {
          id: "definitions",
          title: this.words.howComputed,
          columns: [this.text(c.indicator), this.text(c.definition), this.text(c.formula)],
          rows: used.map((id) => [
            { value: this.metricName(id), kind: "text" },
            { value: metricById(id)?.definition[this.lang] ?? "", kind: "text" },
            { value: this.formula(id), kind: "text" },
          ]),
        },
      ],
      bullets: [
        values.length === 0
          ? m.noValueRules
          : `${m.valueRules} ${values
              .map((v) => `${this.outcomeLabel(v.outcome)} = ${this.f(v.unit_value, "money")}`)
              .join(" ; ")}`,
        this.words.allocation[roi.allocation_rule],
        this.words.metricsBasis,
        m.attribution,
        ...this.revenueModel(roi),
        `${m.notMeasuredIntro} ${m.notMeasured.join(", ")}.`,
        m.ratios,
      ],
    });
  }

  networkPages(roi: RoiReport, funnel: Funnel): NetworkPage[] {
    return roi.rows
      .filter((r) => r.key !== NO_KEY && r.key !== UNALLOCATED_KEY)
      .map((r) => {
        const steps = funnel.rows.find((f) => f.network === r.key);
        const figure = (id: string, value: number | null, kind: FigureKind) => ({
          label: this.metricName(id),
          formula: this.formula(id),
          cell: { value, kind },
        });
        return {
          network: this.networkName(r.key),
          figures: [
            figure("cost", r.cost, "money"),
            figure("revenue", r.revenue, "money"),
            figure("value", r.value, "money"),
            figure("revenue_roi", r.revenue_roi, "percent"),
            figure("total_roi", r.total_roi, "percent"),
            figure("reach", steps?.reach ?? r.reach, "count"),
            figure("traffic", steps?.traffic ?? null, "count"),
            figure("leads", r.leads, "count"),
            figure("customers", r.customers, "count"),
            figure("cpa", r.cpa, "money"),
          ],
        };
      });
  }
}

const MONEY_INDICATORS = new Set(["revenue", "value", "assigned_value", "cost", "cpc", "cpm", "cpl", "cpa"]);
const RATE_INDICATORS = new Set([
  "follower_growth_rate",
  "engagement_rate",
  "ctr",
  "conversion_rate",
  "revenue_roi",
  "total_roi",
]);

function indicatorKind(indicator: string): FigureKind {
  if (MONEY_INDICATORS.has(indicator)) return "money";
  if (RATE_INDICATORS.has(indicator)) return "percent";
  if (indicator === "roas") return "decimal";
  return ownValue(INDICATOR_KINDS, indicator) ? "count" : "decimal";
}

function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
