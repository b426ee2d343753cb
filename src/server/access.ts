import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  ACCESS_LEVELS,
  type AccessLevel,
  CSRF_HEADER,
  isWorkspaceLevel,
  SESSION_COOKIE,
  type WorkspaceLevel,
} from "../api/auth.js";
import { ApiFailure } from "../api/errors.js";
import { ROLE_LEVELS, SCOPE_LEVELS } from "../auth/access-levels.js";
import { defaultMembership } from "../auth/chosen-workspace.js";
import { workspacesOf } from "../auth/memberships.js";
import { findSessionUser, isCsrfTokenOf } from "../auth/sessions.js";
import type { User } from "../auth/users.js";
import type { Workspace } from "../domain/workspace.js";
import type { Store } from "../store/store.js";
import { findWorkspace } from "../store/workspaces.js";
import { bearerToken, findApiToken, type TokenInUse } from "../tracking/api-tokens.js";
import type { AppContext } from "./app.js";
import { cookieValue } from "./cookies.js";

/** Who calls: a workspace token (`Authorization: Bearer`), or a signed-in user (the session cookie). */
export type Caller =
  | { kind: "token"; token: TokenInUse }
  | { kind: "session"; user: User; sessionId: string };

declare module "fastify" {
  interface FastifyContextConfig {
    access?: AccessLevel;
  }
  interface FastifyRequest {
    /** Set by the access decision on every route but the public ones. */
    caller: Caller | undefined;
    /** The workspace the route acts on, set by the access decision on routes of a workspace level. */
    workspace: Workspace;
  }
}

/** Route options declaring what a route needs: `app.get(path, ACCESS.read, handler)`. */
export const ACCESS = Object.fromEntries(
  ACCESS_LEVELS.map((level) => [level, { config: { access: level } }]),
) as { readonly [Level in AccessLevel]: { readonly config: { readonly access: Level } } };

const MISSING_CREDENTIALS =
  "Missing or invalid token or session: send Authorization: Bearer TOKEN (socialroi token create) or sign in (POST /api/sign-in)";

/** Requests that change nothing, which a cross-site page gains nothing by sending. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function identify(store: Store, request: FastifyRequest): Promise<Caller | undefined> {
  // A request that sends a token is judged by it alone, never by a cookie it also carries.
  if (request.headers.authorization !== undefined) {
    const token = bearerToken(request.headers.authorization);
    const found = token === undefined ? undefined : await findApiToken(store, token);
    return found && { kind: "token", token: found };
  }
  const sessionId = cookieValue(request, SESSION_COOKIE);
  const user = sessionId ? await findSessionUser(store, sessionId) : undefined;
  return user && sessionId ? { kind: "session", user, sessionId } : undefined;
}

/**
 * The request came from a page of this server, as far as the browser says: a browser names the
 * page's origin on every cross-origin request and on every POST, and no other site can make it
 * name ours. Clients that are not browsers send neither header.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const { origin } = request.headers;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) return false;
  const site = request.headers["sec-fetch-site"];
  return site === undefined || site === "same-origin";
}

/**
 * A browser sends the session cookie with whatever a page of another site makes it send; the CSRF
 * token, which only our pages can read, tells our writes apart. A token needs none: no browser
 * adds it by itself.
 */
function requireOwnPage(request: FastifyRequest, sessionId: string): void {
  if (!isSameOrigin(request)) throw new ApiFailure("forbidden", "A write sent from another site is refused");
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== "string" || !isCsrfTokenOf(sessionId, sent))
    throw new ApiFailure(
      "forbidden",
      `Send the session's CSRF token as ${CSRF_HEADER} (csrf_token of the sign-in answer, or the sr_csrf cookie)`,
    );
}

/** `?workspace=ID`, undefined when absent. */
function requestedWorkspace(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.["workspace"];
  if (value === undefined) return undefined;
  if (typeof value === "string" && value !== "") return value;
  throw new ApiFailure("bad_request", "Invalid query", {
    issues: [{ path: "workspace", message: "one workspace id" }],
  });
}

/** A caller's levels in one workspace, and whose they are ("your role (viewer)"), for a refusal. */
interface Entitlement {
  workspaceId: string;
  levels: readonly WorkspaceLevel[];
  holder: string;
}

/** A token acts in its own workspace only. */
function tokenEntitlement(token: TokenInUse, requested: string | undefined): Entitlement | undefined {
  if (requested !== undefined && requested !== token.workspace_id) return undefined;
  return {
    workspaceId: token.workspace_id,
    levels: [...new Set(token.scopes.flatMap((scope) => SCOPE_LEVELS[scope]))],
    holder: `this token's scopes (${token.scopes.join(", ")})`,
  };
}

/** A user acts in the workspace named, or else the one they chose last (or their first). */
async function memberEntitlement(
  store: Store,
  user: User,
  requested: string | undefined,
): Promise<Entitlement | undefined> {
  const memberships = await workspacesOf(store, user.user_id);
  const membership =
    requested === undefined
      ? await defaultMembership(store, user.user_id, memberships)
      : memberships.find((member) => member.id === requested);
  return (
    membership && {
      workspaceId: membership.id,
      levels: ROLE_LEVELS[membership.role],
      holder: `your role (${membership.role})`,
    }
  );
}

/**
 * The workspace a caller acts on and what they may do in it; undefined for a workspace that is not
 * theirs, whether it exists or not.
 */
async function grantOf(
  store: Store,
  caller: Caller,
  requested: string | undefined,
): Promise<(Entitlement & { workspace: Workspace }) | undefined> {
  const entitlement =
    caller.kind === "token"
      ? tokenEntitlement(caller.token, requested)
      : await memberEntitlement(store, caller.user, requested);
  if (!entitlement) return undefined;
  const workspace = await findWorkspace(store, entitlement.workspaceId);
  return workspace && { ...entitlement, workspace };
}

/** What /api/access tells the caller: whether their credentials work, and what they may do. */
export async function describeAccess(
  context: AppContext,
  request: FastifyRequest,
): Promise<{ authenticated: boolean; levels: AccessLevel[] }> {
  const caller = await identify(context.store, request);
  if (!caller) return { authenticated: false, levels: ["public"] };
  const signedIn: AccessLevel[] = caller.kind === "session" ? ["public", "account"] : ["public"];
  const grant = await grantOf(context.store, caller, requestedWorkspace(request));
  return { authenticated: true, levels: [...signedIn, ...(grant?.levels ?? [])] };
}

/** The one access decision; throws the refusal. */
async function admit(context: AppContext, request: FastifyRequest, level: AccessLevel | undefined) {
  const caller = await identify(context.store, request);
  if (!caller) throw new ApiFailure("unauthorized", MISSING_CREDENTIALS);
  request.caller = caller;
  if (caller.kind === "session" && !SAFE_METHODS.has(request.method))
    requireOwnPage(request, caller.sessionId);
  // No route matched: the caller is told so (404) once they proved who they are.
  if (level === undefined) return;
  if (!isWorkspaceLevel(level)) {
    if (caller.kind !== "session") throw new ApiFailure("unauthorized", "Sign in: a token has no account");
    return;
  }
  const requested = requestedWorkspace(request);
  const grant = await grantOf(context.store, caller, requested);
  if (!grant)
    throw new ApiFailure(
      "not_found",
      requested === undefined
        ? "You belong to no workspace yet: an admin adds you (socialroi member add)"
        : `No workspace ${requested}`,
    );
  if (!grant.levels.includes(level))
    throw new ApiFailure("forbidden", `This needs ${level} access, which ${grant.holder} does not give`);
  request.workspace = grant.workspace;
}

/**
 * One access decision per request, on the route the router matched: the decoded path, whatever
 * spelling of it the client sent. A route that declares no access makes the server refuse to
 * start; a request no route matches has no declaration either, and needs credentials to be told so.
 */
export function enforceAccess(app: FastifyInstance, context: AppContext): void {
  app.decorateRequest("caller", undefined);
  app.addHook("onRoute", (route) => {
    if (route.config?.access === undefined)
      throw new Error(`${route.method} ${route.url} declares no access: give it one of the ACCESS options`);
  });
  // Not onRequest: routes' own onRequest hooks (the tracking API's rate limit) answer first, and
  // the body of a refused request is still never read.
  app.addHook("preParsing", async (request, reply) => {
    const level = request.routeOptions.config.access;
    if (level === "public") return;
    try {
      await admit(context, request, level);
    } catch (error) {
      if (error instanceof ApiFailure && error.code === "unauthorized")
        reply.header("www-authenticate", "Bearer");
      throw error;
    }
  });
}
