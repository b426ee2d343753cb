import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";

/** Every route the router holds, read from Fastify's own listing (and each checked with hasRoute). */
export function registeredRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const node = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = node[1]!.length / 4;
    parents.length = depth;
    const url = [...parents, node[2]!].join("");
    parents.push(node[2]!);
    for (const method of node[3]?.split(", ") ?? []) {
      const route = { method, url: url.startsWith("/") ? url : `/${url}` };
      assert.ok(app.hasRoute(route), `${method} ${route.url} read from printRoutes is a route`);
      routes.push(route);
    }
  }
  return routes;
}

/** A path the route answers: parameters filled in. */
export function concretePath(url: string): string {
  return url.replace(/:\w+/g, "x1").replace(/\*$/, "anything");
}
