import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ERROR_STATUS, errorBody } from "../../api/errors.js";
import { leadBodySchema, saleBodySchema } from "../../api/tracking.js";
import { isCrawler } from "../../tracking/bot-detection.js";
import { CLIENT_SCRIPT } from "../../tracking/client-script.js";
import { listHeldConversions } from "../../tracking/held-conversions.js";
import { type ActiveLink, LinkCache, NOT_IN_MEMORY, redirectLocation } from "../../tracking/link-cache.js";
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
    try {
      answerRedirect(readRedirect(request, response, url));
    } catch (error) {
      failRedirect(response, error);
    }
    return true;
  });

  function failRedirect(response: ServerResponse, error: unknown): void {
    app.log.error(error);
    if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    response.end("Internal error");
  }

  /**
   * `GET /l/:slug`: 302 to the link's destination, the click logged before the answer goes out.
   * With the link and the domains in memory (nearly every click) it is answered without a promise:
   * awaiting values already at hand cost a redirect more than its bot check and visitor hash.
   */
  function answerRedirect(redirect: RedirectRequest): void {
    // Through a workspace's short-link domain only its links open; through any other host, the served one's.
    const owner = domains.workspaceInMemory(redirect.host);
    if (owner === NOT_IN_MEMORY)
      domains
        .workspaceOf(redirect.host)
        .then((read) => answerInWorkspace(read ?? workspace.id, redirect))
        .catch((error: unknown) => failRedirect(redirect.response, error));
    else answerInWorkspace(owner ?? workspace.id, redirect);
  }

  function answerInWorkspace(workspaceId: string, redirect: RedirectRequest): void {
    const { slug } = redirect;
    const links = tracking.links(workspaceId);
    const link = slug === undefined ? null : links.activeInMemory(slug);
    if (link === NOT_IN_MEMORY)
      links
        .active(slug!)
        .then((read) => answerWithLink(workspaceId, read, redirect))
        .catch((error: unknown) => failRedirect(redirect.response, error));
    else answerWithLink(workspaceId, link, redirect);
  }

  function answerWithLink(workspaceId: string, link: ActiveLink | null, redirect: RedirectRequest): void {
    const { request, response, search, userAgent } = redirect;
    if (!link) {
      response.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      response.end(NOT_FOUND_PAGE);
      return;
    }
    const answer = (clickId: string | undefined) => {
      response.writeHead(302, {
        location: redirectLocation(link.target, search, clickId),
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer-when-downgrade",
      });
      response.end();
    };
    const ip = context.clientAddress(request);
    // A HEAD request checks the link; only a browser following it is a click.
    const counted =
      request.method === "GET" && !isCrawler(userAgent) && (!clickLimiter || clickLimiter.take(ip));
    if (!counted) answer(undefined);
    else
      recorder.record(
        {
          workspaceId,
          linkId: link.id,
          ip,
          userAgent: userAgent ?? "",
          referrer: redirect.referrer,
          country: redirect.country,
        },
        answer,
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

/** A redirect request, as the redirect reads it. */
interface RedirectRequest {
  request: IncomingMessage;
  response: ServerResponse;
  /** Undefined when the path has none (see `decodedSlug`). */
  slug: string | undefined;
  /** The visitor's own query string, without its `?`. */
  search: string;
  host: string | undefined;
  userAgent: string | undefined;
  referrer: string | undefined;
  country: string | undefined;
}

/**
 * The redirect's request and the headers it reads, taken from `rawHeaders`: node builds
 * `request.headers` on first use, an object and a lower-case name per header of every request,
 * which the redirect does not need. As in node's headers, the first Host, User-Agent and Referer
 * count, and a repeated country header gives its values joined (which no country code matches).
 */
function readRedirect(request: IncomingMessage, response: ServerResponse, url: string): RedirectRequest {
  let host: string | undefined;
  let userAgent: string | undefined;
  let referrer: string | undefined;
  let cloudflareCountry: string | undefined;
  let otherCountry: string | undefined;
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    // The length first: most of a browser's headers are none of these, and need no lower-casing.
    switch (name.length) {
      case 4:
        if (host === undefined && name.toLowerCase() === "host") host = value;
        break;
      case 7:
        if (referrer === undefined && name.toLowerCase() === "referer") referrer = value;
        break;
      case 9:
        if (name.toLowerCase() === "x-country") otherCountry = joined(otherCountry, value);
        break;
      case 10:
        if (userAgent === undefined && name.toLowerCase() === "user-agent") userAgent = value;
        break;
      case 12:
        if (name.toLowerCase() === "cf-ipcountry") cloudflareCountry = joined(cloudflareCountry, value);
        break;
    }
  }
  const queryAt = url.indexOf("?");
  return {
    request,
    response,
    slug: decodedSlug(url.slice(REDIRECT_PATH.length, queryAt < 0 ? undefined : queryAt)),
    search: queryAt < 0 ? "" : url.slice(queryAt + 1),
    host,
    userAgent,
    referrer,
    country: cloudflareCountry ?? otherCountry,
  };
}

function joined(before: string | undefined, value: string): string {
  return before === undefined ? value : `${before}, ${value}`;
}

/** The slug of a redirect path; undefined when it is empty, nested or not valid percent-encoding. */
function decodedSlug(raw: string): string | undefined {
  if (raw === "" || raw.includes("/")) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
