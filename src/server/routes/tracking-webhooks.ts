import type { FastifyInstance } from "fastify";
import { ZodError } from "zod";
import { ApiFailure } from "../../api/errors.js";
import { stripeEventSchema } from "../../api/webhooks.js";
import type { ConversionResult } from "../../tracking/record-conversion.js";
import { handleShopifyWebhook } from "../../tracking/shopify-webhook.js";
import { handleStripeEvent } from "../../tracking/stripe-webhook.js";
import { WEBHOOK_SECRET_ENV, type WebhookProvider, webhookSecret } from "../../tracking/webhook-secrets.js";
import { verifyShopifyHmac, verifyStripeSignature } from "../../tracking/webhook-signatures.js";
import { ACCESS } from "../access.js";
import { illFormedTextPath, issuesOf, parseBody } from "../parse-input.js";
import type { TrackingServer } from "./tracking.js";

function notConfigured(provider: WebhookProvider): ApiFailure {
  return new ApiFailure(
    "unavailable",
    `No ${provider} webhook secret: run \`socialroi token webhook-secret ${provider} SECRET\` or set ${WEBHOOK_SECRET_ENV[provider]}`,
  );
}

function parseJson(raw: Buffer): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ApiFailure("bad_request", "The body is not JSON");
  }
  const illFormed = illFormedTextPath(payload);
  if (illFormed !== undefined)
    throw new ApiFailure(
      "bad_request",
      `The body's ${illFormed} holds text that is not Unicode (a lone surrogate)`,
    );
  return payload;
}

/** Payloads that pass the signature but not our reading of them answer 400, with what did not fit. */
async function recordEvents(work: () => Promise<ConversionResult[]>) {
  try {
    const results = await work();
    return { received: true, recorded: results.filter((r) => r.recorded).length };
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    throw new ApiFailure("bad_request", "Unexpected payload", { issues: issuesOf(error) });
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

    const signed = { ...ACCESS.public, onRequest: tracking.admit };

    scope.post("/api/webhooks/stripe", signed, async (request) => {
      const secret = await webhookSecret(store, workspaceId, "stripe");
      if (!secret) throw notConfigured("stripe");
      const raw = request.body as Buffer;
      const signature = request.headers["stripe-signature"];
      if (!verifyStripeSignature(typeof signature === "string" ? signature : undefined, raw, secret)) {
        throw new ApiFailure("bad_request", "Invalid Stripe-Signature");
      }
      const event = parseBody(stripeEventSchema, parseJson(raw));
      return recordEvents(() => handleStripeEvent(tracking, event));
    });

    scope.post("/api/webhooks/shopify", signed, async (request) => {
      const secret = await webhookSecret(store, workspaceId, "shopify");
      if (!secret) throw notConfigured("shopify");
      const raw = request.body as Buffer;
      const hmac = request.headers["x-shopify-hmac-sha256"];
      if (!verifyShopifyHmac(typeof hmac === "string" ? hmac : undefined, raw, secret)) {
        throw new ApiFailure("unauthorized", "Invalid X-Shopify-Hmac-Sha256");
      }
      const payload = parseJson(raw);
      const topic = String(request.headers["x-shopify-topic"] ?? "");
      return recordEvents(() => handleShopifyWebhook(tracking, topic, payload));
    });
  });
}
