import type { Locale } from "../domain/workspace.js";
import type { ModelResult } from "./types.js";

export interface ChannelComparison {
  channel: string;
  /** Share of all attributed conversions, per model label (e.g. `linear`, `markov_order_2`). */
  shares: Record<string, number>;
  min_share: number;
  max_share: number;
  sentence: string;
}

/** Spread in percentage points between the most and least generous model. */
const STRONG_SPREAD_POINTS = 10;
const MODERATE_SPREAD_POINTS = 3;
type Dependence = "none" | "weak" | "moderate" | "strong";

const percent: Record<Locale, (share: number) => string> = {
  en: (share) => `${Math.round(share * 100)}%`,
  fr: (share) => `${Math.round(share * 100)} %`,
  nl: (share) => `${Math.round(share * 100)}%`,
};

const sentences: Record<
  Locale,
  (channel: string, low: string, high: string, dependence: Dependence) => string
> = {
  en: (channel, low, high, dependence) =>
    dependence === "none"
      ? `${channel} gets ${low} of the credit under every model: the conclusion does not depend on the model.`
      : `${channel} gets between ${low} and ${high} of the credit depending on the model: the conclusion ${
          { weak: "hardly depends", moderate: "depends somewhat", strong: "depends strongly" }[dependence]
        } on the model.`,
  fr: (channel, low, high, dependence) =>
    dependence === "none"
      ? `${channel} reçoit ${low} du crédit avec chaque modèle : la conclusion ne dépend pas du modèle.`
      : `${channel} reçoit entre ${low} et ${high} du crédit selon le modèle : la conclusion ${
          { weak: "dépend peu", moderate: "dépend en partie", strong: "dépend fortement" }[dependence]
        } du modèle.`,
  nl: (channel, low, high, dependence) =>
    dependence === "none"
      ? `${channel} krijgt ${low} van de toekenning in elk model: de conclusie hangt niet af van het model.`
      : `${channel} krijgt tussen ${low} en ${high} van de toekenning, afhankelijk van het model: de conclusie hangt ${
          { weak: "nauwelijks", moderate: "enigszins", strong: "sterk" }[dependence]
        } af van het model.`,
};

export function modelLabel(result: ModelResult): string {
  return result.order === undefined ? result.model : `${result.model}_order_${result.order}`;
}

export function compareModels(
  results: readonly ModelResult[],
  totalConversions: number,
  lang: Locale = "en",
): ChannelComparison[] {
  const channels = [...new Set(results.flatMap((result) => result.channels.map((c) => c.channel)))].sort();
  return channels.map((channel) => {
    const shares: Record<string, number> = {};
    for (const result of results) {
      const credit = result.channels.find((c) => c.channel === channel)?.conversions ?? 0;
      shares[modelLabel(result)] = totalConversions > 0 ? credit / totalConversions : 0;
    }
    const values = Object.values(shares);
    const minShare = Math.min(...values);
    const maxShare = Math.max(...values);
    const low = percent[lang](minShare);
    const high = percent[lang](maxShare);
    const spreadPoints = (maxShare - minShare) * 100;
    const dependence: Dependence =
      low === high
        ? "none"
        : spreadPoints >= STRONG_SPREAD_POINTS
          ? "strong"
          : spreadPoints >= MODERATE_SPREAD_POINTS
            ? "moderate"
            : "weak";
    return {
      channel,
      shares,
      min_share: minShare,
      max_share: maxShare,
      sentence: sentences[lang](channel, low, high, dependence),
    };
  });
}
