import type { FigureKind } from "../../i18n/reports/index.js";
import type { Funnel, FunnelRow } from "../../roi/compute-funnel.js";
import type { Cell, ReportSection } from "../model.js";
import type { SectionContext } from "./context.js";

export function funnelSection(ctx: SectionContext, funnel: Funnel): ReportSection {
  if (funnel.rows.length === 0) return ctx.section("funnel", { paragraphs: [ctx.words.noData] });
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
      traffic_rate: `${ctx.metricName("traffic")} ÷ ${ctx.metricName("reach")}`,
      lead_rate: `${ctx.metricName("leads")} ÷ ${ctx.metricName("traffic")}`,
      customer_rate: `${ctx.metricName("customers")} ÷ ${ctx.metricName("leads")}`,
    };
    return names[field] ?? ctx.metricName(metric);
  };
  const line = (r: FunnelRow, key: string): Cell[] => [
    { value: key, kind: "text" },
    ...steps.map(([field, kind]) => ({ value: r[field] as number | null, kind })),
  ];
  return ctx.section("funnel", {
    paragraphs: [ctx.words.funnelTrafficBasis[funnel.traffic_basis]],
    tables: [
      {
        id: "funnel",
        title: ctx.words.sections.funnel,
        columns: [
          ctx.text(ctx.words.columns.network),
          ...steps.map(([field, kind, metric]) => ({
            label: stepLabel(field, metric),
            kind,
            formula: ctx.formula(metric),
          })),
        ],
        rows: funnel.rows.map((r) => line(r, ctx.networkName(r.network))),
        total: line(funnel.total, ctx.words.total),
      },
    ],
    charts: [
      {
        title: ctx.metricName("share_of_traffic"),
        kind: "percent",
        categories: funnel.rows.map((r) => ctx.networkName(r.network)),
        series: [
          {
            name: ctx.metricName("share_of_traffic"),
            values: funnel.rows.map((r) => r.share_of_traffic ?? 0),
          },
        ],
      },
    ],
  });
}
