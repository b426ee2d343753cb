import {
  LOW_CONFIDENCE_BELOW,
  type MentionList,
  type MentionsQuery,
  type ScoredMention,
} from "../api/mentions.js";
import { normalizeNetwork } from "../domain/network.js";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import type { Store } from "../store/store.js";
import { needsReview, scoreMentions, sentimentBasis } from "./score-mentions.js";

const FILTERS: Record<MentionsQuery["filter"], (mention: ScoredMention) => boolean> = {
  all: () => true,
  "low-confidence": needsReview,
  corrected: (mention) => mention.source === "user",
};

/**
 * A page of the period's mentions (of one network when given), the newest first, each with the
 * model's verdict and the class counted; filtered to those needing review or those corrected.
 */
export async function listMentions(
  store: Store,
  workspace: Workspace,
  period: Period,
  query: Pick<MentionsQuery, "network" | "filter" | "limit" | "offset">,
): Promise<MentionList> {
  const network = query.network === undefined ? undefined : normalizeNetwork(query.network);
  const scored = await scoreMentions(store, workspace, period, network);
  const basis = sentimentBasis(scored);
  const matching = scored.filter(FILTERS[query.filter]);
  return {
    ...period,
    low_confidence_below: LOW_CONFIDENCE_BELOW,
    total: matching.length,
    low_confidence: basis.lowConfidence,
    corrected: basis.corrected,
    mentions: matching.slice(query.offset, query.offset + query.limit),
  };
}
