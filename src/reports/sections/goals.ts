import type { GoalProgress } from "../../goals/compute-goals.js";
import { goalLabel } from "../../metrics/goal-catalogue.js";
import type { ReportSection } from "../model.js";
import { figureKind, type SectionContext } from "./context.js";

export function goalsSection(ctx: SectionContext, goals: GoalProgress[]): ReportSection {
  if (goals.length === 0) return ctx.section("goals", { paragraphs: [ctx.words.noGoals] });
  const c = ctx.words.columns;
  const rows = goals.map((g) => {
    const kind = figureKind(g.indicator);
    return [
      { value: goalLabel(g.goal, ctx.lang), kind: "text" as const },
      { value: ctx.metricName(g.indicator), kind: "text" as const },
      { value: g.network ? ctx.networkName(g.network) : "", kind: "text" as const },
      { value: g.period_end, kind: "date" as const },
      { value: g.target, kind },
      { value: g.actual, kind },
      { value: g.progress, kind: "percent" as const },
      { value: g.expected_progress, kind: "percent" as const },
      { value: g.projection, kind },
      {
        value: g.on_track === null ? null : g.on_track ? ctx.words.yes : ctx.words.no,
        kind: "text" as const,
      },
    ];
  });
  return ctx.section("goals", {
    paragraphs: [ctx.words.goalsIntro],
    tables: [
      {
        id: "goals",
        title: ctx.words.sections.goals,
        columns: [
          ctx.text(c.goal),
          ctx.text(c.indicator),
          ctx.text(c.network),
          { label: c.periodEnd, kind: "date" },
          { label: c.target, kind: "decimal" },
          { label: c.actual, kind: "decimal" },
          { label: c.progress, kind: "percent" },
          { label: c.expectedProgress, kind: "percent" },
          { label: c.projection, kind: "decimal" },
          ctx.text(c.onTrack),
        ],
        rows,
      },
    ],
    charts: [
      {
        title: `${c.progress} / ${c.expectedProgress}`,
        kind: "percent",
        categories: goals.map((g) => `${goalLabel(g.goal, ctx.lang)} · ${ctx.metricName(g.indicator)}`),
        series: [
          { name: c.progress, values: goals.map((g) => g.progress ?? 0) },
          { name: c.expectedProgress, values: goals.map((g) => g.expected_progress) },
        ],
      },
    ],
  });
}
