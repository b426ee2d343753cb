import { Command } from "commander";
import { costsByCategory } from "../../costs/cost-breakdown.js";
import { addPeriodOptions, periodFromOptions } from "../period-options.js";
import { formatTable } from "../print-table.js";
import { type DbOptions, printJson, withWorkspace, workspaceOption } from "../run-command.js";

export function costsCommand(): Command {
  return addPeriodOptions(
    new Command("costs").description("the full cost of social media per category, in the reporting currency"),
  )
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: DbOptions & { from?: string; to?: string }) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const period = await periodFromOptions(store, workspace, options);
        const categories = await costsByCategory(store, workspace, period);
        const total = categories.reduce((sum, c) => sum + c.amount, 0);
        if (options.json) {
          printJson({
            ...period,
            currency: workspace.currency,
            allocation_rule: workspace.allocation_rule,
            categories,
            total,
          });
          return;
        }
        process.stdout.write(
          `Costs ${period.from} – ${period.to} in ${workspace.currency} (shared costs allocated by: ${workspace.allocation_rule})\n` +
            `${formatTable(
              [...categories, { category: "total", amount: total }],
              [
                { header: "category", value: (c) => c.category },
                { header: "amount", value: (c) => Math.round(c.amount * 100) / 100 },
              ],
            )}\n`,
        );
      });
    });
}
