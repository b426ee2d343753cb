import { Command } from "commander";
import { liftTestInputSchema, type StoredLiftTest } from "../../api/mmm.js";
import { normalizeNetwork } from "../../domain/network.js";
import { LOCALES, type Locale } from "../../domain/workspace.js";
import { readTableFile, TableFileError } from "../../ingest/read-table-file.js";
import { addLiftTest, LiftTestChannelError } from "../../mmm/add-lift-test.js";
import {
  calibrationJson,
  channelsJson,
  estimateFields,
  fitDiagnosticsJson,
  moveJson,
  planJson,
} from "../../mmm/fit-json.js";
import { type Calibration, type Estimate, fitMmm, type MmmFit } from "../../mmm/fit-model.js";
import { type LiftTest, LiftTestError, liftTestsFromTable } from "../../mmm/lift-tests.js";
import { liftTestsForSeries, listLiftTests } from "../../mmm/list-lift-tests.js";
import { type MmmNote, modelNotes } from "../../mmm/model-notes.js";
import {
  type BudgetPlan,
  BudgetPlanError,
  currentSpend,
  type MoveOutcome,
  moveGain,
  planBudget,
} from "../../mmm/plan-budget.js";
import { type FileTable, MmmFileError, seriesFromTable } from "../../mmm/read-series.js";
import { removeLiftTest } from "../../mmm/remove-lift-test.js";
import { MmmDataError, type MmmSeries } from "../../mmm/series.js";
import { readStoreSeries, type StoreCadence } from "../../mmm/store-series.js";
import { mmmParagraph } from "../../reports/mmm-paragraph.js";
import { addPeriodOptions, periodFromOptions } from "../period-options.js";
import { formatTable } from "../print-table.js";
import {
  type DbOptions,
  fail,
  printJson,
  UserError,
  withWorkspace,
  workspaceOption,
} from "../run-command.js";

interface MmmCliOptions extends DbOptions {
  series?: string;
  from?: string;
  to?: string;
  cadence?: string;
  kpi?: string;
  lift?: string;
  fullCost?: boolean;
  locale?: string;
  seed: string;
  plan?: boolean;
  budget?: string;
  maxChange: string;
  move?: string;
  moveFrom?: string;
  moveTo?: string;
  json?: boolean;
}

function toJson(
  kpi: string,
  fit: MmmFit,
  notes: MmmNote[],
  plan: BudgetPlan | undefined,
  move: MoveOutcome | undefined,
) {
  return {
    kpi,
    interval: fit.interval,
    cadence: fit.cadence,
    periods: fit.periods,
    from: fit.firstDate,
    to: fit.lastDate,
    channels: channelsJson(fit),
    ...estimateFields("baseline_share", fit.baselineShare),
    fit: fitDiagnosticsJson(fit),
    sampler: fit.sampler,
    notes,
    ...(fit.calibration ? { calibration: calibrationJson(fit.calibration) } : {}),
    ...(plan ? { budget_plan: planJson(plan) } : {}),
    ...(move ? { move: moveJson(move) } : {}),
  };
}

const range = (value: Estimate, digits: number, point: "median" | "mean" = "median") =>
  `${value[point].toFixed(digits)} (${value.low.toFixed(digits)}–${value.high.toFixed(digits)})`;

function formatFit(kpi: string, fit: MmmFit): string {
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  return [
    `Marketing mix model of ${kpi}, ${fit.periods} ${fit.cadence === "daily" ? "days" : "weeks"} from ${fit.firstDate} to ${fit.lastDate}; ${fit.interval * 100}% intervals in brackets.`,
    "",
    formatTable(fit.channels, [
      { header: "channel", value: (c) => c.channel },
      { header: "spend", value: (c) => c.spend },
      { header: `${kpi} added`, value: (c) => range(c.contribution, 0) },
      { header: "ROI", value: (c) => range(c.roi, 2) },
      { header: "marginal ROI", value: (c) => range(c.marginalRoi, 2) },
      { header: "half-life (days)", value: (c) => range(c.halfLifeDays, 1) },
    ]),
    "",
    `Baseline (what no channel explains): ${percent(fit.baselineShare.median)} of ${kpi} (${percent(fit.baselineShare.low)}–${percent(fit.baselineShare.high)}).`,
    `Fit: R² ${fit.fit.r2.toFixed(3)}, MAPE ${percent(fit.fit.mape)}${fit.fit.holdoutMape === null ? "" : `, MAPE on the last ${fit.fit.holdoutPeriods} periods forecast without them ${percent(fit.fit.holdoutMape)}`}.`,
    "",
  ].join("\n");
}

function formatCalibration(kpi: string, calibration: Calibration): string {
  const amount = (value: Estimate) => range(value, 0);
  const narrowed = (before: Estimate, after: Estimate) =>
    `${(((after.high - after.low) / (before.high - before.low)) * 100).toFixed(0)}%`;
  const measured = (test: LiftTest) =>
    `${test.incremental.toFixed(0)} (${test.low.toFixed(0)}–${test.high.toFixed(0)})`;
  const disagreements = calibration.tests
    .filter((check) => check.disagrees)
    .map(
      (check) =>
        `The lift test of ${check.test.channel} from ${check.test.start} to ${check.test.end} measured ${measured(check.test)} ${kpi} where the data alone give ${amount(check.before)}: they disagree (${Math.abs(check.tension).toFixed(1)} standard errors apart). Check the test, and what else changed in that window; the estimates above lean on the test.`,
    );
  return [
    "Lift tests taken in: the channel's contribution over each test's window.",
    "",
    formatTable(calibration.tests, [
      { header: "channel", value: (c) => c.test.channel },
      { header: "window", value: (c) => `${c.test.start} – ${c.test.end}` },
      { header: "measured", value: (c) => measured(c.test) },
      { header: "data alone", value: (c) => amount(c.before) },
      { header: "with the tests", value: (c) => amount(c.after) },
      { header: "agree", value: (c) => (c.disagrees ? "no" : "yes") },
    ]),
    "",
    formatTable(calibration.channels, [
      { header: "channel", value: (c) => c.channel },
      { header: "ROI, data alone", value: (c) => range(c.roiBefore, 2) },
      { header: "ROI with the tests", value: (c) => range(c.roiAfter, 2) },
      { header: "interval width, % of before", value: (c) => narrowed(c.roiBefore, c.roiAfter) },
    ]),
    "",
    ...disagreements,
    ...(disagreements.length > 0 ? [""] : []),
  ].join("\n");
}

function formatPlan(kpi: string, plan: BudgetPlan): string {
  const per = plan.periodDays === 1 ? "day" : "week";
  const amount = (value: number) => Math.round(value).toLocaleString("en-US");
  const moves = plan.moves.map(
    (move) => `Move ${amount(move.amount)} per ${per} from ${move.from} to ${move.to}.`,
  );
  return [
    `Budget plan: ${amount(plan.budget)} per ${per} across the channels, each within its bounds.`,
    "",
    formatTable(plan.channels, [
      { header: "channel", value: (c) => c.channel },
      { header: `today per ${per}`, value: (c) => Math.round(c.current) },
      { header: "lowest", value: (c) => Math.round(c.lower) },
      { header: "highest", value: (c) => Math.round(c.upper) },
      { header: "planned", value: (c) => Math.round(c.planned) },
    ]),
    "",
    ...(moves.length > 0
      ? moves
      : ["Keep today's allocation: no move within the bounds is expected to earn more."]),
    `Expected ${kpi} from the channels: ${range(plan.currentKpi, 0, "mean")} per ${per} today, ${range(plan.plannedKpi, 0, "mean")} under the plan; gain ${range(plan.gain, 0, "mean")}.`,
    "",
  ].join("\n");
}

function formatMove(kpi: string, move: MoveOutcome): string {
  const per = move.periodDays === 1 ? "day" : "week";
  const amount = Math.round(move.amount).toLocaleString("en-US");
  return `What if ${amount} per ${per} moved from ${move.from} to ${move.to}: ${kpi} per ${per} would change by ${range(move.gain, 0, "mean")}, every other channel as today.\n`;
}

/** The what-if move of --move, --move-from and --move-to: all three or none. */
function moveOption(options: MmmCliOptions): { amount: number; from: string; to: string } | undefined {
  const { move, moveFrom: from, moveTo: to } = options;
  if (move === undefined && from === undefined && to === undefined) return undefined;
  if (move === undefined || from === undefined || to === undefined)
    throw new UserError("--move, --move-from and --move-to: a what-if move needs all three");
  return { amount: nonNegativeOption(move, "--move"), from, to };
}

/** A number option of at least 0. */
function nonNegativeOption(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UserError(`${option}: expected a number of at least 0, got "${text}"`);
  return value;
}

/** The same, or undefined when not given. */
function optionalNonNegativeOption(text: string | undefined, option: string): number | undefined {
  return text === undefined ? undefined : nonNegativeOption(text, option);
}

/**
 * A file read in its own dialect (a European spreadsheet's `;`, decimal commas, day-first dates)
 * and taken by the mix model; a file refused is told to the user, line by line.
 */
async function readFileInto<T>(file: string, take: (table: FileTable) => T): Promise<T> {
  try {
    return take(await readTableFile(file));
  } catch (error) {
    throw error instanceof MmmFileError || error instanceof TableFileError
      ? new UserError(error.message)
      : error;
  }
}

const CADENCES: readonly StoreCadence[] = ["day", "week"];

function localeOption(text: string | undefined, fallback: Locale): Locale {
  if (text === undefined) return fallback;
  if (!LOCALES.includes(text as Locale))
    throw new UserError(`--locale: expected ${LOCALES.join(", ")}, got "${text}"`);
  return text as Locale;
}

function cadenceOption(text: string | undefined): StoreCadence {
  const cadence = (text ?? "day") as StoreCadence;
  if (!CADENCES.includes(cadence))
    throw new UserError(`--cadence: expected ${CADENCES.join(" or ")}, got "${text}"`);
  return cadence;
}

/** Where the series came from and what goes with it: the workspace's lift tests, its channels' names. */
interface SeriesSource {
  /** The file, or the workspace's period: a refused series is told against it, as the user must change that. */
  name: string;
  storedTests: readonly LiftTest[];
  channelName?: (channel: string) => string;
  /** A channel as typed (--move-from, --move-to) as the series names it: a network by any of its names. */
  channelOf: (typed: string) => string;
}

/** Fits (with the stored lift tests and those of --lift), plans if asked, prints. */
async function reportModel(
  series: MmmSeries,
  source: SeriesSource,
  kpi: string,
  locale: Locale,
  options: MmmCliOptions,
): Promise<void> {
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) throw new UserError(`--seed: expected an integer, got "${options.seed}"`);
  const budget = optionalNonNegativeOption(options.budget, "--budget");
  const maxChange = optionalNonNegativeOption(options.maxChange, "--max-change");
  const liftTests = [
    ...source.storedTests,
    ...(options.lift === undefined ? [] : await readFileInto(options.lift, liftTestsFromTable)),
  ];
  let fit: MmmFit;
  const moveAsked = moveOption(options);
  let plan: BudgetPlan | undefined;
  let move: MoveOutcome | undefined;
  try {
    fit = fitMmm(series, { seed, liftTests });
    const spends = currentSpend(series, fit);
    plan = options.plan || budget !== undefined ? planBudget(fit, spends, { budget, maxChange }) : undefined;
    move =
      moveAsked &&
      moveGain(fit, spends, {
        ...moveAsked,
        from: source.channelOf(moveAsked.from),
        to: source.channelOf(moveAsked.to),
      });
  } catch (error) {
    if (error instanceof BudgetPlanError) throw new UserError(error.message);
    if (error instanceof LiftTestError) throw new UserError(`${options.lift}: ${error.message}`);
    if (error instanceof MmmDataError) throw new UserError(`${source.name}: ${error.message}`);
    throw error;
  }
  const notes = modelNotes(fit, series);
  if (options.json) printJson(toJson(kpi, fit, notes, plan, move));
  else {
    process.stdout.write(
      [
        formatFit(kpi, fit),
        `${mmmParagraph(notes, locale, source.channelName)}\n`,
        ...(fit.calibration ? [formatCalibration(kpi, fit.calibration)] : []),
        ...(plan ? [formatPlan(kpi, plan)] : []),
        ...(move ? [formatMove(kpi, move)] : []),
      ].join("\n"),
    );
  }
}

interface LiftAddOptions extends DbOptions {
  channel: string;
  start: string;
  end: string;
  kpi: string;
  incremental: string;
  low: string;
  high: string;
  note?: string;
}

/** A number option: the schema bounds it; a text that is no number is refused here, by its option's name. */
function numberOption(text: string, option: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value))
    throw new UserError(`${option}: expected a number, got "${text}"`);
  return value;
}

function formatLiftTests(tests: StoredLiftTest[]): string {
  if (tests.length === 0) return "No lift tests: socialroi mmm lift add enters one.\n";
  return `${formatTable(tests, [
    { header: "id", value: (t) => t.lift_test_id },
    { header: "channel", value: (t) => t.channel },
    { header: "window", value: (t) => `${t.start} – ${t.end}` },
    { header: "KPI", value: (t) => t.kpi },
    { header: "measured (90%)", value: (t) => `${t.incremental} (${t.low}–${t.high})` },
    { header: "note", value: (t) => t.note ?? "" },
  ])}\n`;
}

/** `socialroi mmm lift add|list|remove`: the workspace's lift tests, which every model of their KPI takes in. */
function liftCommand(): Command {
  const withDb = (command: Command) =>
    command
      .addOption(workspaceOption())
      .option("--db <path>", "database file", "./socialroi.duckdb")
      .option("--json", "print JSON");
  const add = withDb(
    new Command("add")
      .description(
        "enter a lift test: an experiment's measure of a channel's incremental KPI, with its 90% interval",
      )
      .requiredOption("--channel <network>", "the network whose ad spend the test measured")
      .requiredOption("--start <date>", "first day of the test, YYYY-MM-DD")
      .requiredOption("--end <date>", "last day of the test, YYYY-MM-DD")
      .requiredOption("--incremental <amount>", "KPI the channel's spend added over the test")
      .requiredOption("--low <amount>", "lower end of the test's 90% interval")
      .requiredOption("--high <amount>", "upper end of the test's 90% interval")
      .option("--kpi <name>", "what the test measured: revenue, leads, sales or a conversion type", "revenue")
      .option("--note <text>", "how the test was made"),
  ).action(async (options: LiftAddOptions) => {
    await withWorkspace(options, async ({ store, workspace }) => {
      const input = liftTestInputSchema.parse({
        channel: options.channel,
        start: options.start,
        end: options.end,
        kpi: options.kpi,
        incremental: numberOption(options.incremental, "--incremental"),
        low: numberOption(options.low, "--low"),
        high: numberOption(options.high, "--high"),
        note: options.note,
      });
      let stored: StoredLiftTest;
      try {
        stored = await addLiftTest(store, workspace.id, input);
      } catch (error) {
        throw error instanceof LiftTestChannelError ? new UserError(error.message) : error;
      }
      if (options.json) printJson(stored);
      else
        process.stdout.write(
          `Lift test ${stored.lift_test_id} added: the model of ${stored.kpi} takes it in.\n`,
        );
    });
  });
  const list = withDb(new Command("list").description("the workspace's lift tests")).action(
    async (options: DbOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const tests = await listLiftTests(store, workspace.id);
        if (options.json) printJson({ lift_tests: tests });
        else process.stdout.write(formatLiftTests(tests));
      });
    },
  );
  const remove = withDb(new Command("remove").description("remove a lift test").argument("<id>")).action(
    async (id: string, options: DbOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        if (!(await removeLiftTest(store, workspace.id, id)))
          throw new UserError(`No lift test ${id} in this workspace (socialroi mmm lift list)`);
        if (options.json) printJson({ deleted: id });
        else process.stdout.write(`Lift test ${id} removed.\n`);
      });
    },
  );
  return new Command("lift")
    .description("lift tests the model takes in as evidence: add, list, remove")
    .addCommand(add)
    .addCommand(list)
    .addCommand(remove);
}

/** Its options stop at its subcommand (positional): `mmm lift add --kpi leads` is the test's KPI. */
export function mmmCommand(): Command {
  return addPeriodOptions(
    new Command("mmm").description(
      "marketing mix model: each channel's incremental KPI, ROI and marginal ROI with intervals",
    ),
  )
    .option(
      "--series <file>",
      "CSV: date,kpi,spend_<channel>…[,control_<name>…], daily or weekly (default: the workspace's data)",
    )
    .option(
      "--kpi <name>",
      "from the workspace: revenue, leads, sales or a conversion type; with --series, what its kpi column measures",
    )
    .option("--cadence <cadence>", "from the workspace: day or week (whole ISO weeks)", "day")
    .option(
      "--full-cost",
      "from the workspace: each network's full cost (ads, tools, content, team, agencies; shared costs by the workspace's allocation rule) instead of its ad spend",
    )
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option(
      "--lift <file>",
      "CSV of lift tests, channel,start,end,incremental,low,high (90% interval): taken in as evidence",
    )
    .option(
      "--locale <locale>",
      "language of the paragraph on what the model can say: en, fr or nl (default: the workspace's, or en)",
    )
    .option("--seed <n>", "seed of the posterior sampler", "1")
    .option("--plan", "also plan the budget across channels under the fitted curves")
    .option(
      "--budget <amount>",
      "spend per period (day or week) to plan (default: today's, the last 4 weeks' mean)",
    )
    .option(
      "--max-change <share>",
      "largest change of a channel's spend in the plan, as a share of today's",
      "0.3",
    )
    .option("--move <amount>", "what if this much spend per period moved from --move-from to --move-to")
    .option("--move-from <channel>", "the channel the what-if's spend moves from")
    .option("--move-to <channel>", "the channel the what-if's spend moves to")
    .option("--json", "print JSON")
    .enablePositionalOptions()
    .addCommand(liftCommand())
    .action(async (options: MmmCliOptions) => {
      const file = options.series;
      if (file === undefined) {
        await withWorkspace(options, async ({ store, workspace }) => {
          const period = await periodFromOptions(store, workspace, options);
          const kpi = options.kpi ?? "revenue";
          const series = await readStoreSeries(
            store,
            workspace,
            period,
            kpi,
            cadenceOption(options.cadence),
            {
              fullCost: options.fullCost,
            },
          );
          const locale = localeOption(options.locale, workspace.locale);
          const storedTests = await liftTestsForSeries(store, workspace.id, kpi, series);
          await reportModel(
            series,
            { name: `${period.from} to ${period.to}`, storedTests, channelOf: normalizeNetwork },
            kpi,
            locale,
            options,
          );
        });
        return;
      }
      try {
        if (options.from || options.to)
          throw new UserError("--from and --to choose the workspace's data: a --series file is read whole");
        if (options.fullCost)
          throw new UserError(
            "--full-cost reads the workspace's costs: a --series file brings its own spend",
          );
        const series = await readFileInto(file, seriesFromTable);
        const asWritten = (channel: string) => channel;
        const source = { name: file, storedTests: [], channelName: asWritten, channelOf: asWritten };
        await reportModel(series, source, options.kpi ?? "kpi", localeOption(options.locale, "en"), options);
      } catch (error) {
        fail(error, options.json);
      }
    });
}
