import { portfolioQuerySchema } from "../../api/portfolio.js";
import { workspacesOf } from "../../auth/memberships.js";
import { computePortfolio } from "../../reports/compute-portfolio.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { sessionOf } from "./accounts.js";

/** The agency's view: every workspace the signed-in user belongs to, and none other. */
export const portfolioRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/portfolio", ACCESS.account, async (request) => {
    const { user } = sessionOf(request.caller);
    const period = parseQuery(portfolioQuerySchema, request.query);
    return { workspaces: await computePortfolio(store, await workspacesOf(store, user.user_id), period) };
  });
};
