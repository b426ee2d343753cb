import type { ScoredMention, SentimentClass } from "../api/mentions.js";
import { recordChange } from "../audit/record-change.js";
import type { Workspace } from "../domain/workspace.js";
import type { Store } from "../store/store.js";
import { findScoredMention, type MentionKey } from "./score-mentions.js";

/** What the audit log keeps of a correction: which mention, the user's class and the model's. */
export function correctionEntry(mention: ScoredMention) {
  return {
    network: mention.network,
    mention_id: mention.mention_id,
    sentiment: mention.sentiment,
    model_sentiment: mention.model_sentiment,
  };
}

/** The audit log's id of a mention's correction. */
export function correctionId(key: MentionKey): string {
  return `${key.network}/${key.mentionId}`;
}

/** Removes the workspace's correction of a mention, if any. */
export async function forgetCorrection(store: Store, workspace: Workspace, key: MentionKey): Promise<void> {
  await store.run(
    "DELETE FROM sentiment_corrections WHERE workspace_id = $ws AND network = $network AND mention_id = $id",
    { ws: workspace.id, network: key.network, id: key.mentionId },
  );
}

/**
 * Sets a mention's class: from then on every count and list uses it instead of the model's, and
 * it stays through re-imports of the mention (kept apart, by the mention's natural key).
 * MentionNotFoundError when the workspace has no such mention.
 */
export async function correctMentionSentiment(
  store: Store,
  workspace: Workspace,
  key: MentionKey,
  sentiment: SentimentClass,
): Promise<ScoredMention> {
  return store.transaction(async () => {
    const before = await findScoredMention(store, workspace, key);
    await forgetCorrection(store, workspace, key);
    await store.run(
      `INSERT INTO sentiment_corrections (workspace_id, network, mention_id, sentiment, corrected_at)
       VALUES ($ws, $network, $id, $sentiment, now())`,
      { ws: workspace.id, network: key.network, id: key.mentionId, sentiment },
    );
    const after = await findScoredMention(store, workspace, key);
    await recordChange(store, {
      workspaceId: workspace.id,
      object: "sentiment_correction",
      objectId: correctionId(key),
      before: before.source === "user" ? correctionEntry(before) : undefined,
      after: correctionEntry(after),
    });
    return after;
  });
}
