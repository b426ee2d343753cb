import { metricById } from "../../metrics/catalogue.js";
import type { RoiReport } from "../../roi/compute-roi.js";
import type { ReportSection } from "../model.js";
import type { SectionContext } from "./context.js";

export function methodSection(
  ctx: SectionContext,
  roi: RoiReport,
  values: { outcome: string; unit_value: number }[],
): ReportSection {
  const m = ctx.words.method;
  const c = ctx.words.columns;
  const used = [
    "cost",
    "revenue",
    "assigned_value",
    "value",
    "revenue_roi",
    "total_roi",
    "roas",
    "reach",
    "traffic",
    "leads",
    "customers",
    "cpl",
    "cpa",
    "conversion_rate",
    "share_of_traffic",
    "engagement_rate",
  ];
  const paragraphs = [m.intro, m.definitions];
  return ctx.section("method", {
    paragraphs,
    tables: [
      {
        id: "definitions",
        title: ctx.words.howComputed,
        columns: [ctx.text(c.indicator), ctx.text(c.definition), ctx.text(c.formula)],
        rows: used.map((id) => [
          { value: ctx.metricName(id), kind: "text" },
          { value: metricById(id)?.definition[ctx.lang] ?? "", kind: "text" },
          { value: ctx.formula(id), kind: "text" },
        ]),
      },
    ],
    bullets: [
      values.length === 0
        ? m.noValueRules
        : `${m.valueRules} ${values
            .map((v) => `${ctx.outcomeLabel(v.outcome)} = ${ctx.f(v.unit_value, "money")}`)
            .join(" ; ")}`,
      ctx.words.allocation[roi.allocation_rule],
      ctx.words.metricsBasis,
      m.attribution,
      ...ctx.revenueModel(roi),
      `${m.notMeasuredIntro} ${m.notMeasured.join(", ")}.`,
      m.ratios,
    ],
  });
}
