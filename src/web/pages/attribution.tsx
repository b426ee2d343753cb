import { useMemo } from "preact/hooks";
import type { AttributionReport, ChannelComparison, ModelResult } from "../../api/attribution.js";
import { MAX_MARKOV_ORDER } from "../../api/attribution.js";
import { Chart, type ChartOption, PALETTE } from "../components/chart.js";
import { type Column, DataTable } from "../components/data-table.js";
import { ErrorNotice, Loading, SelectField } from "../components/fields.js";
import { setFilter, useFilters } from "../filter-bar.js";
import { type Locality, useLocality } from "../i18n/index.js";
import { useRoute } from "../route.js";
import { useApi } from "../use-api.js";
import { PeriodLine, usePeriodQuery } from "./figures.js";

interface AttributionAnswer extends AttributionReport {
  from: string;
  to: string;
  lookback_days: number;
  level: "network" | "channel_group" | "campaign";
}

type Measure = "conversions" | "value";

const LOOKBACK_CHOICES = [7, 14, 30, 60, 90];
const LEVELS = ["network", "channel_group", "campaign"] as const;
const ORDERS = [...Array.from({ length: MAX_MARKOV_ORDER }, (_, i) => String(i + 1)), "auto"];

function modelName(locality: Locality, model: ModelResult): string {
  const name = locality.t(`model_${model.model}`);
  return model.order === undefined ? name : locality.t("model_with_order", { name, order: model.order });
}

function credit(model: ModelResult, channel: string, measure: Measure): number {
  return model.channels.find((c) => c.channel === channel)?.[measure] ?? 0;
}

/** One column per model, so the same channel reads across models on one line. */
function creditColumns(
  locality: Locality,
  models: ModelResult[],
  measure: Measure,
): Column<ChannelComparison>[] {
  const kind = measure === "value" ? "money" : "decimal";
  return [
    {
      key: "channel",
      label: locality.t("channel"),
      sortValue: (row) => row.channel,
      render: (row) => row.channel,
    },
    ...models.map(
      (model): Column<ChannelComparison> => ({
        key: model.model,
        label: modelName(locality, model),
        numeric: true,
        sortValue: (row) => credit(model, row.channel, measure),
        render: (row) => locality.format.figure(credit(model, row.channel, measure), kind),
      }),
    ),
  ];
}

function spreadColumn(locality: Locality): Column<ChannelComparison> {
  const percent = (share: number) => locality.format.figure(share, "percent");
  return {
    key: "spread",
    label: locality.t("share_spread"),
    numeric: true,
    sortValue: (row) => row.max_share - row.min_share,
    render: (row) => `${percent(row.min_share)} – ${percent(row.max_share)}`,
  };
}

function CreditChart({ report }: { report: AttributionAnswer }) {
  const locality = useLocality();
  const channels = report.comparison.map((c) => c.channel);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: unknown) => locality.format.figure(Number(v), "decimal"),
      },
      // Eight models, one colour each: the shared palette has seven.
      color: [...PALETTE, "#b8860b"],
      legend: { bottom: 0 },
      grid: { left: 60, right: 20, top: 20, bottom: 80 },
      xAxis: { type: "category", data: channels },
      yAxis: { type: "value" },
      series: report.models.map((model) => ({
        type: "bar",
        name: modelName(locality, model),
        data: channels.map((channel) => credit(model, channel, "conversions")),
      })),
    }),
    [report, locality],
  );
  return <Chart label={locality.t("credit_chart")} option={option} height={360} />;
}

/** Every model's credit per channel, and how much the conclusion depends on the model chosen. */
export function AttributionPage() {
  const locality = useLocality();
  const { t, format } = locality;
  const filters = useFilters();
  const params = useRoute().params;
  const choice = {
    lookback: params.get("lookback") ?? undefined,
    level: params.get("level") ?? undefined,
    order: params.get("order") ?? undefined,
  };
  const report = useApi<AttributionAnswer>("/api/attribution", {
    ...usePeriodQuery(),
    ...choice,
    lang: locality.lang,
  });
  // The URL keeps these choices, so a view with its lookback and level can be bookmarked.
  const choose = (changes: Record<string, string>) => setFilter(changes);
  const data = report.data;
  const markov = data?.models.find((m) => m.model === "markov");
  const lookback = choice.lookback ?? String(data?.lookback_days ?? "");
  const lookbackChoices = [...new Set([...LOOKBACK_CHOICES.map(String), lookback])].filter(Boolean);

  return (
    <>
      <PeriodLine report={data} />
      <div class="toolbar">
        <SelectField
          label={t("lookback_window")}
          name="lookback"
          value={lookback}
          options={lookbackChoices.map((days) => ({ value: days, label: t("days", { days }) }))}
          onChange={(value) => choose({ lookback: value })}
        />
        <SelectField
          label={t("channel_level")}
          name="level"
          value={choice.level ?? data?.level ?? ""}
          options={LEVELS.map((level) => ({ value: level, label: t(`level_${level}`) }))}
          onChange={(value) => choose({ level: value })}
        />
        <SelectField
          label={t("markov_order")}
          name="order"
          value={choice.order ?? String(markov?.order ?? "")}
          options={ORDERS.map((order) => ({
            value: order,
            label: order === "auto" ? t("markov_order_auto") : order,
          }))}
          onChange={(value) => choose({ order: value })}
        />
      </div>
      {(filters.network || filters.campaign) && <p class="muted">{t("filters_not_applied")}</p>}
      <ErrorNotice error={report.error} />
      {!data ? (
        !report.error && <Loading />
      ) : data.comparison.length === 0 ? (
        <p class="notice">{t("no_journeys")}</p>
      ) : (
        <>
          <p class="muted">
            {t("attribution_totals", {
              conversions: format.figure(data.totals.conversions, "count"),
              value: format.figure(data.totals.value, "money"),
              unattributed: format.figure(data.totals.unattributed_conversions, "count"),
              paths: format.figure(data.totals.unique_paths, "count"),
            })}
          </p>
          <section>
            <h2>{t("credited_conversions")}</h2>
            <CreditChart report={data} />
            <DataTable<ChannelComparison>
              caption={t("credited_conversions")}
              columns={[...creditColumns(locality, data.models, "conversions"), spreadColumn(locality)]}
              rows={data.comparison}
              rowKey={(row) => row.channel}
              initialSort={{ key: "spread", order: "desc" }}
            />
          </section>
          <section>
            <h2>{t("credited_value")}</h2>
            <DataTable<ChannelComparison>
              caption={t("credited_value")}
              columns={creditColumns(locality, data.models, "value")}
              rows={data.comparison}
              rowKey={(row) => row.channel}
            />
          </section>
          <section>
            <h2>{t("model_dependence")}</h2>
            <ul class="sentences">
              {data.comparison.map((c) => (
                <li key={c.channel}>{c.sentence}</li>
              ))}
            </ul>
            <p class="muted">{t("attribution_note")}</p>
          </section>
        </>
      )}
    </>
  );
}
