import { ApiFailure } from "../../api/errors.js";
import { mentionParamsSchema, mentionsQuerySchema, sentimentCorrectionSchema } from "../../api/mentions.js";
import { correctMentionSentiment } from "../../insights/correct-mention-sentiment.js";
import { listMentions } from "../../insights/list-mentions.js";
import { MentionNotFoundError, mentionKey } from "../../insights/score-mentions.js";
import { undoSentimentCorrection } from "../../insights/undo-sentiment-correction.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";

/** The mention's key from the path; another workspace's mention is one this one does not have (404). */
function keyOf(raw: unknown) {
  const params = parseQuery(mentionParamsSchema, raw);
  return mentionKey(params.network, params.mentionId);
}

async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof MentionNotFoundError) throw new ApiFailure("not_found", error.message);
    throw error;
  }
}

/** Mentions with their sentiment, and the user's corrections of it, which outrank the model. */
export const mentionRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/mentions", ACCESS.read, async ({ query: raw, workspace }) => {
    const query = parseQuery(mentionsQuerySchema, raw);
    return listMentions(store, workspace, await resolvePeriod(store, workspace, query), query);
  });
  app.put(
    "/api/mentions/:network/:mentionId/sentiment",
    ACCESS.write,
    async ({ params, body, workspace }) => {
      const key = keyOf(params);
      const { sentiment } = parseBody(sentimentCorrectionSchema, body);
      return orNotFound(correctMentionSentiment(store, workspace, key, sentiment));
    },
  );
  app.delete("/api/mentions/:network/:mentionId/sentiment", ACCESS.write, async ({ params, workspace }) =>
    orNotFound(undoSentimentCorrection(store, workspace, keyOf(params))),
  );
};
