import type { AddressInfo } from "node:net";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type FEATURES, tokenInputSchema } from "../../api/auth.js";
import { ApiFailure, invalidField } from "../../api/errors.js";
import { hasUsers } from "../../auth/users.js";
import { createApiToken, listApiTokens, revokeApiToken } from "../../tracking/api-tokens.js";
import { ACCESS, describeAccess } from "../access.js";
import type { RouteContext, RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

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
 * "local" while the server listens on a loopback address only, no proxy was declared in front of it
 * and nobody has an account: nobody else can reach it, so the dashboard may mint itself a session
 * token (single-user mode). Otherwise ("token"), every call needs a token or a signed-in user.
 */
type AccessMode = "local" | "token";

/** The port of a server that only this machine can reach. */
function localPort(app: FastifyInstance, context: RouteContext): number | undefined {
  const address = app.server.address() as AddressInfo | string | null;
  return !context.proxied && address && typeof address === "object" && LOOPBACK_ADDRESSES.has(address.address)
    ? address.port
    : undefined;
}

function accessMode(app: FastifyInstance, context: RouteContext, accounts: boolean): AccessMode {
  return localPort(app, context) === undefined || accounts ? "token" : "local";
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
  const { store } = context;

  app.get("/api/access", ACCESS.public, async (request) => {
    const features = Object.fromEntries(
      Object.entries(OPTIONAL_FEATURES).map(([name, route]) => [name, app.hasRoute(route)]),
    );
    const accounts = await hasUsers(store);
    return {
      mode: accessMode(app, context, accounts),
      accounts,
      ...(await describeAccess(context, request)),
      features,
    };
  });

  // Not a credential-free door: the answer only reaches the dashboard's page on this machine, and
  // a cross-site page can send this request but never read the token. Once someone has an account,
  // everyone signs in.
  app.post("/api/session", ACCESS.public, async (request) => {
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
    if (await hasUsers(store)) {
      throw new ApiFailure("forbidden", "This server has users: sign in with your e-mail and password");
    }
    return {
      token: await createApiToken(store, context.workspace.id, { label: "dashboard on this machine" }),
    };
  });

  app.get("/api/tokens", ACCESS.manage, async ({ workspace }) => ({
    tokens: await listApiTokens(store, workspace.id),
  }));

  // Only managers reach this, and they hold every level: a token made here never exceeds its maker.
  app.post("/api/tokens", ACCESS.manage, async ({ body, workspace }, reply) => {
    const input = parseBody(tokenInputSchema, body ?? {});
    if (input.expires_at !== undefined && Date.parse(input.expires_at) <= Date.now())
      throw invalidField("expires_at", "a time to come");
    const token = await createApiToken(store, workspace.id, {
      label: input.label,
      scopes: input.scopes,
      expiresAt: input.expires_at,
    });
    return reply.status(201).send({ token });
  });

  app.delete<{ Params: { id: string } }>("/api/tokens/:id", ACCESS.manage, async ({ params, workspace }) => {
    if (!(await revokeApiToken(store, workspace.id, params.id))) {
      throw new ApiFailure("not_found", `No token ${params.id}`);
    }
    return { revoked: params.id };
  });
};
