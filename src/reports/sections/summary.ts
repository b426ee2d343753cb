import type { GoalProgress } from "../../goals/compute-goals.js";
import type { FigureKind } from "../../i18n/reports/index.js";
import type { Funnel } from "../../roi/compute-funnel.js";
import type { RoiReport } from "../../roi/compute-roi.js";
import { NO_KEY, type RoiRow, UNALLOCATED_KEY } from "../../roi/roi-query.js";
import type { Column, ReportSection } from "../model.js";
import { ROI_FIGURES, type SectionContext } from "./context.js";

export function summarySection(
  ctx: SectionContext,
  roi: RoiReport,
  before: RoiRow | null,
  funnel: Funnel,
  goals: GoalProgress[],
): ReportSection {
  const s = ctx.words.summary;
  const t = roi.total;
  const paragraphs = [
    s.headline({
      cost: ctx.f(t.cost, "money"),
      revenue: ctx.f(t.revenue, "money"),
      value: ctx.f(t.value, "money"),
    }),
  ];
  if (t.revenue_roi === null || t.total_roi === null) paragraphs.push(s.noCost);
  else {
    paragraphs.push(
      s.revenueRoi({
        roi: ctx.f(t.revenue_roi, "percent"),
        revenue: ctx.f(t.revenue, "money"),
        cost: ctx.f(t.cost, "money"),
        gain: t.revenue_roi > 0,
      }),
    );
    if (t.assigned_value > 0) {
      paragraphs.push(
        s.totalRoi({ roi: ctx.f(t.total_roi, "percent"), assigned: ctx.f(t.assigned_value, "money") }),
      );
    }
  }
  const ranked = roi.rows
    .filter((r) => r.total_roi !== null && r.key !== NO_KEY && r.key !== UNALLOCATED_KEY)
    .sort((a, b) => (b.total_roi ?? 0) - (a.total_roi ?? 0));
  const top = ranked[0];
  if (top && ranked.length > 1) {
    paragraphs.push(
      s.bestNetwork({ network: ctx.networkName(top.key), roi: ctx.f(top.total_roi, "percent") }),
    );
  }
  const ft = funnel.total;
  if (ft.reach !== null && ft.reach > 0) {
    paragraphs.push(
      s.funnel({
        reach: ctx.f(ft.reach, "count"),
        traffic: ctx.f(ft.traffic, "count"),
        leads: ctx.f(ft.leads, "count"),
        customers: ctx.f(ft.customers, "count"),
      }),
    );
  }
  if (goals.length > 0) {
    paragraphs.push(s.goals({ onTrack: goals.filter((g) => g.on_track).length, total: goals.length }));
  }
  if (before) {
    for (const [id, kind] of [
      ["value", "money"],
      ["leads", "count"],
    ] as const) {
      const now = t[id];
      const was = before[id];
      if (now !== was && was > 0) {
        paragraphs.push(
          s.change({
            what: ctx.metricName(id),
            now: ctx.f(now, kind),
            before: ctx.f(was, kind),
            up: now > was,
          }),
        );
      }
    }
  }
  paragraphs.push(s.acronyms);
  // The summary also shows the total value (revenue + assigned value), after the assigned value.
  const kpis = ROI_FIGURES.flatMap((figure): [keyof RoiRow, FigureKind][] =>
    figure[0] === "assigned_value" ? [figure, ["value", "money"]] : [figure],
  );
  const columns: Column[] = [
    ctx.text(ctx.words.columns.indicator),
    { label: ctx.words.columns.indicatorValue, kind: "money" },
    ...(before ? [{ label: ctx.words.columns.previous, kind: "money" as const }] : []),
    ctx.text(ctx.words.columns.formula),
  ];
  const rows = kpis.map(([id, kind]) => [
    { value: ctx.metricName(id), kind: "text" as const },
    { value: t[id], kind },
    ...(before ? [{ value: before[id], kind }] : []),
    { value: ctx.formula(id), kind: "text" as const },
  ]);
  return ctx.section("summary", {
    paragraphs,
    tables: [{ id: "kpis", title: ctx.words.kpis, columns, rows }],
  });
}
