import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ApiFailure } from "../../api/errors.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";

/** dist/web beside dist/server (built) or two levels above src/server/routes (run with tsx). */
const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../dist/web");

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/**
 * Scripts only from this server: even if imported text slipped into the page as markup, the
 * browser would refuse to run it. Styles stay inline-capable for the charts. Frames may show
 * blob: URLs: the report preview is fetched with the token and framed as one (sandboxed).
 */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>socialroi</title></head>
<body style="font:16px system-ui,sans-serif;margin:3rem"><h1>The dashboard is not built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm run build</code>), then reload. The API answers meanwhile under <code>/api/</code>.</p></body></html>`;

/** Paths the dashboard never owns: an unknown one there is a 404, not the single-page app. */
const SERVER_PREFIXES = ["/api/", "/l/"];

/** The built dashboard (dist/web): hashed assets cached for good, every page path answered with index.html. */
export const webRoutes: RoutePlugin = async (app) => {
  app.get<{ Params: { "*": string } }>("/*", ACCESS.public, async (request, reply) => {
    // The path the router matched, not the raw URL read apart (which may be `http://host/api/…`).
    const path = `/${request.params["*"]}`;
    if (SERVER_PREFIXES.some((prefix) => path.startsWith(prefix)))
      throw new ApiFailure("not_found", `No route ${request.method} ${path}`);
    reply.headers(SECURITY_HEADERS);
    const index = join(WEB_ROOT, "index.html");
    if (!existsSync(index)) return reply.type("text/html; charset=utf-8").send(NOT_BUILT);
    const extension = extname(path);
    if (extension === "") {
      return reply
        .type(CONTENT_TYPES[".html"]!)
        .header("cache-control", "no-cache")
        .send(await readFile(index));
    }
    const file = resolve(WEB_ROOT, `.${path}`);
    if (!file.startsWith(WEB_ROOT + sep) || !existsSync(file))
      throw new ApiFailure("not_found", `No file ${path}`);
    const immutable = path.startsWith("/assets/");
    return reply
      .type(CONTENT_TYPES[extension] ?? "application/octet-stream")
      .header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache")
      .send(await readFile(file));
  });
};
