import type { AggregatedPaths } from "./aggregate.js";
import type { ChannelCredit, ModelName, ModelResult } from "./types.js";

export function channelCredits(
  channels: readonly string[],
  conversions: ArrayLike<number>,
  value: ArrayLike<number>,
): ChannelCredit[] {
  return channels.map((channel, i) => ({ channel, conversions: conversions[i]!, value: value[i]! }));
}

function isDirectChannel(name: string): boolean {
  return /^\(?direct\)?$/i.test(name.trim());
}

export type RuleModelName = Extract<
  ModelName,
  "first_touch" | "last_touch" | "last_non_direct" | "linear" | "position_based"
>;
export const RULE_MODELS: readonly RuleModelName[] = [
  "first_touch",
  "last_touch",
  "last_non_direct",
  "linear",
  "position_based",
];

/** Adds `share` of the path's outcome to `channel`; each rule calls it once per credited position. */
type Credit = (channel: number, share: number) => void;
type Rule = (path: readonly number[], credit: Credit, isDirect: readonly boolean[]) => void;

const POSITION_ENDS_SHARE = 0.4;

const rules: Record<RuleModelName, Rule> = {
  first_touch: (path, credit) => credit(path[0]!, 1),
  last_touch: (path, credit) => credit(path[path.length - 1]!, 1),
  last_non_direct: (path, credit, isDirect) => {
    for (let i = path.length - 1; i >= 0; i--) {
      if (!isDirect[path[i]!]) return credit(path[i]!, 1);
    }
    credit(path[path.length - 1]!, 1);
  },
  linear: (path, credit) => {
    for (const channel of path) credit(channel, 1 / path.length);
  },
  position_based: (path, credit) => {
    const length = path.length;
    if (length <= 2) {
      for (const channel of path) credit(channel, 1 / length);
      return;
    }
    credit(path[0]!, POSITION_ENDS_SHARE);
    credit(path[length - 1]!, POSITION_ENDS_SHARE);
    const middleShare = (1 - 2 * POSITION_ENDS_SHARE) / (length - 2);
    for (let i = 1; i < length - 1; i++) credit(path[i]!, middleShare);
  },
};

/** All requested rule-based models in a single pass over the unique paths. */
export function ruleModels(aggregated: AggregatedPaths, models: readonly RuleModelName[]): ModelResult[] {
  const channelCount = aggregated.channels.length;
  const isDirect = aggregated.channels.map(isDirectChannel);
  const totals = models.map(() => ({
    conversions: new Float64Array(channelCount),
    value: new Float64Array(channelCount),
  }));
  for (const path of aggregated.paths) {
    if (path.conversions === 0 && path.value === 0) continue;
    models.forEach((model, m) => {
      const { conversions, value } = totals[m]!;
      rules[model](
        path.channels,
        (channel, share) => {
          conversions[channel]! += path.conversions * share;
          value[channel]! += path.value * share;
        },
        isDirect,
      );
    });
  }
  return models.map((model, m) => ({
    model,
    channels: channelCredits(aggregated.channels, totals[m]!.conversions, totals[m]!.value),
  }));
}

export function timeDecayModel(aggregated: AggregatedPaths): ModelResult {
  const { timeDecay } = aggregated;
  const result: ModelResult = {
    model: "time_decay",
    method: `weight 2^(-days before conversion / ${timeDecay.halfLifeDays}), normalised per conversion`,
    channels: channelCredits(aggregated.channels, timeDecay.conversions, timeDecay.value),
  };
  if (timeDecay.journeysWithoutTimes === 0) return result;
  if (timeDecay.journeysWithoutTimes === timeDecay.convertingJourneys) {
    result.method = "fallback_linear";
    result.note =
      "time decay is not available: the input has no touch times (path table), so every touch gets equal weight (same as linear)";
  } else {
    result.note = `${timeDecay.journeysWithoutTimes} of ${timeDecay.convertingJourneys} converting journeys have no touch times and are credited with equal weights`;
  }
  return result;
}
