import type { Command } from "commander";
import type { Workspace } from "../domain/workspace.js";
import { dataPeriod, type Period } from "../period/data-period.js";
import type { Store } from "../store/store.js";
import { parseDateOption, UserError } from "./run-command.js";

export function addPeriodOptions(command: Command): Command {
  return command
    .option("--from <date>", "first day, YYYY-MM-DD (default: first day with data)")
    .option("--to <date>", "last day, YYYY-MM-DD (default: last day with data)");
}

/** The period a command was asked for, filled in from the data when a bound is missing. */
export async function periodFromOptions(
  store: Store,
  workspace: Workspace,
  options: { from?: string; to?: string },
): Promise<Period> {
  const known = await dataPeriod(store, workspace);
  const period = {
    from: options.from ? parseDateOption(options.from, "from") : known.from,
    to: options.to ? parseDateOption(options.to, "to") : known.to,
  };
  if (period.from > period.to) throw new UserError(`--from ${period.from} is after --to ${period.to}`);
  return period;
}
