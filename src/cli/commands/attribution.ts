import { Command } from "commander";
import type { AggregatedPaths } from "../../attribution/aggregate.js";
import { modelLabel } from "../../attribution/compare.js";
import { type AttributionReport, computeAttribution } from "../../attribution/index.js";
import { MAX_MARKOV_ORDER } from "../../attribution/markov.js";
import { type FileReadOptions, readEventLog, readPathTable } from "../../attribution/read.js";
import { AttributionInputError, isModelName, MODEL_NAMES, type ModelName } from "../../attribution/types.js";
import { dayProblem } from "../../domain/input-bounds.js";
import { LOCALES, type Locale } from "../../domain/workspace.js";
import { openStore } from "../../store/open-store.js";
import { setExitCode } from "../command-scope.js";
import { UserError } from "../run-command.js";

/** The unique paths of the workspace's journeys in a period, as the store groups them. */
export type LoadPathsFromStore = (opts: {
  from: string;
  to: string;
  lookbackDays: number;
  halfLifeDays: number;
  level: string;
}) => Promise<AggregatedPaths>;

interface AttributionCliOptions {
  paths?: string;
  events?: string;
  from?: string;
  to?: string;
  model?: string[];
  order: string;
  lookback: string;
  halfLife: string;
  level: string;
  exclude?: string[];
  matrix?: boolean;
  json?: boolean;
  lang: string;
}

/** A mistake in the command line itself, reported without a stack trace like bad input files. */
class AttributionUsageError extends Error {
  override name = "AttributionUsageError";
}

const LEVELS = ["network", "channel_group", "campaign"] as const;

function positiveNumber(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new AttributionUsageError(`${option}: expected a positive number of days, got "${text}"`);
  }
  return value;
}

function isoDate(text: string | undefined, option: string): string {
  const day = text ?? "";
  const problem = dayProblem(day);
  if (problem) throw new AttributionUsageError(`${option}: ${problem}`);
  return day;
}

function parseModels(names: readonly string[] | undefined): ModelName[] {
  const requested = (names ?? []).flatMap((name) => name.split(",")).map((name) => name.trim());
  for (const name of requested) {
    if (!isModelName(name)) {
      throw new AttributionUsageError(`unknown model "${name}": expected one of ${MODEL_NAMES.join(", ")}`);
    }
  }
  return requested as ModelName[];
}

function parseOrder(text: string): number | "auto" {
  if (text === "auto") return "auto";
  const order = Number(text);
  if (!Number.isInteger(order) || order < 1 || order > MAX_MARKOV_ORDER) {
    throw new AttributionUsageError(`--order: expected 1 to ${MAX_MARKOV_ORDER} or auto, got "${text}"`);
  }
  return order;
}

/** Reads a path table or an event log in an in-memory database of its own: DuckDB reads the file. */
async function readFile(
  paths: string | undefined,
  events: string | undefined,
  options: FileReadOptions,
): Promise<AggregatedPaths> {
  const store = await openStore(":memory:");
  try {
    return paths !== undefined
      ? await readPathTable(store, paths, options)
      : await readEventLog(store, events!, options);
  } finally {
    await store.close();
  }
}

/** The work behind the command, separate from printing so it can be tested directly. */
async function runAttribution(
  options: AttributionCliOptions,
  loadPathsFromStore: LoadPathsFromStore,
): Promise<AttributionReport> {
  const sources = [options.paths, options.events, options.from ?? options.to].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw new AttributionUsageError(
      "give exactly one of --paths FILE, --events FILE or --from DATE --to DATE",
    );
  }
  if (!(LOCALES as readonly string[]).includes(options.lang)) {
    throw new AttributionUsageError(`--lang: expected one of ${LOCALES.join(", ")}, got "${options.lang}"`);
  }
  if (!(LEVELS as readonly string[]).includes(options.level)) {
    throw new AttributionUsageError(`--level: expected one of ${LEVELS.join(", ")}, got "${options.level}"`);
  }
  const models = parseModels(options.model);
  const markovOrder = parseOrder(options.order);
  const lookbackDays = positiveNumber(options.lookback, "--lookback");
  const halfLifeDays = positiveNumber(options.halfLife, "--half-life");
  const readOptions = { lookbackDays, halfLifeDays, exclude: options.exclude ?? [] };

  const aggregated =
    options.paths !== undefined || options.events !== undefined
      ? await readFile(options.paths, options.events, readOptions)
      : await loadPathsFromStore({
          from: isoDate(options.from, "--from"),
          to: isoDate(options.to, "--to"),
          lookbackDays,
          halfLifeDays,
          level: options.level,
        });
  return computeAttribution(aggregated, {
    models,
    markovOrder,
    includeMatrix: options.matrix ?? false,
    lang: options.lang as Locale,
  });
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
      .join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

function formatReport(report: AttributionReport): string {
  const labels = report.models.map(modelLabel);
  const channels = report.comparison.map((entry) => entry.channel);
  const creditTable = (field: "conversions" | "value") =>
    table(
      ["channel", ...labels],
      channels.map((channel) => [
        channel,
        ...report.models.map((model) => {
          const credit = model.channels.find((c) => c.channel === channel)?.[field] ?? 0;
          return credit.toFixed(2);
        }),
      ]),
    );
  const { totals } = report;
  const sections = [
    `${totals.conversions} conversions, value ${totals.value.toFixed(2)}, ${totals.nulls} journeys without conversion, ${totals.unique_paths} unique paths`,
    `Conversions credited\n${creditTable("conversions")}`,
    `Value credited\n${creditTable("value")}`,
  ];
  if (totals.unattributed_conversions > 0) {
    sections.push(
      `${totals.unattributed_conversions} conversions (value ${totals.unattributed_value.toFixed(2)}) had no touch left after the lookback window and exclusions and are not credited.`,
    );
  }
  for (const model of report.models) {
    if (model.model === "markov") {
      sections.push(
        `Markov order ${model.order} removal effects\n${table(
          ["channel", "conversions", "value"],
          model.channels.map((c) => [
            c.channel,
            (c.removal_effect ?? 0).toFixed(4),
            (c.removal_effect_value ?? 0).toFixed(4),
          ]),
        )}`,
      );
    }
    if (model.note) sections.push(`${model.model}: ${model.note}`);
  }
  if (report.markov_order_choice) {
    const { order, candidates } = report.markov_order_choice;
    sections.push(
      `Markov order chosen by penalised AUC: ${order} (${candidates
        .map((c) => `order ${c.order}: AUC ${c.auc.toFixed(4)}, penalised ${c.penalised_auc.toFixed(4)}`)
        .join("; ")})`,
    );
  }
  sections.push(report.comparison.map((entry) => entry.sentence).join("\n"));
  return `${sections.join("\n\n")}\n`;
}

export function attributionCommand(loadPathsFromStore: LoadPathsFromStore): Command {
  return (
    new Command("attribution")
      .description("credit conversions and value to channels under every attribution model, side by side")
      .option("--paths <file>", "path table (path;total_conversions;total_conversion_value;total_null)")
      .option("--events <file>", "event log (customer_id,time,…,channel with conversion and value columns)")
      .option("--from <date>", "start of the period read from the workspace")
      .option("--to <date>", "end of the period read from the workspace")
      .option("--model <name...>", `models to compute, all when none is named: ${MODEL_NAMES.join(", ")}`)
      .option("--order <k>", `Markov order 1-${MAX_MARKOV_ORDER}, or auto (penalised AUC)`, "1")
      .option("--lookback <days>", "drop touches more than this many days before the conversion", "30")
      .option("--half-life <days>", "time-decay half-life in days", "7")
      .option("--level <level>", `channel level: ${LEVELS.join(", ")}`, "network")
      .option("--exclude <channel...>", "channels to drop (e.g. direct stripe paypal)")
      .option("--matrix", "include the Markov transition matrix (JSON)")
      .option("--json", "print JSON")
      .option("--lang <lang>", `language of the comparison sentences: ${LOCALES.join(", ")}`, "en")
      // Output goes through commander's configurable writers so callers and tests can redirect it.
      .action(async (options: AttributionCliOptions, command: Command) => {
        const output = command.configureOutput();
        try {
          const report = await runAttribution(options, loadPathsFromStore);
          output.writeOut!(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        } catch (error) {
          const known =
            error instanceof AttributionInputError ||
            error instanceof AttributionUsageError ||
            error instanceof UserError;
          output.writeErr!(
            `socialroi attribution: ${known ? "" : "unexpected error: "}${(error as Error).message}\n`,
          );
          setExitCode(1);
        }
      })
  );
}
