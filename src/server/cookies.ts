import type { FastifyReply, FastifyRequest } from "fastify";
import { CSRF_COOKIE, SESSION_COOKIE } from "../api/auth.js";

/** The value of one cookie the request sends; undefined when absent. */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Lax: the browser sends the cookies with a link followed from another site (the dashboard opens
 * signed in) but not with another site's POST. Secure as soon as the request came over HTTPS,
 * directly or through a trusted proxy, so a later plain-HTTP request never carries them.
 */
function cookie(
  request: FastifyRequest,
  name: string,
  value: string,
  maxAgeSeconds: number,
  httpOnly: boolean,
) {
  return [
    `${name}=${value}`,
    "Path=/",
    `Max-Age=${maxAgeSeconds}`,
    "SameSite=Lax",
    ...(httpOnly ? ["HttpOnly"] : []),
    ...(request.protocol === "https" ? ["Secure"] : []),
  ].join("; ");
}

/** The session id (HttpOnly: no script reads it) and its CSRF token (read by the dashboard's script). */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { id: string; csrfToken: string; expires: Date },
): void {
  const maxAge = Math.floor((session.expires.getTime() - Date.now()) / 1000);
  reply.header("set-cookie", [
    cookie(request, SESSION_COOKIE, session.id, maxAge, true),
    cookie(request, CSRF_COOKIE, session.csrfToken, maxAge, false),
  ]);
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  reply.header("set-cookie", [
    cookie(request, SESSION_COOKIE, "", 0, true),
    cookie(request, CSRF_COOKIE, "", 0, false),
  ]);
}
