import type { PortfolioRow } from "../../api/portfolio.js";
import type { MessageKey } from "../../i18n/dashboard/index.js";
import { DataTable } from "../components/data-table.js";
import { ErrorNotice, Loading } from "../components/fields.js";
import { PeriodFields } from "../filter-bar.js";
import { useLocality } from "../i18n/index.js";
import { hrefFor, navigate } from "../route.js";
import { useAppState } from "../state.js";
import { useApi } from "../use-api.js";
import { figureColumn, metricKind, metricName, usePeriodQuery } from "./figures.js";

/** An agency's workspaces side by side; a name opens that workspace's overview for the same period. */
export function PortfolioPage() {
  const locality = useLocality();
  const { t, format } = locality;
  const { switchWorkspace } = useAppState();
  const portfolio = useApi<{ workspaces: PortfolioRow[] }>("/api/portfolio", usePeriodQuery());
  const overview = hrefFor("/");
  const money = (metric: "cost" | "revenue") => ({
    key: metric,
    label: metricName(locality, metric),
    metric,
    numeric: true,
    sortValue: (row: PortfolioRow) => row[metric],
    // Each workspace counts in its own currency: amounts are written in it, never converted here.
    render: (row: PortfolioRow) => format.amount(row[metric], row.currency),
  });
  return (
    <>
      <p>{t("portfolio_help")}</p>
      <section class="filters" aria-label={t("filters")}>
        <PeriodFields />
      </section>
      <ErrorNotice error={portfolio.error} />
      {!portfolio.data ? (
        <Loading />
      ) : (
        <DataTable<PortfolioRow>
          caption={t("nav_portfolio")}
          rows={portfolio.data.workspaces}
          rowKey={(row) => row.id}
          columns={[
            {
              key: "name",
              label: t("workspace"),
              sortValue: (row) => row.name,
              render: (row) => (
                <a
                  href={overview}
                  data-workspace={row.id}
                  onClick={(event) => {
                    event.preventDefault();
                    switchWorkspace(row.id).then(() => navigate(overview));
                  }}
                >
                  {row.name}
                </a>
              ),
            },
            {
              key: "role",
              label: t("role"),
              sortValue: (row) => row.role,
              render: (row) => t(`role_${row.role}` as MessageKey),
            },
            {
              key: "period",
              label: t("period_column"),
              sortValue: (row) => row.from,
              render: (row) => t("period", { from: format.date(row.from), to: format.date(row.to) }),
            },
            money("cost"),
            money("revenue"),
            figureColumn<PortfolioRow>(
              locality,
              "total_roi",
              metricKind(locality, "total_roi"),
              (row) => row.total_roi,
            ),
            {
              key: "goals",
              label: t("nav_goals"),
              sortValue: (row) => row.goals.on_track - row.goals.off_track,
              render: (row) =>
                t("goal_status", {
                  on: format.figure(row.goals.on_track, "count"),
                  off: format.figure(row.goals.off_track, "count"),
                  unknown: format.figure(row.goals.unknown, "count"),
                }),
            },
          ]}
        />
      )}
    </>
  );
}
