import { Command, Option } from "commander";
import { LOCALES, type Locale } from "../../domain/workspace.js";
import { bestTimes } from "../../insights/best-times.js";
import { customerCare } from "../../insights/customer-care.js";
import { earnedMediaValue } from "../../insights/earned-media.js";
import { computeInsights } from "../../insights/insights.js";
import { INSIGHT_METRICS, type InsightMetric } from "../../insights/post-metrics.js";
import {
  adoptValueEstimate,
  ESTIMATED_OUTCOMES,
  type EstimatedOutcome,
  valueEstimates,
} from "../../insights/value-estimates.js";
import { addPeriodOptions, periodFromOptions } from "../period-options.js";
import { formatTable } from "../print-table.js";
import {
  type CommandContext,
  type DbOptions,
  printJson,
  UserError,
  withWorkspace,
  workspaceOption,
} from "../run-command.js";

interface InsightOptions extends DbOptions {
  from?: string;
  to?: string;
  metric: InsightMetric;
  lang?: Locale;
}

function driversCommand(command: Command): Command {
  return addPeriodOptions(command)
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .addOption(
      new Option("--metric <metric>", "metric posts are compared on")
        .choices(INSIGHT_METRICS)
        .default("engagement_rate"),
    )
    .addOption(
      new Option("--lang <lang>", "language of the sentences (default: the workspace's)").choices(LOCALES),
    )
    .action(async (options: InsightOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const period = await periodFromOptions(store, workspace, options);
        const insights = await computeInsights(store, workspace, period, options);
        if (options.json) {
          printJson(insights);
          return;
        }
        const table = formatTable(insights.drivers, [
          { header: "trait", value: (d) => `${d.feature} = ${d.value}` },
          { header: "lift", value: (d) => d.lift },
          { header: "95% low", value: (d) => d.ci_low },
          { header: "95% high", value: (d) => d.ci_high },
          { header: "posts", value: (d) => d.n },
          { header: "significant", value: (d) => (d.significant ? "yes" : "no") },
        ]);
        process.stdout.write(
          `${insights.metric} (${insights.formula}), ${insights.from} – ${insights.to}, ${insights.posts} posts\n\n` +
            `${insights.sentences.join("\n")}\n\n${table}\n\n${insights.method}.\n`,
        );
      });
    });
}

/**
 * A subcommand of `insights`: the period, --workspace, --db, --json and --metric are the parent's options, which
 * commander parses wherever they appear on the line, so each subcommand reads them from there.
 */
function subcommand(name: string, description: string): Command {
  return new Command(name).description(description).configureHelp({ showGlobalOptions: true });
}

function valueCommand(): Command {
  return subcommand(
    "value",
    "value per link click, lead and engaged user estimated from your own conversions",
  )
    .addOption(
      new Option("--adopt <outcome>", "write this estimate as a value rule valid from today").choices(
        ESTIMATED_OUTCOMES,
      ),
    )
    .action(async (_: unknown, command: Command) => {
      const options = command.optsWithGlobals<InsightOptions & { adopt?: EstimatedOutcome }>();
      await withWorkspace(options, async ({ store, workspace }) => {
        const period = await periodFromOptions(store, workspace, options);
        const proposals = await valueEstimates(store, workspace, period);
        const adopted = proposals.find((p) => p.outcome === options.adopt);
        if (adopted?.unit_value === null) {
          throw new UserError(
            `not enough data to estimate a value per ${adopted.outcome}: ${adopted.conversions} conversions from ${adopted.trials} (${adopted.source})`,
          );
        }
        const rule = adopted ? await adoptValueEstimate(store, workspace, adopted) : undefined;
        if (options.json) {
          printJson({ ...period, proposals, ...(rule ? { adopted: rule } : {}) });
          return;
        }
        const table = formatTable(proposals, [
          { header: "outcome", value: (p) => p.outcome },
          { header: `estimate ${workspace.currency}`, value: (p) => p.unit_value },
          { header: "95% low", value: (p) => p.ci_low },
          { header: "95% high", value: (p) => p.ci_high },
          { header: "conversions", value: (p) => p.conversions },
          { header: "out of", value: (p) => p.trials },
          { header: "rule in use", value: (p) => p.current_rule?.unit_value },
        ]);
        process.stdout.write(
          `${table}\n\nestimate = conversion rate × average order value; 95% interval by the delta method; n/a = fewer than 5 conversions.\n` +
            (rule
              ? `Adopted: ${rule.outcome} = ${rule.unit_value} ${rule.currency} from ${rule.valid_from} (${rule.rule_id}).\n`
              : ""),
        );
      });
    });
}

/** A subcommand that prints one JSON-able result, shown as JSON either way: its shape is its explanation. */
function jsonSubcommand<T>(
  name: string,
  description: string,
  compute: (
    ctx: CommandContext,
    period: { from: string; to: string },
    options: InsightOptions & { network?: string },
  ) => Promise<T>,
  extra: (command: Command) => Command = (c) => c,
): Command {
  return extra(subcommand(name, description)).action(async (_: unknown, command: Command) => {
    const options = command.optsWithGlobals<InsightOptions & { network?: string }>();
    await withWorkspace(options, async (ctx) => {
      const period = await periodFromOptions(ctx.store, ctx.workspace, options);
      printJson({ ...period, ...(await compute(ctx, period, options)) });
    });
  });
}

export function insightsCommand(): Command {
  const command = driversCommand(
    new Command("insights").description(
      "what distinguishes posts that do well: drivers with 95% intervals, top and bottom posts, best times, value estimates",
    ),
  );
  command.addCommand(
    jsonSubcommand(
      "best-times",
      "best day × hour slots per network, with the posts behind each",
      ({ store, workspace }, period, options) => bestTimes(store, workspace, period, options.metric),
    ),
  );
  command.addCommand(valueCommand());
  command.addCommand(
    jsonSubcommand(
      "emv",
      "earned media value of organic posts at the equivalent CPC and CPM",
      ({ store, workspace }, period) => earnedMediaValue(store, workspace, period),
    ),
  );
  command.addCommand(
    jsonSubcommand(
      "care",
      "mentions: sentiment, response time and share answered",
      ({ store, workspace }, period, options) => customerCare(store, workspace, period, options.network),
      (c) => c.option("--network <network>", "only this network"),
    ),
  );
  return command;
}
