import type { Funnel, RoiReport } from "../../api/analytics.js";
import { Chart } from "../components/chart.js";
import { DataTable } from "../components/data-table.js";
import { ErrorNotice, Loading } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { useApi } from "../use-api.js";
import { metricName, PeriodLine, usePeriodQuery, useRoiColumns } from "./figures.js";
import { FunnelTable } from "./funnel.js";

/** ROI per network or per campaign: a chart of both ROIs, then every figure in a sortable table. */
function Breakdown({ by }: { by: "network" | "campaign" }) {
  const locality = useLocality();
  const { t } = locality;
  const period = usePeriodQuery();
  const roi = useApi<RoiReport>("/api/roi", { ...period, by });
  const columns = useRoiColumns(t(by));
  if (roi.error) return <ErrorNotice error={roi.error} />;
  if (!roi.data) return <Loading />;
  const rows = roi.data.rows;
  return (
    <>
      <PeriodLine report={roi.data} />
      {rows.length > 0 && (
        <Chart
          label={`${metricName(locality, "revenue_roi")} / ${metricName(locality, "total_roi")}`}
          option={{
            tooltip: { trigger: "axis", valueFormatter: (v) => locality.format.figure(Number(v), "percent") },
            legend: { bottom: 0 },
            grid: { left: 60, right: 20, top: 20, bottom: 60 },
            xAxis: { type: "category", data: rows.map((r) => r.key) },
            yAxis: {
              type: "value",
              axisLabel: { formatter: (v: number) => locality.format.figure(v, "percent") },
            },
            series: (["revenue_roi", "total_roi"] as const).map((metric) => ({
              type: "bar" as const,
              name: metricName(locality, metric),
              data: rows.map((r) => r[metric]),
            })),
          }}
        />
      )}
      <DataTable
        caption={t(by === "network" ? "networks_title" : "campaigns_title")}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.key}
        footer={roi.data.total}
        initialSort={{ key: "total_roi", order: "desc" }}
      />
      <p class="muted">
        {roi.data.allocation_note} {roi.data.metrics_basis}
      </p>
    </>
  );
}

export function NetworksPage() {
  const period = usePeriodQuery();
  const funnel = useApi<Funnel>("/api/funnel", period);
  return (
    <>
      <Breakdown by="network" />
      {funnel.data && <FunnelTable funnel={funnel.data} />}
    </>
  );
}

export function CampaignsPage() {
  return <Breakdown by="campaign" />;
}
