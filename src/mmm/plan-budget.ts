import { type ChannelFit, type Estimate, estimate, type MmmFit } from "./fit-model.js";
import { average } from "./random.js";
import { DAYS_PER_PERIOD, type MmmSeries } from "./series.js";
import { hill } from "./transforms.js";

/** "Today's" spend is the mean of the last four weeks: one day or week alone is too noisy to plan from. */
const REFERENCE_DAYS = 28;
/** Default bounds: no channel moves more than 30% from today's spend, where its curve was seen. */
const DEFAULT_MAX_CHANGE = 0.3;
/** The budget to allocate is cut into this many equal steps; the allocation is exact on that lattice. */
const BUDGET_STEPS = 400;

export class BudgetPlanError extends Error {
  override name = "BudgetPlanError";
}

export interface BudgetPlanOptions {
  /** Total spend per period (day or week) to allocate; default today's total. */
  budget?: number;
  /** Largest change of a channel's spend, as a share of today's (default 0.3 = ±30%). */
  maxChange?: number;
}

interface PlannedChannel {
  channel: string;
  /** Spend per period: today's, the bounds, and the plan's. */
  current: number;
  lower: number;
  upper: number;
  planned: number;
}

interface BudgetMove {
  from: string;
  to: string;
  /** Spend per period moved. */
  amount: number;
}

/** A move of spend and what the fitted curves expect of it. */
export interface MoveOutcome extends BudgetMove {
  periodDays: number;
  /** KPI per period the move adds (negative: loses), every other channel as today. */
  gain: Estimate;
}

export interface BudgetPlan {
  periodDays: number;
  budget: number;
  channels: PlannedChannel[];
  /** KPI per period expected from the channels today and under the plan, and the plan's gain. */
  currentKpi: Estimate;
  plannedKpi: Estimate;
  gain: Estimate;
  moves: BudgetMove[];
}

/** Per-period KPI a channel adds at a steady per-period spend, one value per posterior draw. */
function responseDraws(channel: ChannelFit, spend: number): number[] {
  const level = spend / channel.spendScale;
  return channel.curveDraws.map((draw) => draw.effect * hill(level, draw.halfSaturation, draw.shape));
}

function totalResponse(fit: MmmFit, spends: readonly number[]): number[] {
  const totals = new Array<number>(fit.channels[0]!.curveDraws.length).fill(0);
  fit.channels.forEach((channel, c) => {
    responseDraws(channel, spends[c]!).forEach((value, d) => {
      totals[d]! += value;
    });
  });
  return totals;
}

/** Mean per-period spend of each channel over the last four weeks of the series. */
export function currentSpend(series: MmmSeries, fit: MmmFit): number[] {
  const periods = Math.max(1, Math.round(REFERENCE_DAYS / DAYS_PER_PERIOD[fit.cadence]));
  return series.channels.map((channel) => average(channel.spend.slice(-periods)));
}

/**
 * Expected change in KPI per period from moving `amount` per period from one channel to
 * another, everything else kept at `spends`: "what if I move X from A to B".
 */
export function moveGain(fit: MmmFit, spends: readonly number[], move: BudgetMove): MoveOutcome {
  const index = (name: string) => {
    const found = fit.channels.findIndex((channel) => channel.channel === name);
    if (found < 0) throw new BudgetPlanError(`no channel "${name}" in the model`);
    return found;
  };
  const [from, to] = [index(move.from), index(move.to)];
  if (from === to) throw new BudgetPlanError(`a move needs two channels, not "${move.from}" twice`);
  if (move.amount > spends[from]!) {
    throw new BudgetPlanError(
      `cannot move ${move.amount} from "${move.from}", which spends ${Number(spends[from]!.toFixed(2))} per period`,
    );
  }
  const moved = spends.map(
    (spend, c) => spend - (c === from ? move.amount : 0) + (c === to ? move.amount : 0),
  );
  const before = totalResponse(fit, spends);
  const gain = estimate(totalResponse(fit, moved).map((after, d) => after - before[d]!));
  return { ...move, periodDays: DAYS_PER_PERIOD[fit.cadence], gain };
}

/** Pairs the channels that lose spend with those that gain it, largest first. */
function movesBetween(channels: readonly PlannedChannel[]): BudgetMove[] {
  const givers = channels
    .map((c) => ({ channel: c.channel, left: c.current - c.planned }))
    .filter((c) => c.left > 0)
    .sort((a, b) => b.left - a.left);
  const takers = channels
    .map((c) => ({ channel: c.channel, left: c.planned - c.current }))
    .filter((c) => c.left > 0)
    .sort((a, b) => b.left - a.left);
  const moves: BudgetMove[] = [];
  for (const giver of givers) {
    for (const taker of takers) {
      const amount = Math.min(giver.left, taker.left);
      if (amount <= 0) continue;
      moves.push({ from: giver.channel, to: taker.channel, amount });
      giver.left -= amount;
      taker.left -= amount;
    }
  }
  return moves;
}

/**
 * The allocation of a per-period budget that maximises the posterior expected KPI under the
 * fitted curves, within bounds per channel. Dynamic programming over the budget cut into equal
 * steps finds the best allocation on that lattice even where S-shaped curves make the problem
 * non-concave (a greedy or gradient method can stop at a local optimum there).
 */
export function planBudget(
  fit: MmmFit,
  spends: readonly number[],
  options: BudgetPlanOptions = {},
): BudgetPlan {
  const maxChange = options.maxChange ?? DEFAULT_MAX_CHANGE;
  const lower = spends.map((spend) => spend * Math.max(0, 1 - maxChange));
  const upper = spends.map((spend) => spend * (1 + maxChange));
  const budget = options.budget ?? spends.reduce((sum, v) => sum + v, 0);
  const [least, most] = [lower, upper].map((bound) => bound.reduce((sum, v) => sum + v, 0)) as [
    number,
    number,
  ];
  if (budget < least - 1e-9 || budget > most + 1e-9) {
    throw new BudgetPlanError(
      `a budget of ${budget.toFixed(2)} per period cannot be met within ±${maxChange * 100}% of today's spends (${least.toFixed(2)} to ${most.toFixed(2)})`,
    );
  }
  const step = (budget - least) / BUDGET_STEPS;
  const levels = fit.channels.map((_, c) =>
    step > 0 ? Math.min(BUDGET_STEPS, Math.floor((upper[c]! - lower[c]!) / step + 1e-9)) : 0,
  );
  const expected = fit.channels.map((channel, c) =>
    Array.from({ length: levels[c]! + 1 }, (_, k) => average(responseDraws(channel, lower[c]! + k * step))),
  );
  // best[c][n]: the highest expected KPI of channels 0…c-1 sharing n steps; choice[c][n]: channel c-1's steps.
  const best = [
    Float64Array.from({ length: BUDGET_STEPS + 1 }, (_, n) => (n === 0 ? 0 : Number.NEGATIVE_INFINITY)),
  ];
  const choice: Int32Array[] = [];
  expected.forEach((values) => {
    const previous = best[best.length - 1]!;
    const next = new Float64Array(BUDGET_STEPS + 1).fill(Number.NEGATIVE_INFINITY);
    const chosen = new Int32Array(BUDGET_STEPS + 1);
    for (let n = 0; n <= BUDGET_STEPS; n++) {
      for (let k = 0; k < values.length && k <= n; k++) {
        const total = previous[n - k]! + values[k]!;
        if (total > next[n]!) {
          next[n] = total;
          chosen[n] = k;
        }
      }
    }
    best.push(next);
    choice.push(chosen);
  });
  const planned = new Array<number>(fit.channels.length);
  let stepsLeft = step > 0 ? BUDGET_STEPS : 0;
  for (let c = fit.channels.length - 1; c >= 0; c--) {
    const k = step > 0 ? choice[c]![stepsLeft]! : 0;
    planned[c] = lower[c]! + k * step;
    stepsLeft -= k;
  }
  const channels = fit.channels.map((channel, c) => ({
    channel: channel.channel,
    current: spends[c]!,
    lower: lower[c]!,
    upper: upper[c]!,
    planned: planned[c]!,
  }));
  const today = totalResponse(fit, spends);
  const plan = totalResponse(fit, planned);
  return {
    periodDays: DAYS_PER_PERIOD[fit.cadence],
    budget,
    channels,
    currentKpi: estimate(today),
    plannedKpi: estimate(plan),
    gain: estimate(plan.map((value, d) => value - today[d]!)),
    moves: movesBetween(channels),
  };
}
