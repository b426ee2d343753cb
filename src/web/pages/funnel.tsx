import type { Funnel, FunnelRow } from "../../api/analytics.js";
import { DataTable } from "../components/data-table.js";
import { useLocality } from "../i18n/index.js";
import { figureColumn, metricName } from "./figures.js";

/** Reach → traffic → leads → customers per network, with each step's conversion rate. */
export function FunnelTable({ funnel, network }: { funnel: Funnel; network?: string | undefined }) {
  const locality = useLocality();
  const { t } = locality;
  const rows = network ? funnel.rows.filter((r) => r.network === network) : funnel.rows;
  const count = (metric: "reach" | "traffic" | "leads" | "customers") =>
    figureColumn<FunnelRow>(locality, metric, "count", (r) => r[metric]);
  const name = (metric: string) => metricName(locality, metric);
  const rate = (key: "traffic_rate" | "lead_rate" | "customer_rate", step: string, previous: string) => ({
    ...figureColumn<FunnelRow>(locality, "conversion_rate", "percent", (r) => r[key]),
    key,
    label: `${name(step)} ÷ ${name(previous)}`,
  });
  return (
    <>
      <DataTable
        caption={t("funnel_title")}
        columns={[
          {
            key: "network",
            label: t("network"),
            sortValue: (r) => r.network,
            render: (r) => (r.network === "total" ? t("total") : r.network),
          },
          count("reach"),
          count("traffic"),
          rate("traffic_rate", "traffic", "reach"),
          count("leads"),
          rate("lead_rate", "leads", "traffic"),
          count("customers"),
          rate("customer_rate", "customers", "leads"),
          figureColumn<FunnelRow>(locality, "share_of_traffic", "percent", (r) => r.share_of_traffic),
        ]}
        rows={rows}
        rowKey={(r) => r.network}
        footer={network ? undefined : funnel.total}
      />
      <p class="muted">
        {t(funnel.traffic_basis === "sessions" ? "traffic_basis_sessions" : "traffic_basis_link_clicks")}
      </p>
    </>
  );
}
