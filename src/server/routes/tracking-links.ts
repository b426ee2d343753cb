import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiFailure } from "../../api/errors.js";
import { linkChangesSchema, linkInputSchema, linkListQuerySchema, QR_FORMATS } from "../../api/links.js";
import { createLink } from "../../tracking/create-link.js";
import { baseUrlFromEnv, describeLink, findLink, shortUrl } from "../../tracking/link.js";
import { shortLinkBase } from "../../tracking/link-domains.js";
import { renderQr } from "../../tracking/link-qr.js";
import { listLinks } from "../../tracking/list-links.js";
import { archiveLink, updateLink } from "../../tracking/update-link.js";
import { ACCESS } from "../access.js";
import { parseBody, parseQuery } from "../parse-input.js";
import type { TrackingServer } from "./tracking.js";

type ById = { Params: { id: string } };

/**
 * The management API for links, in the request's workspace. The redirect caches hear of its
 * changes from the link operations themselves (link-cache.ts).
 */
export async function trackingLinkRoutes(app: FastifyInstance, tracking: TrackingServer): Promise<void> {
  const { store } = tracking;
  /**
   * Short URLs use the workspace's short-link domain, else SOCIALROI_BASE_URL, else the address
   * the client reached this server at.
   */
  const baseUrl = (request: FastifyRequest) =>
    shortLinkBase(store, request.workspace.id, baseUrlFromEnv() ?? `${request.protocol}://${request.host}`);
  const readLinks = { ...ACCESS.read, onRequest: tracking.admit };
  const writeLinks = { ...ACCESS.write, onRequest: tracking.admit };

  app.post("/api/links", writeLinks, async (request, reply) => {
    const input = parseBody(linkInputSchema, request.body);
    const { link, warnings } = await tracking.queue.run(() => createLink(store, request.workspace.id, input));
    return reply.status(201).send({ ...describeLink(link, await baseUrl(request)), warnings });
  });

  app.get("/api/links", readLinks, async (request) => {
    const query = parseQuery(linkListQuerySchema, request.query);
    // Clicks still in the buffer count too.
    await tracking.recorder.flush();
    const links = await listLinks(store, request.workspace.id, {
      includeArchived: query.archived === "true",
    });
    const base = await baseUrl(request);
    return {
      links: links.map((link) => ({
        ...describeLink(link, base),
        clicks: link.clicks,
        leads: link.leads,
        sales: link.sales,
        revenue: link.revenue,
      })),
    };
  });

  app.patch<ById>("/api/links/:id", writeLinks, async (request) => {
    const changes = parseBody(linkChangesSchema, request.body);
    const { link, warnings } = await tracking.queue.run(() =>
      updateLink(store, request.workspace.id, request.params.id, changes),
    );
    return { ...describeLink(link, await baseUrl(request)), warnings };
  });

  app.delete<ById>("/api/links/:id", writeLinks, async (request) => {
    const link = await tracking.queue.run(() => archiveLink(store, request.workspace.id, request.params.id));
    return describeLink(link, await baseUrl(request));
  });

  for (const format of QR_FORMATS) {
    app.get<ById>(`/api/links/:id/qr.${format}`, readLinks, async (request, reply) => {
      const link = await findLink(store, request.workspace.id, request.params.id);
      if (!link) throw new ApiFailure("not_found", `No link ${request.params.id}`);
      const image = await renderQr(shortUrl(await baseUrl(request), link.slug), format);
      return reply.type(format === "svg" ? "image/svg+xml" : "image/png").send(image);
    });
  }
}
