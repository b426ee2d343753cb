import type { Workspace } from "../../domain/workspace.js";
import type { Estimate, MmmFit } from "../../mmm/fit-model.js";
import { liftTestsForSeries } from "../../mmm/list-lift-tests.js";
import type { MmmNote } from "../../mmm/model-notes.js";
import { isRefusal, runMmmJob } from "../../mmm/run-in-worker.js";
import type { MmmDataProblem } from "../../mmm/series.js";
import { readStoreSeries } from "../../mmm/store-series.js";
import type { Period } from "../../period/data-period.js";
import type { Store } from "../../store/store.js";
import { mmmParagraph } from "../mmm-paragraph.js";
import { type MmmSideBySide, mmmSideBySide } from "../mmm-side-by-side.js";
import type { Cell, Column, ReportSection, ReportTable } from "../model.js";
import type { SectionContext } from "./context.js";

/** The model's answer for the report's period, or why the data cannot carry one. */
export type MmmInputs =
  | { fit: MmmFit; notes: MmmNote[]; sideBySide: MmmSideBySide }
  | { refused: MmmDataProblem };

/**
 * Revenue on each network's ad spend over the period's whole weeks: weeks, as a report spans
 * months and a weekly fit is several times faster than a daily one and less noisy. The seed is
 * fixed so that a report made twice says the same. The workspace's lift tests of revenue whose
 * window the weeks cover are taken in. The fit runs in a worker thread: a report made by the server
 * must not stop it answering for the seconds a fit takes.
 */
export async function loadMmm(
  ctx: SectionContext,
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<MmmInputs> {
  const series = await readStoreSeries(store, workspace, period, "revenue", "week");
  const liftTests = await liftTestsForSeries(store, workspace.id, "revenue", series);
  const fitted = await runMmmJob({ kind: "fit", series, seed: 1, liftTests });
  if (isRefusal(fitted)) {
    // A fit refuses only the data; a refusal without a problem would be a budget's, which no fit has.
    if (fitted.problem) return { refused: fitted.problem };
    throw new Error(fitted.refused);
  }
  const { fit, notes } = fitted;
  const sideBySide = await mmmSideBySide(store, workspace, period, fit, {
    locale: ctx.lang,
    networkName: (network) => ctx.networkName(network),
  });
  return { fit, notes, sideBySide };
}

export function mmmSection(ctx: SectionContext, inputs: MmmInputs): ReportSection {
  const words = ctx.words.mmm;
  if ("refused" in inputs) return ctx.section("mmm", { paragraphs: [words.refused[inputs.refused]] });
  const { fit, notes, sideBySide } = inputs;
  const c = words.columns;
  const money = (value: number): Cell => ({ value, kind: "money" });
  // An estimate is three columns: the posterior median and its 90% interval.
  const estimateColumns = (label: string, kind: "money" | "multiple"): Column[] => [
    { label, kind },
    { label: c.low, kind },
    { label: c.high, kind },
  ];
  const estimateCells = (value: Estimate, kind: "money" | "multiple"): Cell[] =>
    [value.median, value.low, value.high].map((figure) => ({ value: figure, kind }));
  const channels: ReportTable = {
    id: "mmm_channels",
    title: words.channels,
    columns: [
      ctx.text(ctx.words.columns.network),
      { label: c.spend, kind: "money" },
      ...estimateColumns(c.added, "money"),
      ...estimateColumns(c.roi, "multiple"),
      { label: c.marginalRoi, kind: "multiple" },
      { label: c.halfLife, kind: "decimal" },
    ],
    rows: fit.channels.map((channel) => [
      { value: ctx.networkName(channel.channel), kind: "text" },
      money(channel.spend),
      ...estimateCells(channel.contribution, "money"),
      ...estimateCells(channel.roi, "multiple"),
      { value: channel.marginalRoi.median, kind: "multiple" },
      { value: channel.halfLifeDays.median, kind: "decimal" },
    ]),
  };
  const comparison: ReportTable = {
    id: "mmm_side_by_side",
    title: words.sideBySide,
    columns: [
      ctx.text(ctx.words.columns.network),
      { label: c.creditLow, kind: "money" },
      { label: c.creditHigh, kind: "money" },
      ...estimateColumns(c.incremental, "money"),
      ctx.text(c.verdict),
    ],
    rows: sideBySide.networks.map((network) => [
      { value: network.name, kind: "text" },
      money(network.attributedLow),
      money(network.attributedHigh),
      ...estimateCells(network.incremental, "money"),
      { value: words.verdicts[network.verdict], kind: "text" },
    ]),
  };
  const percent = (share: number) => ctx.f(share, "percent");
  return ctx.section("mmm", {
    paragraphs: [
      words.intro,
      words.fit({
        r2: ctx.f(fit.fit.r2, "decimal"),
        mape: percent(fit.fit.mape),
        holdout: fit.fit.holdoutMape === null ? null : percent(fit.fit.holdoutMape),
        baseline: percent(fit.baselineShare.median),
        low: percent(fit.baselineShare.low),
        high: percent(fit.baselineShare.high),
      }),
      mmmParagraph(notes, ctx.lang),
      sideBySide.sentence,
    ],
    tables: [channels, comparison],
  });
}
