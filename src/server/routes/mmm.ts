import { ApiFailure } from "../../api/errors.js";
import { liftTestInputSchema, type MmmQuery, type MmmReport, mmmQuerySchema } from "../../api/mmm.js";
import { networkName } from "../../i18n/network-names.js";
import { addLiftTest, LiftTestChannelError } from "../../mmm/add-lift-test.js";
import {
  calibrationJson,
  channelsJson,
  estimateFields,
  fitDiagnosticsJson,
  moveJson,
  planJson,
} from "../../mmm/fit-json.js";
import { liftTestsForSeries, listLiftTests } from "../../mmm/list-lift-tests.js";
import { BudgetPlanError, type MoveOutcome, moveGain } from "../../mmm/plan-budget.js";
import { removeLiftTest } from "../../mmm/remove-lift-test.js";
import { type FittedModel, isRefusal, MmmJobFailure } from "../../mmm/run-in-worker.js";
import { readStoreSeries } from "../../mmm/store-series.js";
import { mmmParagraph } from "../../reports/mmm-paragraph.js";
import { type MmmSideBySide, mmmSideBySide } from "../../reports/mmm-side-by-side.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { MmmFits } from "../mmm-fits.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";

function sideBySideJson(side: MmmSideBySide): NonNullable<MmmReport["side_by_side"]> {
  return {
    models: side.models,
    networks: side.networks.map((network) => ({
      network: network.network,
      name: network.name,
      attributed: network.attributed,
      attributed_low: network.attributedLow,
      attributed_high: network.attributedHigh,
      ...estimateFields("incremental", network.incremental),
      verdict: network.verdict,
    })),
    unmodelled: side.unmodelled.map((network) => ({
      network: network.network,
      name: network.name,
      attributed_low: network.attributedLow,
      attributed_high: network.attributedHigh,
    })),
    sentence: side.sentence,
  };
}

/** A thread that failed (deadline, memory) is the server's trouble, not the data's: worth a retry later. */
async function settled<T>(job: Promise<T>): Promise<T> {
  try {
    return await job;
  } catch (error) {
    if (error instanceof MmmJobFailure)
      throw new ApiFailure(
        "unavailable",
        `The model could not be computed now (${error.message}): try again later`,
      );
    throw error;
  }
}

/** "What if this much moved from one channel to another": cheap enough for the request's own thread. */
function whatIfMove(
  model: FittedModel,
  { move_amount: amount, move_from: from, move_to: to }: MmmQuery,
): MoveOutcome | undefined {
  if (amount === undefined || from === undefined || to === undefined) return undefined;
  try {
    return moveGain(model.fit, model.spends, { from, to, amount });
  } catch (error) {
    if (error instanceof BudgetPlanError) throw new ApiFailure("unprocessable", error.message);
    throw error;
  }
}

/**
 * The marketing mix model of the request's workspace, calibrated by its lift tests whose window the
 * period covers. The fit runs in a worker thread and is kept while the series and tests it read
 * stand (MmmFits); data that cannot carry a model is refused with the model's reason (422), as is
 * a budget its bounds cannot meet.
 */
export const mmmRoutes: RoutePlugin = async (app, { store, mmmLimits }) => {
  const fits = new MmmFits(mmmLimits);
  app.get("/api/mmm", ACCESS.read, async ({ query: raw, workspace }): Promise<MmmReport> => {
    const query = parseQuery(mmmQuerySchema, raw);
    const period = await resolvePeriod(store, workspace, query);
    const series = await readStoreSeries(store, workspace, period, query.kpi, query.cadence);
    const liftTests = await liftTestsForSeries(store, workspace.id, query.kpi, series);
    const question = JSON.stringify([workspace.id, query.kpi, query.cadence, period.from, period.to]);
    const { version, fitted } = fits.fit(question, series, liftTests);
    const model = await settled(fitted);
    if (isRefusal(model))
      throw new ApiFailure("unprocessable", `${period.from} to ${period.to}: ${model.refused}`);
    const planned =
      query.plan === "true" || query.budget !== undefined
        ? await settled(
            fits.plan(question, version, model, { budget: query.budget, maxChange: query.max_change }),
          )
        : undefined;
    if (planned && isRefusal(planned)) throw new ApiFailure("unprocessable", planned.refused);
    const moved = whatIfMove(model, query);
    const locale = query.lang ?? workspace.locale;
    const { fit } = model;
    const side =
      query.kpi === "revenue"
        ? await mmmSideBySide(store, workspace, period, fit, { locale, networkName })
        : undefined;
    return {
      ...period,
      kpi: query.kpi,
      interval: fit.interval,
      cadence: fit.cadence,
      periods: fit.periods,
      first_period: fit.firstDate,
      last_period: fit.lastDate,
      channels: channelsJson(fit),
      ...estimateFields("baseline_share", fit.baselineShare),
      fit: fitDiagnosticsJson(fit),
      sampler: { chains: fit.sampler.chains, draws: fit.sampler.draws, max_rhat: fit.sampler.maxRhat },
      notes: model.notes,
      paragraph: mmmParagraph(model.notes, locale),
      budget_plan: planned ? planJson(planned) : null,
      move: moved ? moveJson(moved) : null,
      side_by_side: side ? sideBySideJson(side) : null,
      calibration: fit.calibration ? calibrationJson(fit.calibration) : null,
    };
  });

  app.get("/api/mmm/lift-tests", ACCESS.read, async ({ workspace }) => ({
    lift_tests: await listLiftTests(store, workspace.id),
  }));

  app.post("/api/mmm/lift-tests", ACCESS.write, async ({ body, workspace }, reply) => {
    const input = parseBody(liftTestInputSchema, body);
    try {
      return reply.status(201).send(await addLiftTest(store, workspace.id, input));
    } catch (error) {
      if (error instanceof LiftTestChannelError)
        throw new ApiFailure("unprocessable", error.message, {
          issues: [{ path: "channel", message: error.message }],
        });
      throw error;
    }
  });

  app.delete<{ Params: { id: string } }>(
    "/api/mmm/lift-tests/:id",
    ACCESS.write,
    async ({ params, workspace }) => {
      if (!(await removeLiftTest(store, workspace.id, params.id)))
        throw new ApiFailure("not_found", `No lift test ${params.id}`);
      return { deleted: params.id };
    },
  );
};
