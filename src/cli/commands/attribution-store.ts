import type { Command } from "commander";
import { loadStorePaths } from "../../attribution/store-paths.js";
import { DEFAULT_DB_PATH, openStore } from "../../store/open-store.js";
import { commandEnvironment } from "../command-scope.js";
import { chosenWorkspace, workspaceOption } from "../run-command.js";
import { attributionCommand } from "./attribution.js";

/** `socialroi attribution` reading journeys (imported touchpoints, tracked clicks, sales) from the workspace. */
export function storeAttributionCommand(): Command {
  const command: Command = attributionCommand(async ({ from, to, lookbackDays, halfLifeDays, level }) => {
    const store = await openStore(command.opts().db ?? DEFAULT_DB_PATH, commandEnvironment());
    try {
      const workspace = await chosenWorkspace(store, command.opts().workspace);
      const paths = await loadStorePaths(
        store,
        workspace,
        { from, to },
        {
          lookbackDays,
          halfLifeDays,
          level: level as "network" | "campaign" | "channel_group",
          sales: "all",
        },
      );
      return paths.revenue;
    } finally {
      await store.close();
    }
  });
  return command
    .addOption(workspaceOption())
    .option("--db <path>", "database file (with --from/--to)", DEFAULT_DB_PATH);
}
