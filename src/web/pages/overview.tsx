import type { Funnel, GoalProgress, RoiReport, RoiRow } from "../../api/analytics.js";
import { previousPeriod } from "../../api/common.js";
import { Chart } from "../components/chart.js";
import { DataTable } from "../components/data-table.js";
import { ErrorNotice, Loading } from "../components/fields.js";
import { useFilters } from "../filter-bar.js";
import { useLocality } from "../i18n/index.js";
import { useCan } from "../state.js";
import { useApi } from "../use-api.js";
import {
  Kpi,
  metricKind,
  metricName,
  PeriodLine,
  ROI_FIGURES,
  usePeriodQuery,
  useRoiColumns,
} from "./figures.js";
import { FunnelTable } from "./funnel.js";
import { GoalProgressItem } from "./goal-progress.js";
import { HeldNotice } from "./held-conversions.js";

const HEADLINE = ROI_FIGURES.slice(0, 8);

/**
 * The row the headline figures come from: the network or campaign filtered on, else the total.
 * (/api/roi has no filter parameter, so a filter picks its row out of the breakdown.)
 */
function selectedRow(
  filters: { network?: string; campaign?: string },
  byNetwork?: RoiReport,
  byCampaign?: RoiReport,
) {
  if (filters.network) return byNetwork?.rows.find((r) => r.key === filters.network);
  if (filters.campaign) return byCampaign?.rows.find((r) => r.key === filters.campaign);
  return byNetwork?.total;
}

function MonthChart({ report }: { report: RoiReport }) {
  const locality = useLocality();
  const money = (v: unknown) => locality.format.figure(Number(v), "money");
  const series = (metric: keyof RoiRow, stack?: string) => ({
    type: "bar" as const,
    name: metricName(locality, metric),
    stack,
    data: report.rows.map((r) => r[metric]),
  });
  return (
    <Chart
      label={locality.t("by_month_title")}
      option={{
        tooltip: { trigger: "axis", valueFormatter: money },
        legend: { bottom: 0 },
        grid: { left: 80, right: 20, top: 20, bottom: 60 },
        xAxis: { type: "category", data: report.rows.map((r) => locality.format.month(r.key)) },
        yAxis: { type: "value", axisLabel: { formatter: money } },
        series: [series("cost"), series("revenue", "value"), series("assigned_value", "value")],
      }}
    />
  );
}

export function OverviewPage() {
  const locality = useLocality();
  const { t } = locality;
  const filters = useFilters();
  const period = usePeriodQuery();
  const byNetwork = useApi<RoiReport>("/api/roi", { ...period, by: "network" });
  const byCampaign = useApi<RoiReport>(filters.campaign ? "/api/roi" : null, { ...period, by: "campaign" });
  const byMonth = useApi<RoiReport>("/api/roi", { ...period, by: "month" });
  const funnel = useApi<Funnel>("/api/funnel", period);
  const goals = useApi<{ goals: GoalProgress[] }>("/api/goals", { at: byNetwork.data?.to });
  const previous = byNetwork.data && filters.compare === "1" ? previousPeriod(byNetwork.data) : undefined;
  const previousByNetwork = useApi<RoiReport>(previous ? "/api/roi" : null, { ...previous, by: "network" });
  const previousByCampaign = useApi<RoiReport>(previous && filters.campaign ? "/api/roi" : null, {
    ...previous,
    by: "campaign",
  });
  const columns = useRoiColumns(t("network"));
  // Set-aside sales are the imports' business: a client, who sees no imports, is not told of them.
  const canRead = useCan("read");

  if (byNetwork.error) return <ErrorNotice error={byNetwork.error} />;
  if (!byNetwork.data) return <Loading />;
  const row = selectedRow(filters, byNetwork.data, byCampaign.data);
  const previousRow = previous
    ? selectedRow(filters, previousByNetwork.data, previousByCampaign.data)
    : undefined;
  const empty = byNetwork.data.rows.length === 0;
  return (
    <>
      <PeriodLine report={byNetwork.data} />
      {previous && (
        <p class="muted">
          {t("previous_period", {
            from: locality.format.date(previous.from),
            to: locality.format.date(previous.to),
          })}
        </p>
      )}
      {empty && <p class="notice">{t("no_data")}</p>}
      {canRead && <HeldNotice />}
      {(filters.network || filters.campaign) && (
        <p class="muted">{t("showing_for", { name: filters.network ?? filters.campaign ?? "" })}</p>
      )}
      <section class="kpis" aria-label={t("overview_title")}>
        {HEADLINE.map((metric) => (
          <Kpi
            key={metric}
            metric={metric}
            kind={metricKind(locality, metric)}
            value={(row?.[metric] as number | null | undefined) ?? null}
            previous={previous ? ((previousRow?.[metric] as number | null | undefined) ?? null) : undefined}
          />
        ))}
      </section>
      <div class="grid-2">
        <section>
          <h2>{t("by_month_title")}</h2>
          {byMonth.data && <MonthChart report={byMonth.data} />}
          <p class="muted">{t("by_month_note")}</p>
        </section>
        <section>
          <h2>{t("goals_glance")}</h2>
          {goals.data && goals.data.goals.length === 0 && <p>{t("no_goals")}</p>}
          <ul class="goals compact">
            {goals.data?.goals.slice(0, 4).map((g) => (
              <GoalProgressItem key={g.goal_id} goal={g} />
            ))}
          </ul>
        </section>
      </div>
      <section>
        <h2>{t("roi_by_network")}</h2>
        <DataTable
          caption={t("roi_by_network")}
          columns={columns.slice(0, 9)}
          rows={byNetwork.data.rows.filter((r) => !filters.network || r.key === filters.network)}
          rowKey={(r) => r.key}
          footer={filters.network ? undefined : byNetwork.data.total}
          initialSort={{ key: "total_roi", order: "desc" }}
        />
        <p class="muted">
          {byNetwork.data.allocation_note} {byNetwork.data.metrics_basis}
        </p>
      </section>
      <section>
        <h2>{t("funnel_title")}</h2>
        {funnel.data && <FunnelTable funnel={funnel.data} network={filters.network} />}
      </section>
    </>
  );
}
