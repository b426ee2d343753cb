import type { AddressInfo } from "node:net";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { bearerToken, createApiToken, isValidApiToken } from "../../tracking/api-tokens.js";
import type { AppContext, RoutePlugin } from "../app.js";

const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * "local" while the server listens on a loopback address only: nobody else can reach it, so the
 * dashboard may mint itself a session token. Listening anywhere else ("token"), every management
 * call needs a token made with `socialroi token create`.
 */
export type AccessMode = "local" | "token";

export function accessMode(app: FastifyInstance): AccessMode {
  const address = app.server.address() as AddressInfo | string | null;
  return address && typeof address === "object" && LOOPBACK_ADDRESSES.has(address.address)
    ? "local"
    : "token";
}

/**
 * A request from this machine, to a loopback host name, not relayed by a proxy. The Host check
 * defeats DNS rebinding (a web page resolving its own name to 127.0.0.1 to read our answers).
 */
function isLocalRequest(request: FastifyRequest): boolean {
  const relayed = request.headers["x-forwarded-for"] !== undefined || request.headers.forwarded !== undefined;
  const host = request.host.replace(/:\d+$/, "");
  return !relayed && LOOPBACK_ADDRESSES.has(request.socket.remoteAddress ?? "") && LOOPBACK_HOSTS.has(host);
}

/** preHandler of the management API: a valid workspace token as `Authorization: Bearer TOKEN`. */
export function requireToken(context: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    if (token && (await isValidApiToken(context.store, context.workspace.id, token))) return;
    return reply
      .status(401)
      .header("www-authenticate", "Bearer")
      .send({ error: "Missing or invalid token: send Authorization: Bearer TOKEN (socialroi token create)" });
  };
}

/** Pages that appear only once the API behind them is served. */
const OPTIONAL_FEATURES = {
  links: { method: "GET", url: "/api/links" },
  reports: { method: "GET", url: "/api/report" },
  schedules: { method: "GET", url: "/api/schedules" },
  branding: { method: "GET", url: "/api/branding" },
  attribution: { method: "GET", url: "/api/attribution" },
  insights: { method: "GET", url: "/api/insights" },
} as const;

export const manageAuthRoutes: RoutePlugin = async (app, context) => {
  const guard = requireToken(context);

  app.get("/api/access", async (request) => {
    const token = bearerToken(request.headers.authorization);
    const features = Object.fromEntries(
      Object.entries(OPTIONAL_FEATURES).map(([name, route]) => [name, app.hasRoute(route)]),
    );
    return {
      mode: accessMode(app),
      authenticated:
        token !== undefined && (await isValidApiToken(context.store, context.workspace.id, token)),
      features,
    };
  });

  // Not a credential-free door: the answer only reaches a page served from a loopback host name,
  // and a cross-site page can send this request but never read the token.
  app.post("/api/session", async (request, reply) => {
    if (accessMode(app) !== "local" || !isLocalRequest(request)) {
      return reply.status(403).send({
        error: "This server is reachable from other machines: sign in with a token (socialroi token create)",
      });
    }
    return { token: await createApiToken(context.store, context.workspace.id) };
  });

  app.get("/api/tokens", { preHandler: guard }, async () => ({
    tokens: await context.store.all(
      `SELECT token_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at FROM api_tokens
       WHERE workspace_id = $ws AND revoked_at IS NULL ORDER BY created_at DESC`,
      { ws: context.workspace.id },
    ),
  }));

  app.post("/api/tokens", { preHandler: guard }, async (_request, reply) =>
    reply.status(201).send({ token: await createApiToken(context.store, context.workspace.id) }),
  );

  app.delete<{ Params: { id: string } }>("/api/tokens/:id", { preHandler: guard }, async (request, reply) => {
    const params = { ws: context.workspace.id, id: request.params.id };
    const found = await context.store.all(
      "SELECT 1 FROM api_tokens WHERE workspace_id = $ws AND token_id = $id AND revoked_at IS NULL",
      params,
    );
    if (found.length === 0) return reply.status(404).send({ error: `No token ${request.params.id}` });
    await context.store.run(
      "UPDATE api_tokens SET revoked_at = now() WHERE workspace_id = $ws AND token_id = $id",
      params,
    );
    return { revoked: request.params.id };
  });
};
