import { LOW_CONFIDENCE_BELOW } from "../../api/mentions.js";
import { LOCALES } from "../../domain/workspace.js";
import { CARE_WORDS } from "../../i18n/reports/care.js";
import type { NetworkCare } from "../../insights/customer-care.js";
import type { SentimentBasis } from "../../insights/score-mentions.js";
import { sentimentMethod } from "../../insights/sentiment-method.js";
import type { ReportTable } from "../model.js";
import type { SectionContext } from "./context.js";

export interface CareInputs {
  networks: NetworkCare[];
  basis: SentimentBasis;
}

/** Which classifier gave each language's verdicts: the languages the mentions were in, else all. */
function models(ctx: SectionContext, basis: SentimentBasis): string {
  const w = CARE_WORDS[ctx.lang];
  const seen = LOCALES.filter((language) => basis.languages[language] > 0);
  return (seen.length > 0 ? seen : LOCALES)
    .map((language) => {
      const method = sentimentMethod(language);
      const name = w.languages[language];
      return method.kind === "model"
        ? w.model({ language: name, source: method.source, examples: ctx.f(method.examples, "count") })
        : w.lexicon(name);
    })
    .join("; ");
}

/**
 * The satisfaction indicators per network (positive and negative mentions beside the period
 * before's, response time, issues resolved), read from the model and the users' corrections, and
 * the sentence saying how the sentiment was found. Nothing without mentions.
 */
export function careParts(
  ctx: SectionContext,
  { networks, basis }: CareInputs,
): {
  paragraphs: string[];
  tables: ReportTable[];
} {
  if (basis.mentions === 0) return { paragraphs: [], tables: [] };
  const w = CARE_WORDS[ctx.lang];
  const sum = (pick: (care: NetworkCare) => number) => networks.reduce((total, n) => total + pick(n), 0);
  const count = (value: number) => ctx.f(value, "count");
  const positive = ctx.metricName("positive_mentions");
  const negative = ctx.metricName("negative_mentions");
  return {
    paragraphs: [
      w.intro({
        mentions: count(basis.mentions),
        positive: count(sum((n) => n.current.positive_mentions)),
        negative: count(sum((n) => n.current.negative_mentions)),
      }),
      w.method({
        models: models(ctx, basis),
        mentions: count(basis.mentions),
        corrected: count(basis.corrected),
        lowConfidence: count(basis.lowConfidence),
        threshold: ctx.f(LOW_CONFIDENCE_BELOW, "decimal"),
      }),
    ],
    tables: [
      {
        id: "customer_care",
        title: w.title,
        columns: [
          ctx.text(ctx.words.columns.network),
          ctx.metricColumn("mentions", "count"),
          ctx.metricColumn("positive_mentions", "count"),
          { label: w.columns.previous(positive), kind: "count" },
          ctx.metricColumn("negative_mentions", "count"),
          { label: w.columns.previous(negative), kind: "count" },
          { label: w.columns.medianResponse, kind: "decimal" },
          { label: w.columns.answered, kind: "percent" },
          { label: w.columns.resolved, kind: "percent" },
        ],
        rows: networks.map(({ network, current, previous }) => [
          { value: ctx.networkName(network), kind: "text" },
          { value: current.mentions, kind: "count" },
          { value: current.positive_mentions, kind: "count" },
          { value: previous.positive_mentions, kind: "count" },
          { value: current.negative_mentions, kind: "count" },
          { value: previous.negative_mentions, kind: "count" },
          { value: current.median_response_minutes, kind: "decimal" },
          { value: current.share_answered, kind: "percent" },
          { value: current.share_resolved, kind: "percent" },
        ]),
      },
    ],
  };
}
