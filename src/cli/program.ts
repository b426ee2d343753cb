import { Command, CommanderError } from "commander";
import { setExitCode } from "./command-scope.js";
import { storeAttributionCommand } from "./commands/attribution-store.js";
import { costsCommand } from "./commands/costs.js";
import { demoCommand, startCommand } from "./commands/demo.js";
import { funnelCommand } from "./commands/funnel.js";
import { goalsCommand } from "./commands/goals.js";
import { importCommand } from "./commands/import.js";
import { initCommand } from "./commands/init.js";
import { insightsCommand } from "./commands/insights.js";
import { linkCommand } from "./commands/link.js";
import { memberCommand } from "./commands/member.js";
import { mentionsCommand } from "./commands/mentions.js";
import { metricsCommand } from "./commands/metrics.js";
import { migrateCommand } from "./commands/migrate.js";
import { mmmCommand } from "./commands/mmm.js";
import { reportCommand } from "./commands/report.js";
import { roiCommand } from "./commands/roi.js";
import { scheduleCommand } from "./commands/schedule.js";
import { serveCommand } from "./commands/serve.js";
import { tokenCommand } from "./commands/token.js";
import { userCommand } from "./commands/user.js";
import { workspaceCommand } from "./commands/workspace.js";
import { fail, UserError } from "./run-command.js";

/** Commands that open the database themselves, and those that serve it: a server cannot run them for another process. */
const HOLD_THE_DATABASE = new Set(["serve", "start", "demo"]);

/** The name of the command line's command (`link`, not `list`, for `socialroi link list`). */
export function commandName(command: Command): string {
  let top = command;
  while (top.parent?.parent) top = top.parent;
  return top.name();
}

export function holdsTheDatabase(command: Command): boolean {
  return HOLD_THE_DATABASE.has(commandName(command));
}

export function buildProgram(): Command {
  const program = new Command("socialroi")
    .description(
      "socialroi proves what social media earns: imports, tracking, full cost, value, attribution and reports",
    )
    .version("0.1.0")
    // Each command's options are its own: `mmm lift add --db x` gives --db to add, not to mmm.
    .enablePositionalOptions()
    .showHelpAfterError();

  program.addCommand(initCommand());
  program.addCommand(migrateCommand());
  program.addCommand(demoCommand());
  program.addCommand(importCommand());
  program.addCommand(roiCommand());
  program.addCommand(funnelCommand());
  program.addCommand(storeAttributionCommand());
  program.addCommand(costsCommand());
  program.addCommand(goalsCommand());
  program.addCommand(insightsCommand());
  program.addCommand(metricsCommand());
  program.addCommand(mentionsCommand());
  program.addCommand(mmmCommand());
  program.addCommand(reportCommand());
  program.addCommand(scheduleCommand());
  program.addCommand(serveCommand(runCommandLine));
  program.addCommand(linkCommand());
  program.addCommand(tokenCommand());
  program.addCommand(workspaceCommand());
  program.addCommand(userCommand());
  program.addCommand(memberCommand());
  program.addCommand(startCommand(runCommandLine));
  return program;
}

function withSubcommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(withSubcommands)];
}

/**
 * Runs a command line another process gave `serve`, in this process: commander's exits (help,
 * usage errors) become the command's exit code instead of ending the server.
 */
async function runCommandLine(argv: string[]): Promise<void> {
  const program = buildProgram();
  for (const command of withSubcommands(program)) command.exitOverride();
  program.hook("preAction", (_program, command) => {
    if (holdsTheDatabase(command))
      throw new UserError(`socialroi ${commandName(command)} cannot run inside socialroi serve`);
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) setExitCode(error.exitCode);
    else fail(error);
  }
}
