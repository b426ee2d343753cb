import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiFailure } from "../../api/errors.js";
import { linkChangesSchema, linkInputSchema, linkListQuerySchema, QR_FORMATS } from "../../api/links.js";
import { createLink } from "../../tracking/create-link.js";
import { baseUrlFromEnv, describeLink, findLink, shortUrl } from "../../tracking/link.js";
import { renderQr } from "../../tracking/link-qr.js";
import { listLinks } from "../../tracking/list-links.js";
import { archiveLink, updateLink } from "../../tracking/update-link.js";
import { TOKEN } from "../access.js";
import { parseBody, parseQuery } from "../parse-input.js";
import type { TrackingServer } from "./tracking.js";

type ById = { Params: { id: string } };

/** Short URLs use SOCIALROI_BASE_URL, else the address the client reached this server at. */
function baseUrl(request: FastifyRequest): string {
  return baseUrlFromEnv() ?? `${request.protocol}://${request.host}`;
}

/** The management API for links: token required. */
export async function trackingLinkRoutes(app: FastifyInstance, tracking: TrackingServer): Promise<void> {
  const { store, workspaceId } = tracking;
  const linkApi = { ...TOKEN, onRequest: tracking.admit };

  app.post("/api/links", linkApi, async (request, reply) => {
    const input = parseBody(linkInputSchema, request.body);
    const { link, warnings } = await tracking.queue.run(() => createLink(store, workspaceId, input));
    tracking.links.forget(link.slug);
    return reply.status(201).send({ ...describeLink(link, baseUrl(request)), warnings });
  });

  app.get("/api/links", linkApi, async (request) => {
    const query = parseQuery(linkListQuerySchema, request.query);
    // Clicks still in the buffer count too.
    await tracking.recorder.flush();
    const links = await listLinks(store, workspaceId, { includeArchived: query.archived === "true" });
    return {
      links: links.map((link) => ({
        ...describeLink(link, baseUrl(request)),
        clicks: link.clicks,
        leads: link.leads,
        sales: link.sales,
        revenue: link.revenue,
      })),
    };
  });

  app.patch<ById>("/api/links/:id", linkApi, async (request) => {
    const changes = parseBody(linkChangesSchema, request.body);
    const { link, warnings } = await tracking.queue.run(() =>
      updateLink(store, workspaceId, request.params.id, changes),
    );
    tracking.links.forget(link.slug);
    return { ...describeLink(link, baseUrl(request)), warnings };
  });

  app.delete<ById>("/api/links/:id", linkApi, async (request) => {
    const link = await tracking.queue.run(() => archiveLink(store, workspaceId, request.params.id));
    tracking.links.forget(link.slug);
    return describeLink(link, baseUrl(request));
  });

  for (const format of QR_FORMATS) {
    app.get<ById>(`/api/links/:id/qr.${format}`, linkApi, async (request, reply) => {
      const link = await findLink(store, workspaceId, request.params.id);
      if (!link) throw new ApiFailure("not_found", `No link ${request.params.id}`);
      const image = await renderQr(shortUrl(baseUrl(request), link.slug), format);
      return reply.type(format === "svg" ? "image/svg+xml" : "image/png").send(image);
    });
  }
}
