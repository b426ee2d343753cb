import type { FastifyInstance, FastifyReply } from "fastify";
import { ZodError } from "zod";
import type { ConversionResult } from "../../tracking/record-conversion.js";
import { handleShopifyWebhook } from "../../tracking/shopify-webhook.js";
import { handleStripeEvent, stripeEventSchema } from "../../tracking/stripe-webhook.js";
import { WEBHOOK_SECRET_ENV, type WebhookProvider, webhookSecret } from "../../tracking/webhook-secrets.js";
import { verifyShopifyHmac, verifyStripeSignature } from "../../tracking/webhook-signatures.js";
import { PUBLIC } from "../access.js";
import { illFormedTextPath, parseBody } from "../parse-input.js";
import type { TrackingServer } from "./tracking.js";

function notConfigured(reply: FastifyReply, provider: WebhookProvider) {
  return reply.status(503).send({
    error: `No ${provider} webhook secret: run \`socialroi token webhook-secret ${provider} SECRET\` or set ${WEBHOOK_SECRET_ENV[provider]}`,
  });
}

function parseJson(raw: Buffer, reply: FastifyReply): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    reply.status(400).send({ error: "The body is not JSON" });
    return undefined;
  }
  const illFormed = illFormedTextPath(payload);
  if (illFormed === undefined) return payload;
  reply
    .status(400)
    .send({ error: `The body's ${illFormed} holds text that is not Unicode (a lone surrogate)` });
  return undefined;
}

/** Payloads that pass the signature but not our reading of them answer 400, with what did not fit. */
async function recordEvents(reply: FastifyReply, work: () => Promise<ConversionResult[]>) {
  try {
    const results = await work();
    return reply.send({ received: true, recorded: results.filter((r) => r.recorded).length });
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    return reply.status(400).send({
      error: "Unexpected payload",
      issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
}

/** Stripe and Shopify webhooks, authenticated by their signatures over the raw body. */
export async function trackingWebhookRoutes(app: FastifyInstance, tracking: TrackingServer): Promise<void> {
  const { store, workspaceId } = tracking;
  await app.register(async (scope) => {
    // Signatures are computed over the bytes sent, so the body is kept raw and parsed after checking.
    scope.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) =>
      done(null, body),
    );

    const signed = { ...PUBLIC, onRequest: tracking.admit };

    scope.post("/api/webhooks/stripe", signed, async (request, reply) => {
      const secret = await webhookSecret(store, workspaceId, "stripe");
      if (!secret) return notConfigured(reply, "stripe");
      const raw = request.body as Buffer;
      const signature = request.headers["stripe-signature"];
      if (!verifyStripeSignature(typeof signature === "string" ? signature : undefined, raw, secret)) {
        return reply.status(400).send({ error: "Invalid Stripe-Signature" });
      }
      const payload = parseJson(raw, reply);
      if (payload === undefined) return reply;
      const event = parseBody(stripeEventSchema, payload, reply);
      if (!event) return reply;
      return recordEvents(reply, () => handleStripeEvent(tracking, event));
    });

    scope.post("/api/webhooks/shopify", signed, async (request, reply) => {
      const secret = await webhookSecret(store, workspaceId, "shopify");
      if (!secret) return notConfigured(reply, "shopify");
      const raw = request.body as Buffer;
      const hmac = request.headers["x-shopify-hmac-sha256"];
      if (!verifyShopifyHmac(typeof hmac === "string" ? hmac : undefined, raw, secret)) {
        return reply.status(401).send({ error: "Invalid X-Shopify-Hmac-Sha256" });
      }
      const payload = parseJson(raw, reply);
      if (payload === undefined) return reply;
      const topic = String(request.headers["x-shopify-topic"] ?? "");
      return recordEvents(reply, () => handleShopifyWebhook(tracking, topic, payload));
    });
  });
}
