import { goalSchema } from "../api/goals.js";
import { ownValue } from "../domain/own-value.js";
import type { Workspace } from "../domain/workspace.js";
import { goalLabel, INDICATOR_KINDS } from "../metrics/goal-catalogue.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { indicatorValues, type PeriodFigures, periodFigures } from "./indicator-values.js";

export interface GoalProgress {
  goal_id: string;
  goal: string;
  goal_label: string;
  indicator: string;
  network: string | null;
  period_start: string;
  period_end: string;
  target: number;
  /** Value from the period's start to `at` (or the period's end if earlier). */
  actual: number | null;
  /** actual ÷ target (target ÷ actual for indicators where lower is better). */
  progress: number | null;
  /** Share of the period elapsed at `at`: where progress should be if results came evenly. */
  expected_progress: number;
  /** Value expected at the period's end at the current pace (sums), or the current level (ratios). */
  projection: number | null;
  on_track: boolean | null;
}

const DAY = 86_400_000;

function once<T>(made: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = made.get(key);
  if (!value) {
    value = make();
    made.set(key, value);
  }
  return value;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
}

/** The workspace's goals, by period. Parameters: $ws. */
const workspaceGoals = defineQuery("goals/list", goalSchema, {
  duckdb: `SELECT goal_id, goal, indicator, network, strftime(period_start, '%Y-%m-%d') AS period_start,
       strftime(period_end, '%Y-%m-%d') AS period_end, target FROM goals WHERE workspace_id = $ws ORDER BY period_start, goal, indicator`,
});

/** Progress, pace and projection of every goal at a date (today by default). */
export async function computeGoals(
  store: Store,
  workspace: Workspace,
  options: { at?: string } = {},
): Promise<GoalProgress[]> {
  const at = options.at ?? new Date().toISOString().slice(0, 10);
  const goals = await runQuery(store, workspaceGoals, { ws: workspace.id });
  // Goals usually share a period, and often a network: each period's figures are computed once,
  // and each network's indicators once.
  const figures = new Map<string, Promise<PeriodFigures>>();
  const indicators = new Map<string, Promise<Record<string, number | null>>>();
  const valuesFor = (from: string, to: string, network: string | null) =>
    once(indicators, `${from}|${to}|${network ?? ""}`, async () =>
      indicatorValues(
        store,
        workspace,
        { from, to },
        network,
        await once(figures, `${from}|${to}`, () => periodFigures(store, workspace, { from, to })),
      ),
    );
  const results: GoalProgress[] = [];
  for (const goal of goals) {
    const end = [at, goal.period_end].sort()[0] ?? at;
    const total = daysBetween(goal.period_start, goal.period_end);
    const elapsed = at < goal.period_start ? 0 : Math.min(daysBetween(goal.period_start, end), total);
    const kind = ownValue(INDICATOR_KINDS, goal.indicator);
    const values = elapsed > 0 ? await valuesFor(goal.period_start, end, goal.network) : undefined;
    const actual = values ? (ownValue(values, goal.indicator) ?? null) : null;
    const projection =
      actual === null || !kind ? actual : kind.accumulates ? (actual / elapsed) * total : actual;
    const progress =
      actual === null || !kind
        ? null
        : kind.lowerIsBetter
          ? actual === 0
            ? null
            : goal.target / actual
          : goal.target === 0
            ? null
            : actual / goal.target;
    const onTrack =
      projection === null || !kind
        ? null
        : kind.lowerIsBetter
          ? projection <= goal.target
          : projection >= goal.target;
    results.push({
      ...goal,
      goal_label: goalLabel(goal.goal, workspace.locale),
      actual,
      progress,
      expected_progress: elapsed / total,
      projection,
      on_track: onTrack,
    });
  }
  return results;
}
