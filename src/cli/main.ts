#!/usr/bin/env node
import { Command } from "commander";
import { costsCommand } from "./commands/costs.js";
import { demoCommand, startCommand } from "./commands/demo.js";
import { funnelCommand } from "./commands/funnel.js";
import { goalsCommand } from "./commands/goals.js";
import { importCommand } from "./commands/import.js";
import { initCommand } from "./commands/init.js";
import { metricsCommand } from "./commands/metrics.js";
import { roiCommand } from "./commands/roi.js";
import { serveCommand } from "./commands/serve.js";

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
program.addCommand(costsCommand());
program.addCommand(goalsCommand());
program.addCommand(metricsCommand());
program.addCommand(serveCommand());
program.addCommand(startCommand());

await program.parseAsync(process.argv);
