import type { ModelName } from "../../attribution/index.js";
import type { StoreJourneyOptions } from "../../attribution/store-journeys.js";
import { ownValue } from "../../domain/own-value.js";
import type { Locale } from "../../domain/workspace.js";
import { networkName } from "../../i18n/network-names.js";
import type { FigureKind, Formatter, ReportWords } from "../../i18n/reports/index.js";
import type { BestTimes } from "../../insights/best-times.js";
import type { EarnedMediaValue } from "../../insights/earned-media.js";
import type { Insights } from "../../insights/insights.js";
import type { PostMetric } from "../../insights/post-metrics.js";
import { type MetricDefinition, metricById, ROI_COLUMNS } from "../../metrics/catalogue.js";
import type { RoiReport } from "../../roi/compute-roi.js";
import { NO_KEY, type RoiRow, UNALLOCATED_KEY } from "../../roi/roi-query.js";
import type { Cell, Column, ReportSection, SectionId } from "../model.js";
import type { CareInputs } from "./care.js";

export const TOP_POSTS = 5;
export const POST_TEXT_LENGTH = 70;
/** The journeys the attribution section compares models on: the same window as the ROI revenue credit. */
export const ATTRIBUTION_JOURNEYS: StoreJourneyOptions = { lookbackDays: 30, level: "network", sales: "all" };
/** The metric posts are compared on, as in the insights module's default. */
export const INSIGHT_METRIC: PostMetric = "engagement_rate";
/** More drivers than this make a list nobody reads; the strongest come first. */
export const TOP_DRIVERS = 5;

export interface InsightInputs {
  drivers: Insights;
  times: BestTimes;
  emv: EarnedMediaValue;
  care: CareInputs;
}

const UNIT_FIGURES: Record<MetricDefinition["unit"], FigureKind> = {
  count: "count",
  money: "money",
  percent: "percent",
  multiple: "decimal",
};

/** How a metric's figures are written, from its unit in the metrics catalogue. */
export function figureKind(metric: string): FigureKind {
  const unit = metricById(metric)?.unit;
  return unit ? UNIT_FIGURES[unit] : "decimal";
}

/** The figures of an ROI row as reports show them, in their order, each written as its unit says. */
export const ROI_FIGURES: readonly [keyof RoiRow, FigureKind][] = ROI_COLUMNS.report.map((id) => [
  id,
  figureKind(id),
]);

/** The reader's language, words and number formats, and the cells and columns every section builds alike. */
export class SectionContext {
  constructor(
    readonly lang: Locale,
    readonly words: ReportWords,
    readonly fmt: Formatter,
  ) {}

  section(id: SectionId, parts: Partial<Omit<ReportSection, "id" | "title">>): ReportSection {
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
    return metricById(id)?.formula[this.lang] ?? "";
  }

  metricColumn(id: string, kind: FigureKind): Column {
    return { label: this.metricName(id), kind, formula: this.formula(id) };
  }

  /** A total row whose only figure is an amount in the last column, after `blanks` empty cells. */
  amountTotalRow(total: number | null, blanks: number): Cell[] {
    const empty: Cell[] = Array.from({ length: blanks }, () => ({ value: "", kind: "text" }));
    return [{ value: this.words.total, kind: "text" }, ...empty, { value: total, kind: "money" }];
  }

  text(label: string): Column {
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
    return networkName(id);
  }

  f(value: number | null, kind: FigureKind): string {
    return this.fmt.format(value, kind);
  }

  outcomeLabel(outcome: string): string {
    return ownValue(this.words.outcomes, outcome) ?? outcome;
  }

  revenueModel(roi: RoiReport): string[] {
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
}

export function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
