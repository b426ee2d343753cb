import type { MmmReport } from "../api/mmm.js";
import type { Calibration, Estimate, MmmFit } from "./fit-model.js";
import type { BudgetPlan, MoveOutcome } from "./plan-budget.js";

/**
 * An estimate as flat fields: `name` (the posterior median unless said otherwise: ROI posteriors
 * are skewed, and their median errs less than their mean on simulated data), `name_mean`,
 * `name_low`, `name_high`. One shape for `socialroi mmm --json` and `GET /api/mmm`.
 */
export function estimateFields<Name extends string>(
  name: Name,
  value: Estimate,
  point: "median" | "mean" = "median",
) {
  return {
    [name]: value[point],
    [`${name}_mean`]: value.mean,
    [`${name}_low`]: value.low,
    [`${name}_high`]: value.high,
  } as Record<Name | `${Name}_mean` | `${Name}_low` | `${Name}_high`, number>;
}

export function channelsJson(fit: MmmFit): MmmReport["channels"] {
  return fit.channels.map((channel) => ({
    channel: channel.channel,
    spend: channel.spend,
    ...estimateFields("contribution", channel.contribution),
    ...estimateFields("roi", channel.roi),
    ...estimateFields("marginal_roi", channel.marginalRoi),
    ...estimateFields("half_life_days", channel.halfLifeDays),
    response_curve: channel.responseCurve.map((point) => ({
      spend: point.spend,
      ...estimateFields("contribution", point.contribution),
      current: point.current,
    })),
  }));
}

export function fitDiagnosticsJson(fit: MmmFit): MmmReport["fit"] {
  return {
    r2: fit.fit.r2,
    mape: fit.fit.mape,
    holdout_mape: fit.fit.holdoutMape,
    holdout_periods: fit.fit.holdoutPeriods,
  };
}

/** The plan maximises the expected KPI: its figures are posterior means. */
export function planJson(plan: BudgetPlan): NonNullable<MmmReport["budget_plan"]> {
  return {
    period_days: plan.periodDays,
    budget: plan.budget,
    channels: plan.channels,
    ...estimateFields("current_kpi", plan.currentKpi, "mean"),
    ...estimateFields("planned_kpi", plan.plannedKpi, "mean"),
    ...estimateFields("gain", plan.gain, "mean"),
    moves: plan.moves,
  };
}

/** The what-if's gain is the posterior mean, as the plan's. */
export function moveJson(move: MoveOutcome): NonNullable<MmmReport["move"]> {
  return {
    from: move.from,
    to: move.to,
    amount: move.amount,
    period_days: move.periodDays,
    ...estimateFields("gain", move.gain, "mean"),
  };
}

/** What the lift tests moved: per test its window's contribution before and after, per channel its ROI. */
export function calibrationJson(calibration: Calibration): NonNullable<MmmReport["calibration"]> {
  return {
    tests: calibration.tests.map(({ test: { id, ...measured }, ...check }) => ({
      lift_test_id: id ?? null,
      ...measured,
      ...estimateFields("model_before", check.before),
      ...estimateFields("model_after", check.after),
      tension: check.tension,
      disagrees: check.disagrees,
    })),
    channels: calibration.channels.map((channel) => ({
      channel: channel.channel,
      ...estimateFields("roi_before", channel.roiBefore),
      ...estimateFields("roi_after", channel.roiAfter),
    })),
  };
}
