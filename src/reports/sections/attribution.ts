import type { AttributionReport } from "../../attribution/index.js";
import type { RoiReport } from "../../roi/compute-roi.js";
import type { ReportSection } from "../model.js";
import { ATTRIBUTION_JOURNEYS, type SectionContext } from "./context.js";

export function attributionSection(
  ctx: SectionContext,
  report: AttributionReport | null,
  roi: RoiReport,
): ReportSection {
  const a = ctx.words.attribution;
  const days = ATTRIBUTION_JOURNEYS.lookbackDays;
  if (!report || report.totals.conversions === 0) {
    return ctx.section("attribution", { paragraphs: [a.noJourneys({ days })] });
  }
  const { totals } = report;
  const paragraphs = [
    a.intro({ days }),
    a.totals({ conversions: ctx.f(totals.conversions, "count"), value: ctx.f(totals.value, "money") }),
  ];
  if (totals.unattributed_conversions > 0) {
    paragraphs.push(
      a.unattributed({
        conversions: ctx.f(totals.unattributed_conversions, "count"),
        value: ctx.f(totals.unattributed_value, "money"),
        days,
      }),
    );
  }
  paragraphs.push(...ctx.revenueModel(roi));
  const channels = report.comparison.map((c) => c.channel);
  const shareTable = (id: string, title: string, field: "conversions" | "value", total: number) => ({
    id,
    title,
    columns: [
      ctx.text(ctx.words.columns.network),
      ...report.models.map((m) => ({ label: a.models[m.model], kind: "percent" as const })),
    ],
    rows: channels.map((channel) => [
      { value: channel, kind: "text" as const },
      ...report.models.map((m) => {
        const credit = m.channels.find((c) => c.channel === channel)?.[field] ?? 0;
        return { value: total > 0 ? credit / total : null, kind: "percent" as const };
      }),
    ]),
  });
  return ctx.section("attribution", {
    paragraphs,
    tables: [
      shareTable("attribution_conversions", a.conversionShares, "conversions", totals.conversions),
      shareTable("attribution_value", a.valueShares, "value", totals.value),
    ],
    bullets: report.comparison.map((c) => c.sentence),
  });
}
