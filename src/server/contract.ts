import type { FastifyError, FastifyInstance } from "fastify";
import {
  ApiFailure,
  ERROR_STATUS,
  type ErrorBody,
  errorBody,
  errorBodySchema,
  errorCodeOf,
} from "../api/errors.js";
import { isBinary, ROUTES, type RouteSpec } from "../api/routes.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route's entry in the API's route table. */
    contract?: RouteSpec;
  }
}

/**
 * What an answer out of its schema does: "log" (production) logs it and answers a plain 500, so
 * that a client is never handed what the contract does not promise; "throw" (tests) answers a 500
 * that says what did not fit, so that the test asserting the answer fails on it.
 */
export type ResponseCheck = "log" | "throw";

/** An answer the contract does not promise; the log always says what did not fit, the client only in tests. */
class ResponseOutOfContract extends Error {
  constructor(
    message: string,
    readonly toldToClient: boolean,
  ) {
    super(message);
  }
}

/** The key of a route in the table, as Fastify names a registered route. */
const routeKey = (method: string, path: string) => `${method} ${path}`;

/**
 * Every route Fastify registers must be in the API's route table with the same access, or the
 * server refuses to start (and a route of the table that no plugin registers fails the start too).
 */
function requireDocumentedRoutes(app: FastifyInstance, routes: readonly RouteSpec[]): void {
  const documented = new Map(
    routes.filter((route) => !route.raw).map((r) => [routeKey(r.method, r.path), r]),
  );
  const registered = new Set<string>();
  app.addHook("onRoute", (route) => {
    // Fastify adds HEAD to every GET route by itself: it answers as the GET does.
    const methods = [route.method].flat().filter((method) => method !== "HEAD");
    for (const method of methods) {
      const key = routeKey(method, route.url);
      const spec = documented.get(key);
      if (!spec) throw new Error(`${key} is not in the API's route table (src/api/routes.ts)`);
      if (spec.access !== route.config?.access)
        throw new Error(`${key} is declared ${route.config?.access} but documented ${spec.access}`);
      registered.add(key);
      // A copy: routes share their access options (TOKEN, PUBLIC) and so their config object.
      route.config = { ...route.config, contract: spec };
    }
  });
  app.addHook("onReady", async () => {
    const missing = [...documented.keys()].filter((key) => !registered.has(key));
    if (missing.length > 0) throw new Error(`Documented routes that no plugin serves: ${missing.join(", ")}`);
  });
}

/** Why `payload`, answered with `status`, is not what the route's contract promises; undefined if it is. */
function contractProblem(spec: RouteSpec, status: number, payload: unknown): string | undefined {
  const schema = status >= 400 ? errorBodySchema : spec.responses[status];
  if (schema === undefined || isBinary(schema)) return `status ${status} is not documented as JSON`;
  const checked = schema.safeParse(payload);
  if (checked.success) return undefined;
  return checked.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(the body)"}: ${issue.message}`)
    .join("; ");
}

function checkResponses(app: FastifyInstance, mode: ResponseCheck): void {
  app.addHook("preSerialization", async (request, reply, payload) => {
    const spec = request.routeOptions.config.contract;
    if (!spec) return payload;
    const problem = contractProblem(spec, reply.statusCode, payload);
    if (problem === undefined) return payload;
    throw new ResponseOutOfContract(
      `${spec.method} ${spec.path} answered ${reply.statusCode} out of its schema: ${problem}`,
      mode === "throw",
    );
  });
}

/** What a thrown error answers: its code's status and shape, and for an unforeseen one nothing of it. */
function errorAnswer(error: FastifyError): { status: number; body: ErrorBody } {
  if (error instanceof ApiFailure)
    return { status: ERROR_STATUS[error.code], body: errorBody(error.code, error.message, error.details) };
  // Fastify's own refusals (bad JSON, too large, unknown content type): their message is for the client.
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return { status: error.statusCode, body: errorBody(errorCodeOf(error.statusCode), error.message) };
  const message =
    error instanceof ResponseOutOfContract && error.toldToClient ? error.message : "Internal error";
  return { status: 500, body: errorBody("internal", message) };
}

/**
 * The API's contract, enforced: routes documented, answers in their schemas, and every refusal
 * and failure in one shape.
 */
export function enforceContract(
  app: FastifyInstance,
  responseCheck: ResponseCheck,
  routes: readonly RouteSpec[] = ROUTES,
): void {
  requireDocumentedRoutes(app, routes);
  checkResponses(app, responseCheck);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = errorAnswer(error);
    if (status >= 500) request.log.error(error);
    reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody("not_found", `No route ${request.method} ${request.url.split("?")[0]}`)),
  );
}
