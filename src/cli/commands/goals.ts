import { Command } from "commander";
import { computeGoals, type GoalProgress } from "../../goals/compute-goals.js";
import { formatTable } from "../print-table.js";
import {
  type DbOptions,
  parseDateOption,
  printJson,
  withWorkspace,
  workspaceOption,
} from "../run-command.js";

export function goalsCommand(): Command {
  return new Command("goals")
    .description("each goal with its indicator, actual, target, progress, pace and projection")
    .option("--at <date>", "date to measure at, YYYY-MM-DD (default: today)")
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: DbOptions & { at?: string }) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const at = options.at ? parseDateOption(options.at, "at") : undefined;
        const goals = await computeGoals(store, workspace, { at });
        if (options.json) {
          printJson({ goals });
          return;
        }
        const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
        process.stdout.write(
          `${formatTable<GoalProgress>(goals, [
            { header: "goal", value: (g) => g.goal_label },
            { header: "indicator", value: (g) => g.indicator },
            { header: "network", value: (g) => g.network ?? "all" },
            { header: "period", value: (g) => `${g.period_start} – ${g.period_end}` },
            { header: "target", value: (g) => g.target },
            { header: "actual", value: (g) => g.actual },
            { header: "progress %", value: (g) => pct(g.progress) },
            { header: "expected %", value: (g) => pct(g.expected_progress) },
            { header: "projection", value: (g) => g.projection },
            { header: "on track", value: (g) => (g.on_track === null ? "n/a" : g.on_track ? "yes" : "no") },
          ])}\n`,
        );
      });
    });
}
