import { DEFAULT_LOOKBACK_DAYS } from "../api/attribution.js";
import { modelLabel } from "../attribution/compare.js";
import { computeAttribution } from "../attribution/index.js";
import { loadStorePaths } from "../attribution/store-paths.js";
import type { ModelName, ModelResult } from "../attribution/types.js";
import type { Locale, Workspace } from "../domain/workspace.js";
import { MMM_SIDE_BY_SIDE_WORDS } from "../i18n/mmm/words.js";
import type { ChannelFit, Estimate } from "../mmm/fit-model.js";
import type { Period } from "../period/data-period.js";
import type { Store } from "../store/store.js";

/**
 * How the model's incremental revenue of a network stands against the click-based credit: inside
 * the range the attribution models span (their intervals overlap), above all of it, or below.
 */
type SideBySideVerdict = "agree" | "mmm_higher" | "mmm_lower";

interface NetworkSideBySide {
  /** The network's id, as the model's channel and the attribution's network are named. */
  network: string;
  /** The network as a reader knows it (the `networkName` option; the id without it). */
  name: string;
  /** Revenue each click-based model credits the network with, by model label (`linear`, `markov_order_1`). */
  attributed: Record<string, number>;
  /** The least and the most generous model's credit. */
  attributedLow: number;
  attributedHigh: number;
  /** Revenue the model finds the network's ad spend added over its data, with its interval. */
  incremental: Estimate;
  verdict: SideBySideVerdict;
}

/** A network the click-based models credit that has no ad spend in the model. */
interface UnmodelledNetwork {
  network: string;
  name: string;
  attributedLow: number;
  attributedHigh: number;
}

export interface MmmSideBySide {
  /** The share of the model's posterior inside `incremental`'s interval (0.9). */
  interval: number;
  /** The attribution models' labels, in the order the attribution gives them. */
  models: string[];
  /** One row per channel of the model, in its order. */
  networks: NetworkSideBySide[];
  /** Credited through clicks but absent from the model: their sales are in the model's baseline. */
  unmodelled: UnmodelledNetwork[];
  /** Where the two disagree and why that can happen, in the reader's language. */
  sentence: string;
}

export interface SideBySideOptions {
  locale: Locale;
  /** A network's name for the reader (e.g. "LinkedIn" for "linkedin"); the id when absent. */
  networkName?: (network: string) => string;
}

export interface LoadSideBySideOptions extends Partial<SideBySideOptions> {
  /** Attribution models to set beside the model; every one when absent or empty. */
  models?: readonly ModelName[];
  /** Days before a sale whose clicks count, as the attribution's lookback; 30 when absent. */
  lookbackDays?: number;
}

/** The model's side of the comparison: a fit of revenue (an MmmFit), its channels being networks. */
export interface RevenueFit {
  interval: number;
  channels: readonly Pick<ChannelFit, "channel" | "contribution">[];
}

function verdictOf(incremental: Estimate, low: number, high: number): SideBySideVerdict {
  if (incremental.low > high) return "mmm_higher";
  if (incremental.high < low) return "mmm_lower";
  return "agree";
}

/** Per network, what each model credits it with (0 where a model credits it nothing). */
function creditsByNetwork(models: readonly ModelResult[]): Map<string, Record<string, number>> {
  const credits = new Map<string, Record<string, number>>();
  const networks = new Set(models.flatMap((model) => model.channels.map((credit) => credit.channel)));
  for (const network of networks) {
    credits.set(
      network,
      Object.fromEntries(
        models.map((model) => [
          modelLabel(model),
          model.channels.find((credit) => credit.channel === network)?.value ?? 0,
        ]),
      ),
    );
  }
  return credits;
}

const span = (credits: Record<string, number>) => {
  const values = Object.values(credits);
  return values.length === 0
    ? { attributedLow: 0, attributedHigh: 0 }
    : { attributedLow: Math.min(...values), attributedHigh: Math.max(...values) };
};

/**
 * Sets a revenue fit's channels beside the revenue the attribution models credit the same networks
 * with, and says in words where they disagree. Pure: the models are those of `computeAttribution`
 * over the period's journeys at network level, with channels named by network id.
 */
export function compareMmmWithAttribution(
  fit: RevenueFit,
  models: readonly ModelResult[],
  options: SideBySideOptions,
): MmmSideBySide {
  const nameOf = options.networkName ?? ((network: string) => network);
  const credits = creditsByNetwork(models);
  const labels = models.map(modelLabel);
  const noCredit = Object.fromEntries(labels.map((label) => [label, 0]));
  const networks = fit.channels.map((channel): NetworkSideBySide => {
    const attributed = credits.get(channel.channel) ?? noCredit;
    const range = span(attributed);
    return {
      network: channel.channel,
      name: nameOf(channel.channel),
      attributed,
      ...range,
      incremental: channel.contribution,
      verdict: verdictOf(channel.contribution, range.attributedLow, range.attributedHigh),
    };
  });
  const modelled = new Set(fit.channels.map((channel) => channel.channel));
  const unmodelled = [...credits.entries()]
    .filter(([network, credited]) => !modelled.has(network) && span(credited).attributedHigh > 0)
    .map(([network, credited]) => ({ network, name: nameOf(network), ...span(credited) }))
    .sort((a, b) => b.attributedHigh - a.attributedHigh);
  const journeys = [...credits.values()].some((credited) => span(credited).attributedHigh > 0);
  return {
    interval: fit.interval,
    models: labels,
    networks,
    unmodelled,
    sentence: sideBySideSentence(networks, unmodelled, journeys, options.locale),
  };
}

function sideBySideSentence(
  networks: readonly NetworkSideBySide[],
  unmodelled: readonly UnmodelledNetwork[],
  journeys: boolean,
  locale: Locale,
): string {
  const words = MMM_SIDE_BY_SIDE_WORDS[locale];
  const listed = (names: readonly string[]) => ({
    networks: new Intl.ListFormat(locale, { type: "conjunction" }).format(names),
    count: names.length,
  });
  const named = (verdict: SideBySideVerdict) =>
    networks.filter((network) => network.verdict === verdict).map((network) => network.name);
  const clauses = [
    ...(journeys ? [] : [words.noJourneys]),
    ...(
      [
        ["agree", words.agree],
        ["mmm_higher", words.mmmHigher],
        ["mmm_lower", words.mmmLower],
      ] as const
    ).flatMap(([verdict, clause]) => {
      const names = named(verdict);
      return names.length > 0 ? [clause(listed(names))] : [];
    }),
    ...(unmodelled.length > 0 ? [words.unmodelled(listed(unmodelled.map((network) => network.name)))] : []),
    words.why,
  ];
  return clauses.join(" ");
}

/**
 * The revenue fit of `period` beside the click-based attribution of the same period's sales
 * (journeys at network level, every sale of an identified customer, 30 days' lookback unless
 * told): what the PDF/PPTX/XLSX report section and `GET /api/mmm` show.
 */
export async function mmmSideBySide(
  store: Store,
  workspace: Workspace,
  period: Period,
  fit: RevenueFit,
  options: LoadSideBySideOptions = {},
): Promise<MmmSideBySide> {
  const locale = options.locale ?? workspace.locale;
  const paths = await loadStorePaths(store, workspace, period, {
    lookbackDays: options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS,
    level: "network",
    sales: "all",
  });
  const { models } = computeAttribution(paths.revenue, { models: options.models, lang: locale });
  return compareMmmWithAttribution(fit, models, { locale, networkName: options.networkName });
}
