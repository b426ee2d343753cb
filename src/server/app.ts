import "../harden-process.js";
import { createServer, type IncomingMessage } from "node:http";
import proxyAddr from "@fastify/proxy-addr";
import Fastify, { type FastifyInstance } from "fastify";
import type { WorkerLimits } from "../domain/worker-thread.js";
import type { Workspace } from "../domain/workspace.js";
import type { FileReadingStore } from "../store/store.js";
import { enforceAccess } from "./access.js";
import { actAsCaller } from "./actor.js";
import { enforceContract, type ResponseCheck } from "./contract.js";
import { RawRoutes } from "./raw-routes.js";
import { accountRoutes } from "./routes/accounts.js";
import { analyticsRoutes } from "./routes/analytics.js";
import { attributionRoutes } from "./routes/attribution.js";
import { auditRoutes } from "./routes/audit.js";
import { insightsRoutes } from "./routes/insights.js";
import { linkDomainRoutes } from "./routes/link-domains.js";
import { manageAuthRoutes } from "./routes/manage-auth.js";
import { manageCostRoutes } from "./routes/manage-costs.js";
import { manageGoalRoutes } from "./routes/manage-goals.js";
import { manageImportRoutes } from "./routes/manage-imports.js";
import { manageMemberRoutes } from "./routes/manage-members.js";
import { managePostRoutes } from "./routes/manage-posts.js";
import { manageValueRuleRoutes } from "./routes/manage-value-rules.js";
import { manageWorkspaceRoutes } from "./routes/manage-workspace.js";
import { mentionRoutes } from "./routes/mentions.js";
import { mmmRoutes } from "./routes/mmm.js";
import { openApiRoutes } from "./routes/openapi.js";
import { passwordResetRoutes } from "./routes/password-reset.js";
import { portfolioRoutes } from "./routes/portfolio.js";
import { reportRoutes } from "./routes/reports.js";
import { trackingRoutes } from "./routes/tracking.js";
import { webRoutes } from "./routes/web.js";
import { workspaceDataRoutes } from "./routes/workspace-data.js";

export interface AppContext {
  store: FileReadingStore;
  /**
   * The workspace served to whoever names none and cannot: the tracked redirect, the webhooks and
   * the dashboard's own session in single-user mode. Every other route acts on the request's
   * workspace (`request.workspace`), which the access decision sets.
   */
  workspace: Workspace;
  /** The marketing mix model's worker threads' deadline and heap; run-in-worker.ts's when absent. */
  mmmLimits?: WorkerLimits;
}

/** What route plugins get: the app's context and the routes answered ahead of Fastify. */
export interface RouteContext extends AppContext {
  rawRoutes: RawRoutes;
  /** The visitor's address: the peer's, or behind trusted proxies the one they forward. */
  clientAddress(request: IncomingMessage): string;
  /** Trusted proxies are configured: whatever the listening address, requests come from anywhere. */
  proxied: boolean;
}

export interface ServerOptions {
  logger?: boolean;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or `loopback`,
   * `linklocal`, `uniquelocal`). Behind a proxy without this, every visitor has the proxy's address.
   */
  trustedProxies?: string[];
  /** What an answer out of its documented schema does; "throw" under the test runner, else "log". */
  responseCheck?: ResponseCheck;
}

/** Node's test runner marks the processes it runs test files in: there, a broken contract fails loudly. */
function defaultResponseCheck(): ResponseCheck {
  return process.env["NODE_TEST_CONTEXT"] ? "throw" : "log";
}

/** Fastify plugins that make up the server; each route file is one room (analytics, tracking, …). */
export type RoutePlugin = (app: FastifyInstance, context: RouteContext) => Promise<void>;

const ROUTES: RoutePlugin[] = [
  analyticsRoutes,
  attributionRoutes,
  mmmRoutes,
  insightsRoutes,
  mentionRoutes,
  trackingRoutes,
  linkDomainRoutes,
  reportRoutes,
  manageAuthRoutes,
  accountRoutes,
  passwordResetRoutes,
  portfolioRoutes,
  manageCostRoutes,
  manageValueRuleRoutes,
  manageGoalRoutes,
  manageWorkspaceRoutes,
  manageMemberRoutes,
  auditRoutes,
  workspaceDataRoutes,
  manageImportRoutes,
  managePostRoutes,
  openApiRoutes,
  webRoutes,
];

export async function buildApp(context: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const rawRoutes = new RawRoutes();
  const trusted = options.trustedProxies?.length ? proxyAddr.compile(options.trustedProxies) : undefined;
  const clientAddress = trusted
    ? (request: IncomingMessage) => proxyAddr(request, trusted)
    : (request: IncomingMessage) => request.socket.remoteAddress ?? "";
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: trusted ?? false,
    bodyLimit: 1024 * 1024,
    serverFactory: (handler) =>
      createServer((request, response) => {
        if (!rawRoutes.answer(request, response)) handler(request, response);
      }),
  });
  enforceContract(app, options.responseCheck ?? defaultResponseCheck());
  // One object for every plugin and for serve, so that a workspace change made by one is seen by all.
  const routeContext = Object.assign(context, { rawRoutes, clientAddress, proxied: trusted !== undefined });
  enforceAccess(app, routeContext);
  actAsCaller(app);
  for (const register of ROUTES) await register(app, routeContext);
  return app;
}
