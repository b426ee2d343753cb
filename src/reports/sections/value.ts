import type { ReportSection } from "../model.js";
import type { SectionContext } from "./context.js";

export function valueSection(
  ctx: SectionContext,
  values: { outcome: string; unit_value: number; quantity: number; value: number }[],
): ReportSection {
  if (values.length === 0) return ctx.section("value", { paragraphs: [ctx.words.method.noValueRules] });
  const c = ctx.words.columns;
  const total = values.reduce((sum, v) => sum + v.value, 0);
  return ctx.section("value", {
    paragraphs: [ctx.words.method.valueRules],
    tables: [
      {
        id: "value",
        title: ctx.words.sections.value,
        columns: [
          ctx.text(c.outcome),
          { label: c.unitValue, kind: "money" },
          { label: c.quantity, kind: "count" },
          ctx.metricColumn("assigned_value", "money"),
        ],
        rows: values.map((v) => [
          { value: ctx.outcomeLabel(v.outcome), kind: "text" },
          { value: v.unit_value, kind: "money" },
          { value: v.quantity, kind: "count" },
          { value: v.value, kind: "money" },
        ]),
        total: ctx.amountTotalRow(total, 2),
      },
    ],
  });
}
