import type { ScoredMention } from "../api/mentions.js";
import { recordChange } from "../audit/record-change.js";
import type { Workspace } from "../domain/workspace.js";
import type { Store } from "../store/store.js";
import { correctionEntry, correctionId, forgetCorrection } from "./correct-mention-sentiment.js";
import { findScoredMention, type MentionKey } from "./score-mentions.js";

/**
 * Gives a mention back to the model: its class is the model's again. A mention never corrected
 * is left as it is. MentionNotFoundError when the workspace has no such mention.
 */
export async function undoSentimentCorrection(
  store: Store,
  workspace: Workspace,
  key: MentionKey,
): Promise<ScoredMention> {
  return store.transaction(async () => {
    const before = await findScoredMention(store, workspace, key);
    if (before.source === "model") return before;
    await forgetCorrection(store, workspace, key);
    await recordChange(store, {
      workspaceId: workspace.id,
      object: "sentiment_correction",
      objectId: correctionId(key),
      before: correctionEntry(before),
      after: undefined,
    });
    return findScoredMention(store, workspace, key);
  });
}
