import { ROI_COLUMNS, type RoiReport, type RoiRow } from "../../api/analytics.js";
import type { Column } from "../components/data-table.js";
import { MetricHint } from "../components/metric-hint.js";
import { useFilters } from "../filter-bar.js";
import type { FigureKind } from "../format.js";
import { type Locality, useLocality } from "../i18n/index.js";

/** The ROI figures the dashboard shows, in order; each is written as its unit in /api/metrics says. */
export const ROI_FIGURES: readonly (keyof RoiRow)[] = ROI_COLUMNS.dashboard;

/** How a metric's figures are written, from its unit in the metrics catalogue. */
export function metricKind(locality: Locality, metric: string): FigureKind {
  return locality.metrics.get(metric)?.unit ?? "count";
}

export function metricName(locality: Locality, metric: string): string {
  return locality.metrics.get(metric)?.name[locality.lang] ?? metric;
}

/** A sortable table column for one metric, with its "how is this computed" hint. */
export function figureColumn<Row>(
  locality: Locality,
  metric: string,
  kind: FigureKind,
  read: (row: Row) => number | null,
): Column<Row> {
  return {
    key: metric,
    label: metricName(locality, metric),
    metric,
    numeric: true,
    sortValue: read,
    render: (row) => locality.format.figure(read(row), kind),
  };
}

export function useRoiColumns(keyLabel: string, figures = ROI_FIGURES): Column<RoiRow>[] {
  const locality = useLocality();
  return [
    {
      key: "key",
      label: keyLabel,
      sortValue: (r) => r.key,
      render: (r) => (r.key === "total" ? locality.t("total") : r.key),
    },
    ...figures.map((metric) =>
      figureColumn<RoiRow>(
        locality,
        metric,
        metricKind(locality, metric),
        (row) => row[metric] as number | null,
      ),
    ),
  ];
}

/** The period asked for in the URL, as API query values (empty: the whole data period). */
export function usePeriodQuery(): { from?: string; to?: string } {
  const { from, to } = useFilters();
  return { from, to };
}

export function PeriodLine({ report }: { report: Pick<RoiReport, "from" | "to"> | undefined }) {
  const { t, format } = useLocality();
  if (!report) return null;
  return <p class="period">{t("period", { from: format.date(report.from), to: format.date(report.to) })}</p>;
}

/** A figure with its name, hint and (when comparing) the change against the previous period. */
export function Kpi(props: {
  metric: string;
  kind: FigureKind;
  value: number | null;
  previous?: number | null | undefined;
}) {
  const locality = useLocality();
  const { t, format } = locality;
  const change =
    props.previous === undefined || props.previous === null || props.previous === 0 || props.value === null
      ? undefined
      : (props.value - props.previous) / Math.abs(props.previous);
  return (
    <div class="kpi" data-metric={props.metric}>
      <span class="kpi-name">
        {metricName(locality, props.metric)} <MetricHint metric={props.metric} />
      </span>
      <span class="kpi-value">{format.figure(props.value, props.kind)}</span>
      {props.previous !== undefined && (
        <span class={change === undefined ? "kpi-change" : change >= 0 ? "kpi-change up" : "kpi-change down"}>
          {t("change_vs_previous", {
            change:
              change === undefined
                ? t("not_available")
                : `${change >= 0 ? "▲ +" : "▼ "}${format.figure(change, "percent")}`,
          })}
        </span>
      )}
    </div>
  );
}
