import { readFileSync } from "node:fs";
import { openApiDocument } from "../../api/openapi.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";

/** package.json, three levels above both src/server/routes and dist/server/routes. */
const PACKAGE = new URL("../../../package.json", import.meta.url);

/**
 * Public: the document describes the API's shape, nothing of a workspace, and the dashboard's
 * scripts (public too) already show the same routes; API clients can read it before they have a token.
 */
export const openApiRoutes: RoutePlugin = async (app) => {
  const { version } = JSON.parse(readFileSync(PACKAGE, "utf8")) as { version: string };
  const document = openApiDocument(version);
  app.get("/api/openapi.json", ACCESS.public, async () => document);
};
