import { z } from "zod";
import { CSRF_HEADER, isWorkspaceLevel, SESSION_COOKIE, workspaceQueryField } from "./auth.js";
import { ERROR_STATUS, type ErrorCode, errorBodySchema } from "./errors.js";
import { type Binary, isBinary, ROUTES, type RouteSpec } from "./routes.js";

type JsonSchema = Record<string, unknown>;

/** Requests are documented as sent (before defaults and transforms), answers as received. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  });
  return rest;
}

/** `/api/costs/:id` → `/api/costs/{id}`; the dashboard's catch-all `/*` → `/{path}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, "{$1}").replace(/\/\*$/, "/{path}");
}

function parameters(route: RouteSpec): JsonSchema[] {
  const fromSchema = (schema: z.ZodType | undefined, where: "query" | "path") => {
    if (!schema) return [];
    const { properties = {}, required = [] } = jsonSchema(schema, "input") as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    return Object.entries(properties).map(([name, property]) => ({
      name,
      in: where,
      required: where === "path" || required.includes(name),
      ...(typeof property["description"] === "string" ? { description: property["description"] } : {}),
      schema: property,
    }));
  };
  const wildcard = route.path.endsWith("/*")
    ? [{ name: "path", in: "path", required: true, schema: { type: "string" } }]
    : [];
  const workspace = isWorkspaceLevel(route.access)
    ? fromSchema(z.object({ workspace: workspaceQueryField.optional() }), "query")
    : [];
  return [
    ...fromSchema(route.params, "path"),
    ...wildcard,
    ...fromSchema(route.query, "query"),
    ...workspace,
  ];
}

function content(body: z.ZodType | Binary, io: "input" | "output"): JsonSchema {
  if (!isBinary(body)) return { "application/json": { schema: jsonSchema(body, io) } };
  return Object.fromEntries(
    body.contentTypes.map((type) => {
      const bare = type.split(";")[0];
      return [bare, { schema: { type: "string", contentMediaType: bare } }];
    }),
  );
}

/**
 * The refusals a route can answer: bad input if it takes any (a JSON body also too large or of
 * another type), no token if it needs one, and its own.
 */
export function routeErrors(route: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.errors ?? []);
  if (route.query || route.params || route.body) codes.add("bad_request");
  if (route.body && !isBinary(route.body)) {
    codes.add("payload_too_large");
    codes.add("unsupported_media_type");
  }
  if (route.access !== "public") codes.add("unauthorized");
  // Another workspace's id is not found, never forbidden: the answer tells nothing of it.
  if (isWorkspaceLevel(route.access)) codes.add("not_found").add("forbidden");
  // A write with the session cookie but without its CSRF token, or from another site.
  if (route.access !== "public" && route.method !== "GET") codes.add("forbidden");
  codes.add("internal");
  return [...codes];
}

function operation(route: RouteSpec): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, body] of Object.entries(route.responses)) {
    responses[status] = {
      description: isBinary(body) ? body.description : (body.description ?? route.summary),
      content: content(body, "output"),
    };
  }
  for (const code of routeErrors(route)) {
    const status = String(ERROR_STATUS[code]);
    const codes = [...((responses[status]?.["x-error-codes"] as string[] | undefined) ?? []), code];
    responses[status] = {
      description: `Refused or failed (${codes.join(", ")}); never internals`,
      "x-error-codes": codes,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  const params = parameters(route);
  return {
    operationId: `${route.method.toLowerCase()}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    security:
      route.access === "public"
        ? []
        : route.access === "account"
          ? [{ session: [] }]
          : [{ bearer: [] }, { session: [] }],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: true, content: content(route.body, "input") } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every route, from the schemas the server validates with. */
export function openApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of ROUTES) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "socialroi",
      version,
      description:
        "Social media ROI: figures, management and tracking. Every refusal answers { error: { code, message, details? } }.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A workspace token (socialroi token create)" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: `A signed-in user's session (POST /api/sign-in); writes also send ${CSRF_HEADER}`,
        },
      },
      schemas: { Error: jsonSchema(errorBodySchema, "output") },
    },
    paths,
  };
}
