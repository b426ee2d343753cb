// The answers' types live with the engines, whose text analysis uses @nlpjs: its declarations come too.
/// <reference path="../../insights/nlpjs.d.ts" />
import type {
  BestTimes,
  Driver,
  EarnedClicksLine,
  EarnedMediaValue,
  Insights,
  TimeSlot,
  ValueProposal,
} from "../../api/insights.js";
import { INSIGHT_METRICS, type InsightMetric } from "../../api/insights.js";
import { en, type MessageKey } from "../../i18n/dashboard/index.js";
import { type Column, DataTable } from "../components/data-table.js";
import { ErrorNotice, Loading, SelectField } from "../components/fields.js";
import { setFilter, useFilters } from "../filter-bar.js";
import type { FigureKind } from "../format.js";
import { type Locality, useLocality } from "../i18n/index.js";
import { useRoute } from "../route.js";
import { type Loaded, useApi } from "../use-api.js";
import { CustomerCareSection } from "./customer-care.js";
import { metricName, PeriodLine, usePeriodQuery } from "./figures.js";

/** Best times average the metric over a slot's posts, so counts read with decimals. */
const METRIC_KINDS: Record<InsightMetric, FigureKind> = {
  engagement_rate: "percent",
  clicks: "decimal",
  ctr: "percent",
  leads: "decimal",
  revenue: "money",
};

function isInsightMetric(value: string | undefined): value is InsightMetric {
  return (INSIGHT_METRICS as readonly string[]).includes(value ?? "");
}

/** A key built from data (a weekday, an outcome) falls back to the data itself when no text exists for it. */
function textFor(locality: Locality, key: string, fallback: string): string {
  return key in en ? locality.t(key as MessageKey) : fallback;
}

/** Days and yes/no are the engine's codes; hashtags, words, networks and formats read as they are. */
function traitValue(locality: Locality, driver: Driver): string {
  if (driver.feature === "weekday") return textFor(locality, `day_${driver.value}`, driver.value);
  return driver.value === "yes" || driver.value === "no" ? locality.t(driver.value) : driver.value;
}

/** The section's own errors and loading state, so one slow or failing answer does not hide the others. */
function Pending({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  return loaded.data ? null : <Loading />;
}

/** A sortable right-aligned column; figures without a catalogue entry (lift, slot index) have no hint. */
function numeric<Row>(
  key: string,
  label: string,
  read: (row: Row) => number | null,
  show: (value: number | null) => string,
): Column<Row> {
  return { key, label, numeric: true, sortValue: read, render: (row) => show(read(row)) };
}

function interval(locality: Locality, low: number | null, high: number | null, kind: FigureKind) {
  if (low === null || high === null) return locality.t("not_available");
  return locality.t("interval", {
    low: locality.format.figure(low, kind),
    high: locality.format.figure(high, kind),
  });
}

function Drivers({ insights }: { insights: Insights }) {
  const locality = useLocality();
  const { t, format } = locality;
  const count = (value: number | null) => format.figure(value, "count");
  return (
    <>
      <ul class="sentences">
        {insights.sentences.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
      <DataTable<Driver>
        caption={t("drivers_title")}
        rows={insights.drivers}
        rowKey={(d) => `${d.feature}=${d.value}`}
        initialSort={{ key: "lift", order: "desc" }}
        columns={[
          {
            key: "trait",
            label: t("trait"),
            sortValue: (d) => `${d.feature} ${d.value}`,
            // Hashtags and topic words come from imported post texts: rendered as text, never parsed.
            render: (d) =>
              `${textFor(locality, `trait_${d.feature}`, d.feature)}: ${traitValue(locality, d)}`,
          },
          numeric(
            "lift",
            t("lift"),
            (d) => d.lift,
            (v) => format.figure(v, "multiple"),
          ),
          {
            key: "interval",
            label: t("interval_95"),
            numeric: true,
            render: (d) => interval(locality, d.ci_low, d.ci_high, "multiple"),
          },
          numeric("n", t("posts_with"), (d) => d.n, count),
          numeric("n_without", t("posts_without"), (d) => d.n_without, count),
          {
            key: "significant",
            label: t("significant"),
            sortValue: (d) => (d.significant ? 1 : 0),
            render: (d) => t(d.significant ? "yes" : "no"),
          },
        ]}
      />
      <p class="muted">
        {t("drivers_basis", {
          posts: format.figure(insights.posts, "count"),
          thin: format.figure(insights.not_enough_data.length, "count"),
        })}{" "}
        {insights.method}
      </p>
    </>
  );
}

interface SlotRow extends TimeSlot {
  network: string;
}

/** Each network's best slots; a network with no slot backed by enough posts shows its leading slots, flagged. */
function slotRows(times: BestTimes): SlotRow[] {
  return times.networks.flatMap((n) =>
    (n.best.length > 0 ? n.best : n.slots.slice(0, 3)).map((slot) => ({ ...slot, network: n.network })),
  );
}

function BestTimesTable({ times }: { times: BestTimes }) {
  const locality = useLocality();
  const { t, format } = locality;
  const kind = isInsightMetric(times.metric) ? METRIC_KINDS[times.metric] : "decimal";
  return (
    <>
      <DataTable<SlotRow>
        caption={t("best_times_title")}
        rows={slotRows(times)}
        rowKey={(s) => `${s.network}/${s.weekday}/${s.hour}`}
        columns={[
          { key: "network", label: t("network"), sortValue: (s) => s.network, render: (s) => s.network },
          {
            key: "weekday",
            label: t("weekday"),
            render: (s) => textFor(locality, `day_${s.weekday}`, s.weekday),
          },
          {
            key: "hour",
            label: t("hour"),
            numeric: true,
            sortValue: (s) => s.hour,
            render: (s) => `${String(s.hour).padStart(2, "0")}:00`,
          },
          numeric(
            "mean",
            t("average", { metric: metricName(locality, times.metric) }),
            (s) => s.mean,
            (v) => format.figure(v, kind),
          ),
          numeric(
            "index",
            t("slot_index"),
            (s) => s.index,
            (v) => format.figure(v, "multiple"),
          ),
          {
            key: "posts",
            label: t("posts_title"),
            numeric: true,
            sortValue: (s) => s.posts,
            render: (s) =>
              s.enough_posts ? format.figure(s.posts, "count") : t("too_few_posts", { posts: s.posts }),
          },
        ]}
      />
      <p class="muted">{t("best_times_note", { posts: times.min_slot_posts })}</p>
    </>
  );
}

function estimateSentence(locality: Locality, p: ValueProposal): string {
  const { t, format } = locality;
  const outcome = textFor(locality, `outcome_${p.outcome}`, p.outcome);
  const estimate =
    p.unit_value === null
      ? t("estimate_missing", {
          outcome,
          conversions: format.figure(p.conversions, "count"),
          trials: format.figure(p.trials, "count"),
        })
      : t("estimate_sentence", {
          outcome,
          value: format.amount(p.unit_value, p.currency),
          low: format.amount(p.ci_low ?? 0, p.currency),
          high: format.amount(p.ci_high ?? 0, p.currency),
          rate: format.figure(p.conversion_rate, "percent"),
          average: format.figure(p.average_order_value, "money"),
        });
  if (!p.current_rule || p.current_rule_consistent === null) return estimate;
  const rule = format.amount(p.current_rule.unit_value, p.current_rule.currency);
  return `${estimate} ${t(p.current_rule_consistent ? "rule_inside" : "rule_outside", { rule })}`;
}

function ValueEstimates({ proposals }: { proposals: ValueProposal[] }) {
  const locality = useLocality();
  const { t, format } = locality;
  return (
    <>
      <ul class="sentences">
        {proposals.map((p) => (
          <li key={p.outcome}>{estimateSentence(locality, p)}</li>
        ))}
      </ul>
      <DataTable<ValueProposal>
        caption={t("value_estimates_title")}
        rows={proposals}
        rowKey={(p) => p.outcome}
        columns={[
          {
            key: "outcome",
            label: t("outcome"),
            render: (p) => textFor(locality, `outcome_${p.outcome}`, p.outcome),
          },
          numeric(
            "unit_value",
            t("estimated_value"),
            (p) => p.unit_value,
            (v) => format.figure(v, "money"),
          ),
          {
            key: "interval",
            label: t("interval_95"),
            numeric: true,
            render: (p) => interval(locality, p.ci_low, p.ci_high, "money"),
          },
          numeric(
            "conversion_rate",
            t("conversion_rate"),
            (p) => p.conversion_rate,
            (v) => format.figure(v, "percent"),
          ),
          numeric(
            "average_order_value",
            t("average_order_value"),
            (p) => p.average_order_value,
            (v) => format.figure(v, "money"),
          ),
          {
            key: "current_rule",
            label: t("current_rule"),
            numeric: true,
            render: (p) =>
              p.current_rule
                ? format.amount(p.current_rule.unit_value, p.current_rule.currency)
                : t("not_available"),
          },
          { key: "source", label: t("source"), render: (p) => p.source },
        ]}
      />
    </>
  );
}

function EarnedMedia({ emv }: { emv: EarnedMediaValue }) {
  const locality = useLocality();
  const { t, format } = locality;
  const money = (value: number | null) =>
    value === null ? t("not_available") : format.amount(value, emv.currency);
  return (
    <>
      <ul class="sentences">
        <li>
          {/* A click without a price adds nothing to the value: saying "worth 0" would mislead. */}
          {emv.lines.some((line) => line.value === null)
            ? t("emv_no_cpc", {
                clicks: format.figure(emv.organic_clicks, "count"),
                value: money(emv.clicks_value),
              })
            : t("emv_clicks_sentence", {
                clicks: format.figure(emv.organic_clicks, "count"),
                value: money(emv.clicks_value),
              })}
        </li>
        <li>
          {emv.impressions_value === null
            ? t("emv_no_cpm", { impressions: format.figure(emv.organic_impressions, "count") })
            : t("emv_impressions_sentence", {
                impressions: format.figure(emv.organic_impressions, "count"),
                value: money(emv.impressions_value),
                cpm: money(emv.cpm),
              })}
        </li>
      </ul>
      <DataTable<EarnedClicksLine>
        caption={t("emv_title")}
        rows={emv.lines}
        rowKey={(line) => line.campaign ?? ""}
        columns={[
          {
            key: "campaign",
            label: t("campaign"),
            sortValue: (line) => line.campaign,
            render: (line) => line.campaign ?? t("no_campaign"),
          },
          numeric(
            "organic_clicks",
            t("organic_clicks"),
            (line) => line.organic_clicks,
            (v) => format.figure(v, "count"),
          ),
          numeric("cpc", t("equivalent_cpc"), (line) => line.cpc, money),
          { key: "cpc_source", label: t("source"), render: (line) => line.cpc_source },
          numeric("value", t("earned_value"), (line) => line.value, money),
        ]}
      />
      <p class="muted">
        {t("formula")}: {emv.formula}. {emv.cpm_source}
      </p>
    </>
  );
}

/** What made posts do well, when to post, what outcomes are worth and what organic reach would have cost. */
export function InsightsPage() {
  const locality = useLocality();
  const { t } = locality;
  const filters = useFilters();
  const period = usePeriodQuery();
  const chosen = useRoute().params.get("metric") ?? undefined;
  const metric: InsightMetric = isInsightMetric(chosen) ? chosen : "engagement_rate";
  // The URL keeps the metric, so a view of the insights can be bookmarked and shared.
  const choose = (changes: Record<string, string>) => setFilter(changes);
  const drivers = useApi<Insights>("/api/insights", { ...period, metric, lang: locality.lang });
  const times = useApi<BestTimes>("/api/insights/best-times", { ...period, metric });
  const estimates = useApi<{ proposals: ValueProposal[] }>("/api/insights/value-estimates", period);
  const emv = useApi<EarnedMediaValue & { from: string; to: string }>("/api/insights/emv", period);
  return (
    <>
      <PeriodLine report={emv.data} />
      <div class="toolbar">
        <SelectField
          label={t("insight_metric")}
          name="metric"
          value={metric}
          options={INSIGHT_METRICS.map((m) => ({ value: m, label: metricName(locality, m) }))}
          onChange={(metric) => choose({ metric })}
        />
      </div>
      {(filters.network || filters.campaign) && <p class="muted">{t("filters_not_applied")}</p>}
      <section>
        <h2>{t("drivers_title")}</h2>
        <Pending loaded={drivers} />
        {drivers.data && <Drivers insights={drivers.data} />}
      </section>
      <section>
        <h2>{t("best_times_title")}</h2>
        <Pending loaded={times} />
        {times.data && <BestTimesTable times={times.data} />}
      </section>
      <section>
        <h2>{t("value_estimates_title")}</h2>
        <Pending loaded={estimates} />
        {estimates.data && <ValueEstimates proposals={estimates.data.proposals} />}
      </section>
      <section>
        <h2>{t("emv_title")}</h2>
        <Pending loaded={emv} />
        {emv.data && <EarnedMedia emv={emv.data} />}
      </section>
      <section>
        <h2>{t("care_title")}</h2>
        <CustomerCareSection period={period} />
      </section>
    </>
  );
}
