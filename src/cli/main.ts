#!/usr/bin/env node
import { Command } from "commander";
import { importCommand } from "./commands/import.js";
import { initCommand } from "./commands/init.js";
import { roiCommand } from "./commands/roi.js";
import { serveCommand } from "./commands/serve.js";

const program = new Command("socialroi")
  .description(
    "socialroi proves what social media earns: imports, tracking, full cost, value, attribution and reports",
  )
  .version("0.1.0")
  .showHelpAfterError();

program.addCommand(initCommand());
program.addCommand(importCommand());
program.addCommand(roiCommand());
program.addCommand(serveCommand());

await program.parseAsync(process.argv);
