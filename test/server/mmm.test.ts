import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { ErrorBody } from "../../src/api/errors.js";
import type { MmmReport } from "../../src/api/mmm.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { importFile } from "../../src/ingest/import-file.js";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { currentSpend, moveGain } from "../../src/mmm/plan-budget.js";
import type * as RunInWorker from "../../src/mmm/run-in-worker.js";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { readStoreSeries } from "../../src/mmm/store-series.js";
import { buildApp } from "../../src/server/app.js";
import { MmmFits } from "../../src/server/mmm-fits.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { CONVERSION_HEADER, COST_HEADER } from "../helpers.js";

/**
 * GET /api/mmm over HTTP: a workspace whose ad spend varies gets its figures; one whose spend is
 * flat gets the model's refusal; neither sees the other's; the server answers while a fit runs.
 */

const dir = mkdtempSync(join(tmpdir(), "socialroi-mmm-route-"));
const { series } = simulateSeries({ seed: 11, cadence: "daily", years: 0.5, channels: 2 });
const PERIOD = `from=${series.dates[0]}&to=${series.dates[series.dates.length - 1]}`;
/** The one sale with a click trail: c1 clicked a facebook ad the day before. */
const TRAILED_DAY = 10;

let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let varied: Workspace;
let flat: Workspace;
let variedToken: string;
let flatToken: string;

async function load(workspace: Workspace, name: string, lines: string[]): Promise<void> {
  const path = join(dir, `${workspace.id}-${name}`);
  writeFileSync(path, lines.join("\n"));
  await importFile(store, workspace, { path });
}

/** Daily ad costs per network and one sale a day of the simulated KPI. */
async function loadSeries(
  workspace: Workspace,
  networks: string[],
  spendOf: (c: number, d: number) => number,
) {
  await load(workspace, "costs.csv", [
    COST_HEADER,
    ...series.dates.flatMap((date, d) =>
      networks.map((network, c) => `${date},,ads,${spendOf(c, d)},EUR,${network},,,`),
    ),
  ]);
  await load(workspace, "conversions.csv", [
    CONVERSION_HEADER,
    ...series.dates.map(
      (date, d) =>
        `s${d},${date}T12:00:00Z,sale,${series.kpi[d]!.toFixed(2)},EUR,,,${d === TRAILED_DAY ? "c1" : ""},`,
    ),
  ]);
}

async function get(path: string, token: string): Promise<{ status: number; body: unknown; text: string }> {
  const answer = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await answer.text();
  return { status: answer.status, body: JSON.parse(text), text };
}

before(async () => {
  store = await DuckDbStore.open(":memory:");
  const settings = { currency: "EUR", timezone: "UTC", locale: "en" } as const;
  varied = await createWorkspace(store, { name: "Varied", ...settings });
  flat = await createWorkspace(store, { name: "Flat", ...settings });
  await loadSeries(varied, ["facebook", "linkedin"], (c, d) => series.channels[c]!.spend[d]!);
  await load(varied, "touchpoints.csv", [
    "customer_id,occurred_at,channel,network,campaign",
    `c1,${series.dates[TRAILED_DAY - 1]}T10:00:00Z,Paid Social,facebook,`,
  ]);
  await loadSeries(flat, ["tiktok", "youtube"], () => 100);
  variedToken = await createApiToken(store, varied.id);
  flatToken = await createApiToken(store, flat.id);
  app = await buildApp({ store, workspace: varied });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the server answers other requests while a fit runs in its worker thread", async () => {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  let fitDone = false;
  const fit = get(`/api/mmm?${PERIOD}`, variedToken).finally(() => {
    fitDone = true;
  });
  const answeredDuringFit: number[] = [];
  while (!fitDone) {
    const asked = performance.now();
    const access = await fetch(`${base}/api/access`);
    assert.equal(access.status, 200);
    await access.text();
    if (!fitDone) answeredDuringFit.push(performance.now() - asked);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { status, text } = await fit;
  delay.disable();
  const fitMs = performance.now() - started;
  assert.equal(status, 200, text);
  assert.ok(fitMs > 1000, `a fit takes seconds (${fitMs.toFixed(0)} ms)`);
  assert.ok(answeredDuringFit.length >= 3, `${answeredDuringFit.length} answers during the fit`);
  // A fit on the server's own thread would hold it, and every answer, for the whole fit.
  const slowest = Math.max(...answeredDuringFit);
  assert.ok(
    slowest < fitMs / 2,
    `slowest answer ${slowest.toFixed(0)} ms during a fit of ${fitMs.toFixed(0)} ms`,
  );
  const held = delay.max / 1e6;
  assert.ok(
    held < fitMs / 2,
    `event loop held up to ${held.toFixed(0)} ms during a fit of ${fitMs.toFixed(0)} ms`,
  );
});

test("a workspace whose spend varies gets each channel's figures with intervals, the fit, the paragraph and the side by side", async () => {
  const { status, body, text } = await get(`/api/mmm?${PERIOD}`, variedToken);
  assert.equal(status, 200, text);
  const report = body as MmmReport;
  assert.equal(report.kpi, "revenue");
  assert.equal(report.interval, 0.9);
  assert.equal(report.cadence, "daily");
  assert.equal(report.periods, series.dates.length);
  assert.deepEqual([report.first_period, report.last_period], [series.dates[0], series.dates.at(-1)]);
  assert.deepEqual(
    report.channels.map((c) => [c.channel, Math.round(c.spend)]),
    series.channels.map((channel, c) => [
      ["facebook", "linkedin"][c],
      Math.round(channel.spend.reduce((a, b) => a + b, 0)),
    ]),
  );
  for (const channel of report.channels) {
    assert.ok(
      channel.contribution_low <= channel.contribution && channel.contribution <= channel.contribution_high,
    );
    assert.ok(channel.roi_low <= channel.roi && channel.roi <= channel.roi_high);
    // The spend is known: each draw's ROI is its contribution over it, and so is the median.
    assert.ok(Math.abs(channel.roi - channel.contribution / channel.spend) < 1e-9, channel.channel);
    assert.ok(channel.half_life_days_low >= 0 && channel.marginal_roi_high > 0, JSON.stringify(channel));
    const current = channel.response_curve.filter((point) => point.current);
    assert.equal(current.length, 1);
    assert.ok(Math.abs(current[0]!.spend - channel.spend) < 1e-6 * channel.spend);
    assert.equal(channel.response_curve[0]!.spend, 0);
  }
  assert.ok(
    report.baseline_share_low < report.baseline_share && report.baseline_share < report.baseline_share_high,
  );
  assert.ok(
    report.fit.r2 > 0.5 && report.fit.mape > 0 && report.fit.holdout_mape! > 0,
    JSON.stringify(report.fit),
  );
  assert.match(report.paragraph, /^The model read 183 days of data, from 2 January 2023 to/);
  assert.equal(report.notes[0]?.code, "history");
  assert.equal(report.budget_plan, null);

  const side = report.side_by_side!;
  assert.deepEqual(
    side.networks.map((n) => n.network),
    ["facebook", "linkedin"],
  );
  const trailed = Number(series.kpi[TRAILED_DAY]!.toFixed(2));
  for (const model of side.models) {
    assert.ok(Math.abs(side.networks[0]!.attributed[model]! - trailed) < 1e-6, model);
    assert.equal(side.networks[1]!.attributed[model], 0, model);
  }
  assert.equal(side.networks[0]!.incremental, report.channels[0]!.contribution);
  assert.match(side.sentence, /Neither is an experiment/);
});

test("the figures are those socialroi mmm computes from the same data (seed 1)", async () => {
  const report = (await get(`/api/mmm?${PERIOD}`, variedToken)).body as MmmReport;
  const period = { from: series.dates[0]!, to: series.dates.at(-1)! };
  const fit = fitMmm(await readStoreSeries(store, varied, period, "revenue", "day"), { seed: 1 });
  assert.deepEqual(
    report.channels.map((c) => [c.channel, c.contribution_low, c.roi, c.marginal_roi_high, c.half_life_days]),
    fit.channels.map((c) => [
      c.channel,
      c.contribution.low,
      c.roi.median,
      c.marginalRoi.high,
      c.halfLifeDays.median,
    ]),
  );
  assert.equal(report.fit.holdout_mape, fit.fit.holdoutMape);
  assert.equal(report.baseline_share, fit.baselineShare.median);
});

test("a repeated question is answered from the fit already made, in the language asked, with a plan if asked", async () => {
  const again = await get(`/api/mmm?${PERIOD}&lang=fr&plan=true`, variedToken);
  assert.equal(again.status, 200, again.text);
  const report = again.body as MmmReport;
  assert.match(report.paragraph, /^Le modèle a lu 183 jours de données/);
  assert.match(report.side_by_side!.sentence, /Aucun des deux n’est une expérience/);
  const plan = report.budget_plan!;
  assert.equal(plan.period_days, 1);
  const planned = plan.channels.reduce((sum, c) => sum + c.planned, 0);
  assert.ok(Math.abs(planned - plan.budget) < 1e-6 * plan.budget);
  for (const c of plan.channels) assert.ok(c.lower - 1e-9 <= c.planned && c.planned <= c.upper + 1e-9);
  assert.ok(plan.gain_low <= plan.gain && plan.gain <= plan.gain_high);
  const first = (await get(`/api/mmm?${PERIOD}`, variedToken)).body as MmmReport;
  assert.deepEqual(report.channels, first.channels, "the same fit");

  const tooMuch = await get(`/api/mmm?${PERIOD}&budget=1000000000&max_change=0.1`, variedToken);
  assert.equal(tooMuch.status, 422, tooMuch.text);
  assert.match((tooMuch.body as ErrorBody).error.message, /cannot be met within ±10% of today's spends/);
});

test("what if spend moved: the fitted curves' expected change with its interval; a move the model cannot price is refused", async () => {
  const period = { from: series.dates[0]!, to: series.dates.at(-1)! };
  const storeSeries = await readStoreSeries(store, varied, period, "revenue", "day");
  const fit = fitMmm(storeSeries, { seed: 1 });
  const spends = currentSpend(storeSeries, fit);
  // Spend moves to the channel whose next unit earns more: the model must expect a gain.
  const [weaker, stronger] = fit.channels.toSorted((a, b) => a.marginalRoi.median - b.marginalRoi.median);
  const amount = Math.round(spends[fit.channels.indexOf(weaker!)]! / 4);
  const asked = await get(
    `/api/mmm?${PERIOD}&move_amount=${amount}&move_from=${weaker!.channel}&move_to=${stronger!.channel}`,
    variedToken,
  );
  assert.equal(asked.status, 200, asked.text);
  const { move } = asked.body as MmmReport;
  const expected = moveGain(fit, spends, { from: weaker!.channel, to: stronger!.channel, amount });
  assert.deepEqual(
    [move!.from, move!.to, move!.amount, move!.period_days, move!.gain, move!.gain_low, move!.gain_high],
    [
      weaker!.channel,
      stronger!.channel,
      amount,
      1,
      expected.gain.mean,
      expected.gain.low,
      expected.gain.high,
    ],
  );
  assert.ok(move!.gain > 0 && move!.gain_low <= move!.gain && move!.gain <= move!.gain_high);
  assert.equal(((await get(`/api/mmm?${PERIOD}`, variedToken)).body as MmmReport).move, null);

  const partial = await get(`/api/mmm?${PERIOD}&move_amount=10&move_from=facebook`, variedToken);
  assert.equal(partial.status, 400, partial.text);
  assert.match(partial.text, /move_amount, move_from and move_to together/);
  for (const [query, words] of [
    [`move_amount=${amount}&move_from=facebook&move_to=tiktok`, /no channel "tiktok"/],
    [`move_amount=${amount}&move_from=facebook&move_to=facebook`, /two channels/],
    ["move_amount=100000000&move_from=facebook&move_to=linkedin", /cannot move 100000000 from "facebook"/],
  ] as const) {
    const refused = await get(`/api/mmm?${PERIOD}&${query}`, variedToken);
    assert.equal(refused.status, 422, refused.text);
    assert.match((refused.body as ErrorBody).error.message, words);
  }
});

test("a workspace whose spend is flat gets the model's refusal, naming only its own channels", async () => {
  const refused = await get(`/api/mmm?${PERIOD}`, flatToken);
  assert.equal(refused.status, 422, refused.text);
  const { error } = refused.body as ErrorBody;
  assert.equal(error.code, "unprocessable");
  assert.match(
    error.message,
    /^2023-01-02 to 2023-07-03: the spend of channel "tiktok" hardly varies over time: its effect cannot be told from the baseline/,
  );
  assert.doesNotMatch(refused.text, /facebook|linkedin|Varied/);

  // The varied workspace's token cannot name the flat one, nor the reverse.
  const across = await get(`/api/mmm?${PERIOD}&workspace=${flat.id}`, variedToken);
  assert.equal(across.status, 404);
  const back = await get(`/api/mmm?${PERIOD}&workspace=${varied.id}`, flatToken);
  assert.equal(back.status, 404);
  assert.doesNotMatch(back.text, /facebook|linkedin/);

  const noLeads = await get(`/api/mmm?${PERIOD}&kpi=leads`, variedToken);
  assert.equal(noLeads.status, 422, noLeads.text);
  assert.match((noLeads.body as ErrorBody).error.message, /the KPI never changes/);

  for (const query of ["cadence=month", "max_change=-1", "budget=lots", "plan=yes", "lang=de"]) {
    const bad = await get(`/api/mmm?${query}`, variedToken);
    assert.equal(bad.status, 400, query);
  }
});

test("new costs make a new fit: the figures follow the data", async () => {
  const before = (await get(`/api/mmm?${PERIOD}`, variedToken)).body as MmmReport;
  await load(varied, "more-costs.csv", [COST_HEADER, `${series.dates[20]},,ads,5000,EUR,linkedin,,,`]);
  const after = await get(`/api/mmm?${PERIOD}`, variedToken);
  assert.equal(after.status, 200, after.text);
  const spends = (report: MmmReport) => report.channels.map((c) => Math.round(c.spend));
  assert.deepEqual(spends(after.body as MmmReport), [spends(before)[0], spends(before)[1]! + 5000]);
});

test("one fit per question and data version: asked again it is shared, new data or another workspace make another", async () => {
  const fits = new MmmFits();
  // Too short to fit: each job is refused at once, which is all the keeping needs.
  const days = (count: number) => ({
    dates: series.dates.slice(0, count),
    kpi: series.kpi.slice(0, count),
    channels: series.channels.map((c) => ({ ...c, spend: c.spend.slice(0, count) })),
    controls: [],
  });
  const first = fits.fit("workspace A, revenue", days(10));
  assert.equal(fits.fit("workspace A, revenue", days(10)).fitted, first.fitted);
  const grown = fits.fit("workspace A, revenue", days(11));
  assert.notEqual(grown.fitted, first.fitted);
  assert.notEqual(grown.version, first.version);
  assert.equal(fits.fit("workspace A, revenue", days(11)).fitted, grown.fitted);
  assert.notEqual(fits.fit("workspace B, revenue", days(11)).fitted, grown.fitted);
  assert.match(((await grown.fitted) as { refused: string }).refused, /^11 periods are too few/);
});

test("built, the model runs in its worker thread from dist as it does from the sources", async () => {
  const built = new URL("../../dist/mmm/run-in-worker.js", import.meta.url);
  const { runMmmJob } = (await import(built.href)) as typeof RunInWorker;
  const short = { ...series, dates: series.dates.slice(0, 10), kpi: series.kpi.slice(0, 10) };
  const result = await runMmmJob({
    kind: "fit",
    series: { ...short, channels: short.channels.map((c) => ({ ...c, spend: c.spend.slice(0, 10) })) },
    seed: 1,
  });
  assert.deepEqual(Object.keys(result), ["refused", "problem"]);
  assert.equal((result as { problem: string }).problem, "too_few_periods");
  assert.match((result as { refused: string }).refused, /^10 periods are too few/);
});
