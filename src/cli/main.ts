#!/usr/bin/env node
import "../harden-process.js";
import { Command } from "commander";
import { storeAttributionCommand } from "./commands/attribution-store.js";
import { costsCommand } from "./commands/costs.js";
import { demoCommand, startCommand } from "./commands/demo.js";
import { funnelCommand } from "./commands/funnel.js";
import { goalsCommand } from "./commands/goals.js";
import { importCommand } from "./commands/import.js";
import { initCommand } from "./commands/init.js";
import { insightsCommand } from "./commands/insights.js";
import { linkCommand } from "./commands/link.js";
import { metricsCommand } from "./commands/metrics.js";
import { reportCommand } from "./commands/report.js";
import { roiCommand } from "./commands/roi.js";
import { scheduleCommand } from "./commands/schedule.js";
import { serveCommand } from "./commands/serve.js";
import { tokenCommand } from "./commands/token.js";
import { workspaceCommand } from "./commands/workspace.js";

const program = new Command("socialroi")
  .description(
    "socialroi proves what social media earns: imports, tracking, full cost, value, attribution and reports",
  )
  .version("0.1.0")
  .showHelpAfterError();

program.addCommand(initCommand());
program.addCommand(demoCommand());
program.addCommand(importCommand());
program.addCommand(roiCommand());
program.addCommand(funnelCommand());
program.addCommand(storeAttributionCommand());
program.addCommand(costsCommand());
program.addCommand(goalsCommand());
program.addCommand(insightsCommand());
program.addCommand(metricsCommand());
program.addCommand(reportCommand());
program.addCommand(scheduleCommand());
program.addCommand(serveCommand());
program.addCommand(linkCommand());
program.addCommand(tokenCommand());
program.addCommand(workspaceCommand());
program.addCommand(startCommand());

await program.parseAsync(process.argv);
