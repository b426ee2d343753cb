import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { halfLife } from "../../src/mmm/transforms.js";

/**
 * PyMC-Marketing's example data set (data/mmm_example.csv of github.com/pymc-labs/pymc-marketing,
 * Apache-2.0, commit c6626a7f), generated in its "MMM Example Notebook" with documented truth:
 * geometric adstock (l_max 8, normalised) of decay 0.4 for x1 and 0.2 for x2, logistic saturation
 * (1 - e^(-λx)) / (1 + e^(-λx)) with λ 4 and 3, coefficients 3 and 2, intercept 2, trend
 * (t·50/(n-1) + 10)^(1/4) - 1, seasonality ½(-sin(4π·d/365.5) + cos(2π·d/365.5)), events 1.5 and 2.5,
 * noise N(0, 0.25), the whole times an amplitude of 1000 (the file's scale; checked below by
 * rebuilding y from the formula). Our model differs on purpose (Hill curves, a linear trend), as a
 * real data set would.
 */

const TRUTH = {
  x1: { decay: 0.4, lambda: 4, beta: 3 },
  x2: { decay: 0.2, lambda: 3, beta: 2 },
} as const;
const AMPLITUDE = 1000;
const NOISE = 0.25;

interface Row {
  date_week: string;
  y: string;
  x1: string;
  x2: string;
  event_1: string;
  event_2: string;
  dayofyear: string;
}

const rows: Row[] = parse(
  readFileSync(new URL("./fixtures/pymc-marketing-mmm-example.csv", import.meta.url), "utf8"),
  { columns: true },
);
const column = (name: keyof Row) => rows.map((row) => Number(row[name]));

/** PyMC-Marketing's geometric adstock: weights decay^l over l < 8, divided by their sum. */
function truncatedAdstock(values: readonly number[], decay: number): number[] {
  const weights = Array.from({ length: 8 }, (_, l) => decay ** l);
  const total = weights.reduce((sum, w) => sum + w, 0);
  return values.map((_, t) => weights.reduce((sum, w, l) => sum + (w / total) * (values[t - l] ?? 0), 0));
}

const logistic = (x: number, lambda: number) => (1 - Math.exp(-lambda * x)) / (1 + Math.exp(-lambda * x));

function trueContribution(channel: "x1" | "x2"): number[] {
  const { decay, lambda, beta } = TRUTH[channel];
  return truncatedAdstock(column(channel), decay).map((level) => AMPLITUDE * beta * logistic(level, lambda));
}

test("the documented formula rebuilds the file's KPI up to its documented noise", () => {
  const n = rows.length;
  const day = column("dayofyear");
  const [x1, x2] = [trueContribution("x1"), trueContribution("x2")];
  const residuals = column("y").map((y, t) => {
    const trend = ((50 * t) / (n - 1) + 10) ** (1 / 4) - 1;
    const season =
      0.5 * (-Math.sin((4 * Math.PI * day[t]!) / 365.5) + Math.cos((2 * Math.PI * day[t]!) / 365.5));
    const events = 1.5 * column("event_1")[t]! + 2.5 * column("event_2")[t]!;
    return y - (AMPLITUDE * (2 + trend + season + events) + x1[t]! + x2[t]!);
  });
  const mean = residuals.reduce((sum, r) => sum + r, 0) / n;
  const sd = Math.sqrt(residuals.reduce((sum, r) => sum + (r - mean) ** 2, 0) / n);
  assert.ok(Math.abs(mean) < 50, `mean residual ${mean}`);
  assert.ok(Math.abs(sd - AMPLITUDE * NOISE) < 40, `residual sd ${sd}`);
});

test("the model recovers the example's ROI and carry-over within its 90% intervals", () => {
  const fit = fitMmm(
    {
      dates: rows.map((row) => row.date_week),
      kpi: column("y"),
      channels: (["x1", "x2"] as const).map((name) => ({ name, spend: column(name) })),
      controls: (["event_1", "event_2"] as const).map((name) => ({ name, values: column(name) })),
    },
    { seed: 1, holdout: false },
  );
  const lines: string[] = [];
  for (const channel of fit.channels) {
    const name = channel.channel as "x1" | "x2";
    const trueRoi = trueContribution(name).reduce((sum, v) => sum + v, 0) / channel.spend;
    const trueHalfLife = halfLife(TRUTH[name].decay) * 7;
    const { roi, halfLifeDays } = channel;
    lines.push(
      `# ${name}: ROI ${roi.median.toFixed(0)} (${roi.low.toFixed(0)}–${roi.high.toFixed(0)}) vs documented ${trueRoi.toFixed(0)}; half-life ${halfLifeDays.median.toFixed(1)} days (${halfLifeDays.low.toFixed(1)}–${halfLifeDays.high.toFixed(1)}) vs documented ${trueHalfLife.toFixed(1)}`,
    );
    assert.ok(roi.low <= trueRoi && trueRoi <= roi.high, `${name} ROI ${JSON.stringify(roi)} vs ${trueRoi}`);
    assert.ok(halfLifeDays.low <= trueHalfLife && trueHalfLife <= halfLifeDays.high, `${name} half-life`);
  }
  process.stdout.write(
    `${lines.join("\n")}\n# R² ${fit.fit.r2.toFixed(3)}, MAPE ${(fit.fit.mape * 100).toFixed(1)}%\n`,
  );
});
