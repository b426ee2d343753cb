/**
 * Sentiment corrections on every backend: kept per workspace and mention, outranking the model in
 * the list and the counts, kept through a re-import of the mentions, undone, each change audited.
 */
import assert from "node:assert/strict";
import { goalInputSchema } from "../../src/api/goals.js";
import { SENTIMENT_CLASSES, type SentimentClass } from "../../src/api/mentions.js";
import { listAuditEntries } from "../../src/audit/audit-entries.js";
import { computeGoals } from "../../src/goals/compute-goals.js";
import { createGoal } from "../../src/goals/create-goal.js";
import { correctMentionSentiment } from "../../src/insights/correct-mention-sentiment.js";
import { careByNetwork, customerCare } from "../../src/insights/customer-care.js";
import { listMentions } from "../../src/insights/list-mentions.js";
import {
  findScoredMention,
  MentionNotFoundError,
  mentionKey,
  scoreMentions,
} from "../../src/insights/score-mentions.js";
import { classifySentiment } from "../../src/insights/sentiment.js";
import { undoSentimentCorrection } from "../../src/insights/undo-sentiment-correction.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { importMentions } from "../insights/mention-files.js";
import { forEachBackend } from "./backends.js";

const MARCH = { from: "2026-03-01", to: "2026-03-31" };
const MENTIONS = [
  'm1,2026-03-02T10:00:00Z,facebook,a,"I love this, great product!",2026-03-02T10:30:00Z,1,en',
  "m2,2026-03-03T10:00:00Z,facebook,b,Terrible service and still waiting,2026-03-03T12:00:00Z,0,en",
  "m3,2026-03-04T10:00:00Z,instagram,c,le colis est arrivé,,,fr",
  "m4,2026-02-10T10:00:00Z,facebook,d,Awful,,,en",
];

/** A class the model did not give: correcting to it must change the counts. */
function otherThan(sentiment: SentimentClass): SentimentClass {
  return SENTIMENT_CLASSES.find((s) => s !== sentiment) as SentimentClass;
}

forEachBackend(
  "sentiment corrections: outrank the model, survive a re-import, undone, audited",
  async (store) => {
    const settings = { currency: "EUR", timezone: "UTC", locale: "en" } as const;
    const a = await createWorkspace(store, { name: "A", ...settings });
    const b = await createWorkspace(store, { name: "B", ...settings });
    await importMentions(store, a, MENTIONS);
    await importMentions(store, b, MENTIONS);

    const scored = await scoreMentions(store, a, MARCH);
    assert.deepEqual(
      scored.map((m) => [m.network, m.mention_id, m.occurred_at, m.source]),
      [
        ["instagram", "m3", "2026-03-04T10:00:00Z", "model"],
        ["facebook", "m2", "2026-03-03T10:00:00Z", "model"],
        ["facebook", "m1", "2026-03-02T10:00:00Z", "model"],
      ],
      "the period's mentions, the newest first, none corrected yet",
    );
    const m2 = scored[1]!;
    const model = await classifySentiment("Terrible service and still waiting", {
      language: "en",
      fallback: "en",
    });
    assert.deepEqual(
      [m2.model_sentiment, m2.sentiment, m2.score, m2.confidence, m2.language],
      [model.sentiment, model.sentiment, model.score, model.confidence, "en"],
    );
    assert.equal(m2.low_confidence, model.confidence < 0.6);

    const before = await customerCare(store, a, MARCH);
    const target = otherThan(m2.model_sentiment);
    const satisfactionGoal = (network?: string) =>
      createGoal(
        store,
        a.id,
        goalInputSchema.parse({
          goal: "customer_satisfaction",
          indicator: `${target}_mentions`,
          target: 10,
          period_start: MARCH.from,
          period_end: MARCH.to,
          network,
        }),
      );
    const allGoal = await satisfactionGoal();
    const facebookGoal = await satisfactionGoal("facebook");
    assert.equal(
      (await computeGoals(store, a, { at: MARCH.to })).find((g) => g.goal_id === allGoal)?.actual,
      before[`${target}_mentions`],
    );
    const corrected = await correctMentionSentiment(store, a, mentionKey("Facebook", "m2"), target);
    assert.deepEqual(
      [corrected.sentiment, corrected.source, corrected.model_sentiment],
      [target, "user", m2.model_sentiment],
    );
    const after = await customerCare(store, a, MARCH);
    // The satisfaction goals read the same counts, in all and per network.
    const actual = async (goalId: string) =>
      (await computeGoals(store, a, { at: MARCH.to })).find((g) => g.goal_id === goalId)?.actual;
    const facebook = await customerCare(store, a, MARCH, "facebook");
    assert.deepEqual(
      [await actual(allGoal), await actual(facebookGoal)],
      [after[`${target}_mentions`], facebook[`${target}_mentions`]],
    );
    const counted = (care: typeof before, s: SentimentClass) => care[`${s}_mentions`];
    assert.equal(counted(after, target), counted(before, target) + 1, "the user's class is counted");
    assert.equal(counted(after, m2.model_sentiment), counted(before, m2.model_sentiment) - 1);
    assert.deepEqual(await customerCare(store, b, MARCH), before, "another workspace's mention is its own");

    // The same file imported again (the mention updated): the correction stays.
    await importMentions(
      store,
      a,
      MENTIONS.map((row) => row.replace("2026-03-03T12:00:00Z,0", "2026-03-03T12:00:00Z,1")),
    );
    assert.equal((await findScoredMention(store, a, mentionKey("facebook", "m2"))).sentiment, target);
    assert.equal((await customerCare(store, a, MARCH)).share_resolved, 1, "the re-import took");

    const list = await listMentions(store, a, MARCH, { filter: "corrected", limit: 10, offset: 0 });
    assert.deepEqual([list.total, list.corrected, list.mentions.map((m) => m.mention_id)], [1, 1, ["m2"]]);
    const page = await listMentions(store, a, MARCH, { filter: "all", limit: 1, offset: 1 });
    assert.deepEqual([page.total, page.mentions.map((m) => m.mention_id)], [3, ["m2"]]);
    const unsure = await listMentions(store, a, MARCH, { filter: "low-confidence", limit: 10, offset: 0 });
    assert.ok(unsure.mentions.every((m) => m.low_confidence && m.source === "model"));
    assert.equal(unsure.total, unsure.low_confidence);

    const { networks, basis } = await careByNetwork(store, a, MARCH);
    assert.deepEqual(
      networks.map((n) => [n.network, n.current.mentions, n.previous.mentions]),
      [
        ["facebook", 2, 1],
        ["instagram", 1, 0],
      ],
    );
    assert.deepEqual([basis.mentions, basis.corrected, basis.languages], [3, 1, { en: 2, fr: 1, nl: 0 }]);

    // Set again to the same class: nothing changed, nothing logged; then another class, then undone.
    await correctMentionSentiment(store, a, mentionKey("facebook", "m2"), target);
    const second = otherThan(target);
    await correctMentionSentiment(store, a, mentionKey("facebook", "m2"), second);
    const undone = await undoSentimentCorrection(store, a, mentionKey("facebook", "m2"));
    assert.deepEqual([undone.sentiment, undone.source], [m2.model_sentiment, "model"]);
    assert.deepEqual(await customerCare(store, a, MARCH), { ...before, share_resolved: 1 });
    assert.equal((await undoSentimentCorrection(store, a, mentionKey("facebook", "m2"))).source, "model");

    for (const refused of [
      () => correctMentionSentiment(store, a, mentionKey("facebook", "nope"), "positive"),
      () => undoSentimentCorrection(store, a, mentionKey("x", "m2")),
    ])
      await assert.rejects(refused, MentionNotFoundError);

    const audit = (await listAuditEntries(store, a.id, { from: "2000-01-01", to: "2100-01-01" })).filter(
      (entry) => entry.object_type === "sentiment_correction",
    );
    assert.deepEqual(audit.map((entry) => [entry.action, entry.object_id]).sort(), [
      ["create", "facebook/m2"],
      ["delete", "facebook/m2"],
      ["update", "facebook/m2"],
    ]);
    const update = audit.find((entry) => entry.action === "update");
    assert.deepEqual(
      [update?.old_value, update?.new_value],
      [
        { network: "facebook", mention_id: "m2", sentiment: target, model_sentiment: m2.model_sentiment },
        { network: "facebook", mention_id: "m2", sentiment: second, model_sentiment: m2.model_sentiment },
      ],
    );
    assert.deepEqual(
      (await listAuditEntries(store, b.id, { from: "2000-01-01", to: "2100-01-01" })).filter(
        (entry) => entry.object_type === "sentiment_correction",
      ),
      [],
    );
  },
);
