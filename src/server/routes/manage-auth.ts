import type { AddressInfo } from "node:net";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FEATURES } from "../../api/auth.js";
import { ApiFailure } from "../../api/errors.js";
import { createApiToken, listApiTokens, revokeApiToken } from "../../tracking/api-tokens.js";
import { hasValidToken, PUBLIC, TOKEN } from "../access.js";
import type { RouteContext, RoutePlugin } from "../app.js";

const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
/** A loopback host name, with the port when it is not 80 (as Host and Origin spell it). */
const LOOPBACK_AUTHORITY = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/;
/** Headers a relay adds, besides every X-Forwarded-*. */
const RELAY_HEADERS = new Set([
  "forwarded",
  "via",
  "x-real-ip",
  "true-client-ip",
  "cf-connecting-ip",
  "x-client-ip",
]);

/**
 * "local" while the server listens on a loopback address only and no proxy was declared in front
 * of it: nobody else can reach it, so the dashboard may mint itself a session token. Otherwise
 * ("token"), every management call needs a token made with `socialroi token create`.
 */
type AccessMode = "local" | "token";

/** The port of a server that only this machine can reach. */
function localPort(app: FastifyInstance, context: RouteContext): number | undefined {
  const address = app.server.address() as AddressInfo | string | null;
  return !context.proxied && address && typeof address === "object" && LOOPBACK_ADDRESSES.has(address.address)
    ? address.port
    : undefined;
}

function accessMode(app: FastifyInstance, context: RouteContext): AccessMode {
  return localPort(app, context) === undefined ? "token" : "local";
}

/**
 * The dashboard's own page, open in a browser on this machine. Each condition shuts a door: a
 * relay may connect from loopback (nginx by default rewrites Host to 127.0.0.1, speaks HTTP/1.0
 * and adds no header); the Host check defeats DNS rebinding (a web page resolving its own name to
 * 127.0.0.1 to read our answers); a browser names the page's origin on every POST, and no other
 * site can make it name ours.
 */
function isDashboardOnThisMachine(request: FastifyRequest, port: number): boolean {
  const { headers } = request;
  const relayed = Object.keys(headers).some(
    (name) => name.startsWith("x-forwarded-") || RELAY_HEADERS.has(name),
  );
  const host = LOOPBACK_AUTHORITY.exec(headers.host ?? "");
  const fetchSite = headers["sec-fetch-site"];
  return (
    !relayed &&
    request.raw.httpVersion === "1.1" &&
    LOOPBACK_ADDRESSES.has(request.socket.remoteAddress ?? "") &&
    host !== null &&
    Number(host[1] ?? 80) === port &&
    headers.origin === `http://${headers.host}` &&
    (fetchSite === undefined || fetchSite === "same-origin")
  );
}

/** Pages that appear only once the API behind them is served. */
const OPTIONAL_FEATURES: Record<(typeof FEATURES)[number], { method: "GET"; url: string }> = {
  links: { method: "GET", url: "/api/links" },
  reports: { method: "GET", url: "/api/report" },
  schedules: { method: "GET", url: "/api/schedules" },
  branding: { method: "GET", url: "/api/branding" },
  attribution: { method: "GET", url: "/api/attribution" },
  insights: { method: "GET", url: "/api/insights" },
};

export const manageAuthRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/access", PUBLIC, async (request) => {
    const features = Object.fromEntries(
      Object.entries(OPTIONAL_FEATURES).map(([name, route]) => [name, app.hasRoute(route)]),
    );
    return {
      mode: accessMode(app, context),
      authenticated: await hasValidToken(context, request),
      features,
    };
  });

  // Not a credential-free door: the answer only reaches the dashboard's page on this machine, and
  // a cross-site page can send this request but never read the token.
  app.post("/api/session", PUBLIC, async (request) => {
    const port = localPort(app, context);
    if (port === undefined) {
      throw new ApiFailure(
        "forbidden",
        "This server is reachable from other machines: sign in with a token (socialroi token create)",
      );
    }
    if (!isDashboardOnThisMachine(request, port)) {
      throw new ApiFailure(
        "forbidden",
        `Only the dashboard opened at http://127.0.0.1:${port} on this machine gets a session: sign in with a token (socialroi token create)`,
      );
    }
    return { token: await createApiToken(context.store, context.workspace.id) };
  });

  app.get("/api/tokens", TOKEN, async () => ({
    tokens: await listApiTokens(context.store, context.workspace.id),
  }));

  app.post("/api/tokens", TOKEN, async (_request, reply) =>
    reply.status(201).send({ token: await createApiToken(context.store, context.workspace.id) }),
  );

  app.delete<{ Params: { id: string } }>("/api/tokens/:id", TOKEN, async (request) => {
    if (!(await revokeApiToken(context.store, context.workspace.id, request.params.id))) {
      throw new ApiFailure("not_found", `No token ${request.params.id}`);
    }
    return { revoked: request.params.id };
  });
};
