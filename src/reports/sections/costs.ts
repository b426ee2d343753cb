import { ownValue } from "../../domain/own-value.js";
import type { RoiReport } from "../../roi/compute-roi.js";
import type { ReportSection } from "../model.js";
import type { SectionContext } from "./context.js";

export function costsSection(
  ctx: SectionContext,
  costs: { category: string; amount: number }[],
  roi: RoiReport,
): ReportSection {
  const total = costs.reduce((sum, c) => sum + c.amount, 0);
  const label = (category: string) => ownValue(ctx.words.categories, category) ?? category;
  const c = ctx.words.columns;
  return ctx.section("costs", {
    paragraphs: [ctx.words.allocation[roi.allocation_rule]],
    tables: [
      {
        id: "costs",
        title: ctx.words.sections.costs,
        columns: [
          ctx.text(c.category),
          ctx.metricColumn("cost", "money"),
          { label: c.share, kind: "percent" },
        ],
        rows: costs.map((cost) => [
          { value: label(cost.category), kind: "text" },
          { value: cost.amount, kind: "money" },
          { value: total > 0 ? cost.amount / total : null, kind: "percent" },
        ]),
        total: [
          { value: ctx.words.total, kind: "text" },
          { value: total, kind: "money" },
          { value: total > 0 ? 1 : null, kind: "percent" },
        ],
      },
    ],
    charts: [
      {
        title: ctx.words.sections.costs,
        kind: "money",
        categories: costs.map((cost) => label(cost.category)),
        series: [{ name: ctx.metricName("cost"), values: costs.map((cost) => cost.amount) }],
      },
    ],
  });
}
