import type { Locale } from "../domain/workspace.js";
import { MMM_WORDS } from "../i18n/mmm/words.js";
import { networkName } from "../i18n/network-names.js";
import { formatter } from "../i18n/reports/index.js";
import type { MmmNote } from "../mmm/model-notes.js";

/** Figures here are counts, shares and R-hats: no amount of money is written. */
const NO_CURRENCY = "XXX";

/**
 * The marketing mix model's notes as one paragraph in the reader's language: the mmm room says
 * what holds, src/i18n/mmm says it in words, and this joins them (neither may import the other).
 * The notes name channels by their ids: a workspace's are networks, named as a reader knows them;
 * a file's (`socialroi mmm --series`) are the file's own names, kept with `channelName`.
 */
export function mmmParagraph(
  notes: readonly MmmNote[],
  locale: Locale,
  channelName: (channel: string) => string = networkName,
): string {
  const words = MMM_WORDS[locale];
  const fmt = formatter(locale, NO_CURRENCY);
  const list = (channels: readonly string[]) =>
    new Intl.ListFormat(locale, { type: "conjunction" }).format(channels.map(channelName));
  const sentence = (note: MmmNote): string => {
    switch (note.code) {
      case "history":
        return words.history({
          periods: fmt.format(note.periods, "count"),
          weekly: note.cadence === "weekly",
          from: fmt.date(note.from),
          to: fmt.date(note.to),
        });
      case "correlation_over_time":
        return words.correlationOverTime;
      case "needs_spend_variation":
        return words.needsSpendVariation;
      case "little_spend_variation":
        return words.littleSpendVariation({ channels: list(note.channels), count: note.channels.length });
      case "wide_intervals":
        return words.wideIntervals({ channels: list(note.channels), count: note.channels.length });
      case "holdout_error":
        return words.holdoutError({
          error: fmt.format(note.mape, "percent"),
          periods: fmt.format(note.periods, "count"),
          weekly: note.cadence === "weekly",
        });
      case "no_holdout":
        return words.noHoldout;
      case "lift_tests":
        return words.liftTests({
          tests: note.tests,
          disagreeing: note.disagreeing.length > 0 ? list(note.disagreeing) : null,
        });
      case "not_converged":
        return words.notConverged({ rhat: fmt.format(note.rhat, "decimal") });
      case "beyond_data":
        return words.beyondData;
    }
  };
  return notes.map(sentence).join(" ");
}
