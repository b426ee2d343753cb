/**
 * Marketing mix model benchmark (issue 19): two years of daily data on six channels, simulated
 * with a known answer; the full fit (posterior draws, the refit without the held-out tail) and
 * the budget plan, timed, with the process's peak memory. Goal: under 60 s and 1 GB on the
 * project's 2-core machine. Writes bench/mmm.md; run with `npm run bench -- mmm`.
 */
import { writeFileSync } from "node:fs";
import { arch, availableParallelism, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { fitMmm } from "../src/mmm/fit-model.js";
import { currentSpend, planBudget } from "../src/mmm/plan-budget.js";
import { simulateSeries } from "../src/mmm/simulate.js";

const SPEC = { seed: 19, cadence: "daily", years: 2, channels: 6 } as const;

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

const loadBefore = loadavg();
const { series, truth } = simulateSeries(SPEC);
let start = performance.now();
const fit = fitMmm(series, { seed: 1 });
const fitSeconds = seconds(start);
start = performance.now();
const plan = planBudget(fit, currentSpend(series, fit));
const planSeconds = seconds(start);
const peakMb = process.resourceUsage().maxRSS / 1024;
const loadAfter = loadavg();

const figure = (value: number, digits = 2) => value.toFixed(digits);
const rows = fit.channels.map((channel, c) => {
  const real = truth[c]!;
  const inside = channel.roi.low <= real.roi && real.roi <= channel.roi.high;
  return `| ${channel.channel} | ${figure(real.roi)} | ${figure(channel.roi.median)} (${figure(channel.roi.low)}–${figure(channel.roi.high)}) | ${inside ? "yes" : "no"} | ${figure(channel.marginalRoi.median)} | ${figure(channel.halfLifeDays.median, 1)} (true ${figure(Math.log(0.5) / Math.log(real.decay), 1)}) |`;
});
const table = `# Marketing mix model benchmark

\`npm run bench -- mmm\` (\`bench/mmm.ts\`): ${series.dates.length} days, ${SPEC.channels} channels simulated with a known
answer (seed ${SPEC.seed}); the full fit (${fit.sampler.draws} posterior draws from ${fit.sampler.chains} chains, largest R-hat ${figure(fit.sampler.maxRhat, 3)}, plus the refit
without the last ${fit.fit.holdoutPeriods} days that measures the forecast error) and the budget plan.

Machine: ${arch()}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}, ${new Date().toISOString()}.
Load average (1, 5, 15 min) before: ${loadBefore.map((v) => figure(v)).join(", ")}; after: ${loadAfter.map((v) => figure(v)).join(", ")}.

| step | seconds | goal |
|---|---:|---|
| fit with 90% intervals and the held-out refit | ${figure(fitSeconds, 1)} | |
| budget plan (±30%, today's total) | ${figure(planSeconds, 2)} | |
| total | ${figure(fitSeconds + planSeconds, 1)} | < 60 |

Peak RSS of the process: ${Math.round(peakMb)} MB (goal < 1024 MB).

Fit: R² ${figure(fit.fit.r2, 3)}, MAPE ${figure(fit.fit.mape * 100, 1)}%, held-out MAPE ${figure((fit.fit.holdoutMape ?? Number.NaN) * 100, 1)}%.
Plan: expected gain ${figure(plan.gain.mean, 0)} per day (${figure(plan.gain.low, 0)}–${figure(plan.gain.high, 0)}) on ${figure(plan.currentKpi.mean, 0)} from the channels today.

| channel | true ROI | ROI: median (90% interval) | covered | marginal ROI | half-life days |
|---|---:|---:|---|---:|---:|
${rows.join("\n")}
`;
writeFileSync(fileURLToPath(new URL("./mmm.md", import.meta.url)), table);
process.stdout.write(table);
