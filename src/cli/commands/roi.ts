import { Command, InvalidArgumentError, Option } from "commander";
import { MODEL_NAMES, type ModelName } from "../../attribution/types.js";
import { ALLOCATION_RULES, type AllocationRule } from "../../domain/workspace.js";
import { computeRoi } from "../../roi/compute-roi.js";
import { ROI_LEVELS, type RoiLevel, type RoiRow } from "../../roi/roi-query.js";
import { addPeriodOptions, periodFromOptions } from "../period-options.js";
import { formatTable } from "../print-table.js";
import { type DbOptions, printJson, withWorkspace, workspaceOption } from "../run-command.js";

interface RoiOptions extends DbOptions {
  model?: ModelName;
  lookback: number;
  from?: string;
  to?: string;
  by: RoiLevel;
  allocation?: AllocationRule;
}

export function roiCommand(): Command {
  return addPeriodOptions(
    new Command("roi").description(
      "return on investment per network, campaign, month or post: revenue ROI and total ROI",
    ),
  )
    .addOption(new Option("--by <level>", "rows per").choices(ROI_LEVELS).default("network"))
    .addOption(
      new Option(
        "--allocation <rule>",
        "how shared costs are allocated (default: the workspace's rule)",
      ).choices(ALLOCATION_RULES),
    )
    .addOption(
      new Option(
        "--model <name>",
        "credit sales through customer journeys with this attribution model",
      ).choices(MODEL_NAMES),
    )
    .option("--lookback <days>", "attribution lookback window in days", (v) => positiveDays(v), 30)
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: RoiOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const period = await periodFromOptions(store, workspace, options);
        const report = await computeRoi(store, workspace, period, options.by, options.allocation, {
          model: options.model,
          lookbackDays: options.lookback,
        });
        if (options.json) {
          printJson(report);
          return;
        }
        const money = (v: number) => Math.round(v * 100) / 100;
        const table = formatTable<RoiRow>(
          [...report.rows, report.total],
          [
            { header: options.by, value: (r) => r.key },
            { header: `cost ${report.currency}`, value: (r) => money(r.cost) },
            { header: "revenue", value: (r) => money(r.revenue) },
            { header: "assigned value", value: (r) => money(r.assigned_value) },
            { header: "revenue ROI", value: (r) => r.revenue_roi },
            { header: "total ROI", value: (r) => r.total_roi },
            { header: "ROAS", value: (r) => r.roas },
            { header: "leads", value: (r) => r.leads },
            { header: "customers", value: (r) => r.customers },
            { header: "clicks", value: (r) => r.clicks },
            { header: "impressions", value: (r) => r.impressions },
          ],
        );
        process.stdout.write(
          `ROI ${report.from} – ${report.to}, amounts in ${report.currency}\n${table}\n\n` +
            "revenue ROI = (revenue − cost) ÷ cost; total ROI = (revenue + assigned value − cost) ÷ cost; ROAS = revenue ÷ ad spend; n/a = no cost to divide by.\n" +
            `${report.allocation_note}\n${report.revenue_attribution ? `${report.revenue_attribution.note}\n` : ""}${report.metrics_basis}\n`,
        );
      });
    });
}

function positiveDays(value: string): number {
  const days = Number(value);
  if (!Number.isFinite(days) || days <= 0)
    throw new InvalidArgumentError("expected a number of days above 0");
  return days;
}
