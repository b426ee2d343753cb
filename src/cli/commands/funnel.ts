import { Command } from "commander";
import { computeFunnel, type FunnelRow } from "../../roi/compute-funnel.js";
import { addPeriodOptions, periodFromOptions } from "../period-options.js";
import { formatTable } from "../print-table.js";
import { type DbOptions, printJson, withWorkspace, workspaceOption } from "../run-command.js";

export function funnelCommand(): Command {
  return addPeriodOptions(
    new Command("funnel").description(
      "reach → traffic → leads → customers per network, with step conversion rates",
    ),
  )
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: DbOptions & { from?: string; to?: string }) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const period = await periodFromOptions(store, workspace, options);
        const funnel = await computeFunnel(store, workspace, period);
        if (options.json) {
          printJson({ ...period, ...funnel });
          return;
        }
        const pct = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 100);
        process.stdout.write(
          `Funnel ${period.from} – ${period.to} (traffic = ${funnel.traffic_basis === "sessions" ? "web sessions from the network" : "link clicks on posts, no web analytics imported"})\n` +
            `${formatTable<FunnelRow>(
              [...funnel.rows, funnel.total],
              [
                { header: "network", value: (r) => r.network },
                { header: "reach", value: (r) => r.reach },
                { header: "traffic", value: (r) => r.traffic },
                { header: "% of reach", value: (r) => pct(r.traffic_rate) },
                { header: "leads", value: (r) => r.leads },
                { header: "% of traffic", value: (r) => pct(r.lead_rate) },
                { header: "customers", value: (r) => r.customers },
                { header: "% of leads", value: (r) => pct(r.customer_rate) },
                { header: "share of traffic %", value: (r) => pct(r.share_of_traffic) },
              ],
            )}\n`,
        );
      });
    });
}
