import { Command, Option } from "commander";
import { LOCALES, type Locale } from "../../domain/workspace.js";
import { METRICS } from "../../metrics/catalogue.js";
import { printJson } from "../run-command.js";

export function metricsCommand(): Command {
  return new Command("metrics")
    .description("the metrics catalogue: every indicator's formula and plain-language definition")
    .addOption(new Option("--lang <locale>", "language").choices(LOCALES).default("en"))
    .option("--json", "print JSON")
    .action((options: { lang: Locale; json?: boolean }) => {
      if (options.json) {
        printJson({ metrics: METRICS });
        return;
      }
      for (const m of METRICS) {
        process.stdout.write(
          `${m.name[options.lang]} (${m.id})\n  ${m.formula[options.lang]}\n  ${m.definition[options.lang]}\n  from ${m.source}\n`,
        );
      }
    });
}
