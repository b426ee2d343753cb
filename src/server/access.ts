import type { FastifyInstance, FastifyRequest } from "fastify";
import { ERROR_STATUS, errorBody } from "../api/errors.js";
import { bearerToken, isValidApiToken } from "../tracking/api-tokens.js";
import type { AppContext } from "./app.js";

/**
 * Who may call a route. "public": anyone, because the route serves nothing of the workspace's or
 * checks what it receives itself (webhook signatures, the local-only session). "token": a valid
 * workspace token as `Authorization: Bearer TOKEN`.
 */
type Access = "public" | "token";

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Route options of a public route. */
export const PUBLIC = { config: { access: "public" } } as const;
/** Route options of a route that answers only with a workspace token. */
export const TOKEN = { config: { access: "token" } } as const;

export async function hasValidToken(context: AppContext, request: FastifyRequest): Promise<boolean> {
  const token = bearerToken(request.headers.authorization);
  return token !== undefined && (await isValidApiToken(context.store, context.workspace.id, token));
}

/**
 * One access decision per request, on the route the router matched: the decoded path, whatever
 * spelling of it the client sent. A route that declares no access makes the server refuse to
 * start; a request no route matches has no declaration either, and needs a token to be told so.
 */
export function enforceAccess(app: FastifyInstance, context: AppContext): void {
  app.addHook("onRoute", (route) => {
    if (route.config?.access === undefined)
      throw new Error(`${route.method} ${route.url} declares no access: give it PUBLIC or TOKEN options`);
  });
  // Not onRequest: routes' own onRequest hooks (the tracking API's rate limit) answer first, and
  // the body of a refused request is still never read.
  app.addHook("preParsing", async (request, reply) => {
    if (request.routeOptions.config.access === "public" || (await hasValidToken(context, request))) return;
    // Returned so that Fastify waits for the answer instead of going on to the handler.
    return reply
      .status(ERROR_STATUS.unauthorized)
      .header("www-authenticate", "Bearer")
      .send(
        errorBody(
          "unauthorized",
          "Missing or invalid token: send Authorization: Bearer TOKEN (socialroi token create)",
        ),
      );
  });
}
