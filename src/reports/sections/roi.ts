import type { RoiReport } from "../../roi/compute-roi.js";
import { NO_KEY, type RoiRow } from "../../roi/roi-query.js";
import type { Cell, ReportSection } from "../model.js";
import { ROI_FIGURES, type SectionContext } from "./context.js";

export function roiSection(
  ctx: SectionContext,
  id: "roi_network" | "roi_campaign",
  roi: RoiReport,
  keyHeader: string,
): ReportSection {
  const isNetwork = id === "roi_network";
  const label = (key: string) => (isNetwork ? ctx.networkName(key) : ctx.keyLabel(key, ctx.words.noCampaign));
  const line = (r: RoiRow, key: string): Cell[] => [
    { value: key, kind: "text" },
    ...ROI_FIGURES.map(([f, kind]) => ({ value: r[f], kind })),
  ];
  if (roi.rows.length === 0) return ctx.section(id, { paragraphs: [ctx.words.noData] });
  const chartRows = roi.rows.filter((r) => r.key !== NO_KEY);
  return ctx.section(id, {
    paragraphs: [isNetwork ? ctx.words.allocation[roi.allocation_rule] : ctx.words.metricsBasis],
    tables: [
      {
        id,
        title: ctx.words.sections[id],
        columns: [ctx.text(keyHeader), ...ROI_FIGURES.map(([f, kind]) => ctx.metricColumn(f, kind))],
        rows: roi.rows.map((r) => line(r, label(r.key))),
        total: line(roi.total, ctx.words.total),
      },
    ],
    charts: [
      {
        title: `${ctx.metricName("cost")} / ${ctx.metricName("revenue")} / ${ctx.metricName("value")}`,
        kind: "money",
        categories: chartRows.map((r) => label(r.key)),
        series: (["cost", "revenue", "value"] as const).map((f) => ({
          name: ctx.metricName(f),
          values: chartRows.map((r) => r[f]),
        })),
      },
    ],
  });
}
