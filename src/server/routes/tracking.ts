import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ERROR_STATUS, errorBody } from "../../api/errors.js";
import { leadBodySchema, saleBodySchema } from "../../api/tracking.js";
import { isCrawler } from "../../tracking/bot-detection.js";
import { CLIENT_SCRIPT } from "../../tracking/client-script.js";
import { listHeldConversions } from "../../tracking/held-conversions.js";
import { LinkCache, redirectLocation } from "../../tracking/link-cache.js";
import { LinkDomainCache } from "../../tracking/link-domains.js";
import { RateLimiter, rateLimitFromEnv } from "../../tracking/rate-limit.js";
import { ClickRecorder } from "../../tracking/record-click.js";
import type { TrackingDeps } from "../../tracking/record-conversion.js";
import { trackLead } from "../../tracking/track-lead.js";
import { trackSale } from "../../tracking/track-sale.js";
import { WriteQueue } from "../../tracking/write-queue.js";
import { ACCESS } from "../access.js";
import type { AppContext, RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";
import { requireRate } from "./manage-common.js";
import { trackingLinkRoutes } from "./tracking-links.js";
import { trackingWebhookRoutes } from "./tracking-webhooks.js";

/**
 * What the tracking routes share: the click recorder, the link cache and the write queue. Its
 * workspace is the served one, which the public routes (redirect, webhooks) answer for; the routes
 * a caller authenticates act on the request's workspace (`inWorkspace`).
 */
export interface TrackingServer extends TrackingDeps {
  context: AppContext;
  recorder: ClickRecorder;
  /** The redirect's cache of a workspace's active links. */
  links(workspaceId: string): LinkCache;
  /**
   * onRequest hook of the tracking API: 429 when the client's address is over its rate, before
   * anything else is done for it (the token check included).
   */
  admit(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
}

/** The tracking dependencies acting on the request's workspace. */
function inWorkspace(tracking: TrackingServer, request: FastifyRequest): TrackingDeps {
  return { ...tracking, workspaceId: request.workspace.id };
}

const REDIRECT_PATH = "/l/";

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font:16px system-ui,sans-serif;margin:3rem;color:#1d2433"><h1>Link not found</h1>
<p>This link does not exist or is no longer active.</p></body></html>`;

function limiter(perMinute: number): RateLimiter | undefined {
  const rate = rateLimitFromEnv(perMinute);
  return rate > 0 ? new RateLimiter(rate, Math.max(10, Math.ceil(rate / 5))) : undefined;
}

export const trackingRoutes: RoutePlugin = async (app, context) => {
  const { store, workspace } = context;
  const queue = new WriteQueue();
  const recorder = await ClickRecorder.open(store, queue);
  app.addHook("onClose", () => recorder.close());
  const apiLimiter = limiter(600);
  // Over its rate a visitor is still redirected; the click is just not counted.
  const clickLimiter = limiter(300);
  const linkCaches = new Map<string, LinkCache>();
  const domains = new LinkDomainCache(store);

  const tracking: TrackingServer = {
    context,
    store,
    queue,
    workspaceId: workspace.id,
    clicks: recorder,
    recorder,
    links(workspaceId) {
      const cache = linkCaches.get(workspaceId) ?? new LinkCache(store, workspaceId);
      linkCaches.set(workspaceId, cache);
      return cache;
    },
    async admit(request, reply) {
      if (!apiLimiter || apiLimiter.take(request.ip)) return undefined;
      return reply
        .status(ERROR_STATUS.rate_limited)
        .header("retry-after", "10")
        .send(errorBody("rate_limited", "Too many requests"));
    },
  };

  context.rawRoutes.add((request, response) => {
    const { method, url = "" } = request;
    if ((method !== "GET" && method !== "HEAD") || !url.startsWith(REDIRECT_PATH)) return false;
    answerRedirect(request, response).catch((error: unknown) => {
      app.log.error(error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Internal error");
    });
    return true;
  });

  /** `GET /l/:slug`: 302 to the link's destination, the click logged before the answer goes out. */
  async function answerRedirect(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? "";
    const queryAt = url.indexOf("?");
    const slug = decodedSlug(url.slice(REDIRECT_PATH.length, queryAt < 0 ? undefined : queryAt));
    // Through a workspace's short-link domain only its links open; through any other host, the served one's.
    const workspaceId = (await domains.workspaceOf(request.headers.host)) ?? workspace.id;
    const link = slug ? await tracking.links(workspaceId).active(slug) : null;
    if (!link) {
      response.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      response.end(NOT_FOUND_PAGE);
      return;
    }
    const search = queryAt < 0 ? "" : url.slice(queryAt + 1);
    const redirect = (clickId: string | undefined) => {
      response.writeHead(302, {
        location: redirectLocation(link.target, search, clickId),
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer-when-downgrade",
      });
      response.end();
    };
    const { headers } = request;
    const userAgent = headers["user-agent"];
    const ip = context.clientAddress(request);
    // A HEAD request checks the link; only a browser following it is a click.
    const counted =
      request.method === "GET" && !isCrawler(userAgent) && (!clickLimiter || clickLimiter.take(ip));
    if (!counted) return redirect(undefined);
    recorder.record(
      {
        workspaceId,
        linkId: link.id,
        ip,
        userAgent: userAgent ?? "",
        referrer: headers.referer,
        country: headerValue(headers["cf-ipcountry"] ?? headers["x-country"]),
      },
      redirect,
    );
  }

  app.get("/sr.js", ACCESS.public, async (_request, reply) =>
    reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .header("access-control-allow-origin", "*")
      .send(CLIENT_SCRIPT),
  );

  const trackingApi = { ...ACCESS.track, onRequest: tracking.admit };

  app.post("/api/track/lead", trackingApi, async (request) =>
    trackLead(inWorkspace(tracking, request), parseBody(leadBodySchema, request.body)),
  );

  app.post("/api/track/sale", trackingApi, async (request) => {
    const body = parseBody(saleBodySchema, request.body);
    // The caller is there to be told, unlike a shop's webhook (whose sale is held aside instead).
    await requireRate(store, request.workspace, body.currency, null, "unprocessable");
    return trackSale(inWorkspace(tracking, request), {
      source: "api",
      invoiceId: body.invoice_id,
      clickId: body.click_id,
      customerId: body.customer_id,
      amount: body.amount,
      currency: body.currency,
    });
  });

  app.get("/api/conversions/held", ACCESS.read, async ({ workspace }) =>
    listHeldConversions(store, workspace),
  );

  await trackingLinkRoutes(app, tracking);
  await trackingWebhookRoutes(app, tracking);
};

/** The slug of a redirect path; undefined when it is empty, nested or not valid percent-encoding. */
function decodedSlug(raw: string): string | undefined {
  if (raw === "" || raw.includes("/")) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
