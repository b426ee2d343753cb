import type { RandomSource } from "./random.js";
import { randomSource } from "./random.js";
import { type Cadence, DAYS_PER_PERIOD, type MmmSeries } from "./series.js";
import { geometricAdstock, hill } from "./transforms.js";

/**
 * Series with a known answer, for the recovery tests and the benchmark: spends that move together
 * (a shared market factor) and in flights (on/off bursts), each channel's true adstock, Hill curve
 * and ROI, a baseline with trend, weekly and yearly seasonality and an occasional promotion, and
 * Gaussian noise. The truth is drawn from ranges, not from the model's prior grid.
 */

export interface SimulationSpec {
  seed: number;
  cadence: Cadence;
  years: number;
  channels: number;
}

export interface ChannelTruth {
  channel: string;
  decay: number;
  halfSaturation: number;
  shape: number;
  spend: number;
  contribution: number;
  /** The channel's contribution period by period. */
  contributionByPeriod: number[];
  roi: number;
}

const PERIODS_PER_YEAR: Record<Cadence, number> = { daily: 365, weekly: 52 };
const FIRST_DAY = Date.UTC(2023, 0, 2);

function between(random: RandomSource, low: number, high: number): number {
  return low + (high - low) * random.uniform();
}

/** A mean-one log-AR(1) path: spends drift in spells rather than jumping period to period. */
function drift(random: RandomSource, periods: number, persistence: number, volatility: number): number[] {
  let level = 0;
  return Array.from({ length: periods }, () => {
    level = persistence * level + volatility * Math.sqrt(1 - persistence ** 2) * random.normal();
    return Math.exp(level - volatility ** 2 / 2);
  });
}

/** On/off flights: bursts of 2–8 weeks with pauses of 1–4 weeks. */
function flights(random: RandomSource, periods: number, cadence: Cadence): number[] {
  const perWeek = 7 / DAYS_PER_PERIOD[cadence];
  const on: number[] = [];
  let live = random.uniform() < 0.5;
  while (on.length < periods) {
    const weeks = live ? between(random, 2, 8) : between(random, 1, 4);
    on.push(...Array.from({ length: Math.max(1, Math.round(weeks * perWeek)) }, () => (live ? 1 : 0)));
    live = !live;
  }
  return on.slice(0, periods);
}

export function simulateSeries(spec: SimulationSpec): { series: MmmSeries; truth: ChannelTruth[] } {
  const random = randomSource(spec.seed);
  const periods = Math.round(spec.years * PERIODS_PER_YEAR[spec.cadence]);
  const days = DAYS_PER_PERIOD[spec.cadence];
  const dates = Array.from({ length: periods }, (_, t) =>
    new Date(FIRST_DAY + t * days * 86_400_000).toISOString().slice(0, 10),
  );
  const market = drift(random, periods, spec.cadence === "daily" ? 0.97 : 0.8, 0.4);
  const truth: ChannelTruth[] = [];
  const contributions: number[][] = [];
  const channels = Array.from({ length: spec.channels }, (_, c) => {
    const meanSpend = between(random, 200, 3000) * days;
    const shared = between(random, 0.2, 0.8);
    const own = drift(random, periods, spec.cadence === "daily" ? 0.95 : 0.7, 0.5);
    const flighted = random.uniform() < 0.4 ? flights(random, periods, spec.cadence) : undefined;
    const spend = own.map(
      (v, t) => Math.round(meanSpend * market[t]! ** shared * v * (flighted?.[t] ?? 1) * 100) / 100,
    );
    const total = spend.reduce((sum, v) => sum + v, 0);
    const scale = total / periods;
    const decay = spec.cadence === "daily" ? between(random, 0.1, 0.85) : between(random, 0, 0.6);
    const halfSaturation = between(random, 0.5, 2);
    const shape = between(random, 0.8, 2.2);
    const response = geometricAdstock(
      spend.map((v) => v / scale),
      decay,
    ).map((level) => hill(level, halfSaturation, shape));
    const roi = between(random, 0.3, 4);
    const effect = (roi * total) / response.reduce((sum, v) => sum + v, 0);
    const contributionByPeriod = Array.from(response, (v) => effect * v);
    contributions.push(contributionByPeriod);
    const name = `channel_${c + 1}`;
    truth.push({
      channel: name,
      decay,
      halfSaturation,
      shape,
      spend: total,
      contribution: roi * total,
      contributionByPeriod,
      roi,
    });
    return { name, spend };
  });
  const media = Array.from({ length: periods }, (_, t) => contributions.reduce((sum, c) => sum + c[t]!, 0));
  const level = (media.reduce((sum, v) => sum + v, 0) / periods) * between(random, 1.5, 4);
  const trend = between(random, -0.2, 0.3);
  const yearly = [between(random, 0, 0.1), between(random, 0, 0.05)];
  const weekly = spec.cadence === "daily" ? between(random, 0, 0.1) : 0;
  const phases = [0, 1, 2].map(() => between(random, 0, 2 * Math.PI));
  const promotions = random.uniform() < 0.5;
  const promotion = dates.map(() => (promotions && random.uniform() < 0.05 ? 1 : 0));
  const noise = between(random, 0.03, 0.1);
  const kpi = dates.map((_, t) => {
    const day = t * days;
    const season =
      yearly[0]! * Math.sin((2 * Math.PI * day) / 365.25 + phases[0]!) +
      yearly[1]! * Math.sin((4 * Math.PI * day) / 365.25 + phases[1]!) +
      weekly * Math.sin((2 * Math.PI * day) / 7 + phases[2]!);
    const baseline = level * (1 + trend * (t / periods - 0.5) + season + 0.2 * promotion[t]!);
    return baseline + media[t]! + level * noise * random.normal();
  });
  return {
    series: {
      dates,
      kpi,
      channels,
      controls: promotions ? [{ name: "promotion", values: promotion }] : [],
    },
    truth,
  };
}
