import Fastify, { type FastifyInstance } from "fastify";
import type { Workspace } from "../domain/workspace.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import { analyticsRoutes } from "./routes/analytics.js";
import { homeRoutes } from "./routes/home.js";

export interface AppContext {
  store: DuckDbStore;
  /** The workspace served; requests name no other, so nothing leaks across workspaces. */
  workspace: Workspace;
}

/** Fastify plugins that make up the server; each route file is one room (analytics, tracking, …). */
export type RoutePlugin = (app: FastifyInstance, context: AppContext) => Promise<void>;

const ROUTES: RoutePlugin[] = [analyticsRoutes, homeRoutes];

export async function buildApp(
  context: AppContext,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 });
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) app.log.error(error);
    // Internal errors say nothing of the internals.
    reply.status(status).send({ error: status === 500 ? "Internal error" : error.message });
  });
  for (const register of ROUTES) await register(app, context);
  return app;
}
