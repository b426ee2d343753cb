import type { Locale } from "../domain/workspace.js";
import type { AggregatedPaths } from "./aggregate.js";
import { type ChannelComparison, compareModels } from "./compare.js";
import { chooseMarkovOrder, markovModel, type OrderCandidate } from "./markov.js";
import { RULE_MODELS, ruleModels, timeDecayModel } from "./rules.js";
import { type ShapleyOptions, shapleyModel } from "./shapley.js";
import { MODEL_NAMES, type ModelName, type ModelResult } from "./types.js";

export type { AggregatedPaths } from "./aggregate.js";

export * from "./types.js";

export interface AttributionOptions {
  models?: readonly ModelName[];
  /** A fixed order 1–4, or "auto" for the penalised-AUC order chooser. Default 1. */
  markovOrder?: number | "auto";
  includeMatrix?: boolean;
  shapley?: ShapleyOptions;
  lang?: Locale;
}

export interface AttributionReport {
  models: ModelResult[];
  comparison: ChannelComparison[];
  totals: {
    conversions: number;
    value: number;
    nulls: number;
    unique_paths: number;
    unattributed_conversions: number;
    unattributed_value: number;
  };
  markov_order_choice?: { order: number; candidates: OrderCandidate[] };
}

/** Every requested model over the same unique paths, in the canonical model order. */
export function computeAttribution(
  aggregated: AggregatedPaths,
  options: AttributionOptions = {},
): AttributionReport {
  const requested = new Set(options.models?.length ? options.models : MODEL_NAMES);
  const report: AttributionReport = {
    models: [],
    comparison: [],
    totals: {
      conversions: aggregated.totalConversions,
      value: aggregated.totalValue,
      nulls: aggregated.totalNulls,
      unique_paths: aggregated.paths.length,
      unattributed_conversions: aggregated.unattributedConversions,
      unattributed_value: aggregated.unattributedValue,
    },
  };
  const rules = ruleModels(
    aggregated,
    RULE_MODELS.filter((model) => requested.has(model)),
  );
  const computed = new Map<ModelName, ModelResult>(rules.map((result) => [result.model, result]));
  if (requested.has("time_decay")) computed.set("time_decay", timeDecayModel(aggregated));
  if (requested.has("markov")) {
    let order = 1;
    if (options.markovOrder === "auto") {
      report.markov_order_choice = chooseMarkovOrder(aggregated);
      order = report.markov_order_choice.order;
    } else if (options.markovOrder !== undefined) {
      order = options.markovOrder;
    }
    computed.set("markov", markovModel(aggregated, order, { includeMatrix: options.includeMatrix ?? false }));
  }
  if (requested.has("shapley")) computed.set("shapley", shapleyModel(aggregated, options.shapley));
  report.models = MODEL_NAMES.flatMap((model) => computed.get(model) ?? []);
  report.comparison = compareModels(report.models, aggregated.totalConversions, options.lang);
  return report;
}
