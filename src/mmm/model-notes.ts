import type { MmmFit } from "./fit-model.js";
import { coefficientOfVariation, type MmmSeries } from "./series.js";

/**
 * What a fit can and cannot say, as facts for a reader's paragraph: every fit gets the notes
 * that always hold (what it read, that it is correlation over time, that it needs spend to vary,
 * what lies beyond the data) and those its figures call for. The words are in src/i18n/mmm.
 */
export type MmmNote =
  | { code: "history"; periods: number; cadence: MmmFit["cadence"]; from: string; to: string }
  | { code: "correlation_over_time" }
  | { code: "needs_spend_variation" }
  | { code: "little_spend_variation"; channels: string[] }
  | { code: "wide_intervals"; channels: string[] }
  | { code: "holdout_error"; mape: number; periods: number; cadence: MmmFit["cadence"] }
  | { code: "no_holdout" }
  | { code: "lift_tests"; tests: number; disagreeing: string[] }
  | { code: "not_converged"; rhat: number }
  | { code: "beyond_data" };

/**
 * Below this coefficient of variation a channel's spend is accepted (above the refusal's 0.05)
 * but moves too little for its figure to rest on much.
 */
const LITTLE_SPEND_VARIATION = 0.3;
/** An ROI interval whose upper end is more than this multiple of its lower end says little. */
const WIDE_INTERVAL_RATIO = 3;
/** Split R-hat above which the chains have not converged (Gelman et al.'s usual bound). */
const MAX_RHAT = 1.1;

export function modelNotes(fit: MmmFit, series: MmmSeries): MmmNote[] {
  const littleVariation = series.channels
    .filter((channel) => coefficientOfVariation(channel.spend) < LITTLE_SPEND_VARIATION)
    .map((channel) => channel.name);
  const wide = fit.channels
    .filter((channel) => channel.roi.high > WIDE_INTERVAL_RATIO * channel.roi.low)
    .map((channel) => channel.channel);
  const { holdoutMape, holdoutPeriods } = fit.fit;
  return [
    { code: "history", periods: fit.periods, cadence: fit.cadence, from: fit.firstDate, to: fit.lastDate },
    { code: "correlation_over_time" },
    { code: "needs_spend_variation" },
    ...(littleVariation.length > 0
      ? [{ code: "little_spend_variation" as const, channels: littleVariation }]
      : []),
    ...(wide.length > 0 ? [{ code: "wide_intervals" as const, channels: wide }] : []),
    holdoutMape === null
      ? { code: "no_holdout" as const }
      : { code: "holdout_error" as const, mape: holdoutMape, periods: holdoutPeriods, cadence: fit.cadence },
    ...(fit.calibration
      ? [
          {
            code: "lift_tests" as const,
            tests: fit.calibration.tests.length,
            disagreeing: [
              ...new Set(
                fit.calibration.tests.filter((check) => check.disagrees).map((check) => check.test.channel),
              ),
            ],
          },
        ]
      : []),
    ...(fit.sampler.maxRhat > MAX_RHAT
      ? [{ code: "not_converged" as const, rhat: fit.sampler.maxRhat }]
      : []),
    { code: "beyond_data" },
  ];
}
