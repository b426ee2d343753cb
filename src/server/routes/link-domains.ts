import { ApiFailure } from "../../api/errors.js";
import { linkDomainInputSchema } from "../../api/link-domains.js";
import { addLinkDomain, listLinkDomains, removeLinkDomain } from "../../tracking/link-domains.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

/** The request's workspace's short-link domains: /l/:slug through one of them opens its links. */
export const linkDomainRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/link-domains", ACCESS.read, async ({ workspace }) => ({
    domains: await listLinkDomains(store, workspace.id),
  }));

  app.post("/api/link-domains", ACCESS.manage, async ({ body, workspace }) => {
    const { domain } = parseBody(linkDomainInputSchema, body);
    return { domains: await addLinkDomain(store, workspace.id, domain) };
  });

  app.delete<{ Params: { domain: string } }>(
    "/api/link-domains/:domain",
    ACCESS.manage,
    async ({ params, workspace }) => {
      const { domain } = params;
      if (!(await removeLinkDomain(store, workspace.id, domain)))
        throw new ApiFailure("not_found", `${domain} is no short-link domain of this workspace`);
      return { domains: await listLinkDomains(store, workspace.id) };
    },
  );
};
