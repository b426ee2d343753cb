import { z } from "zod";
import { linkUtmSchema } from "../api/links.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { withUtm } from "./utm.js";

/** A link as stored (the API's link is `describeLink`'s, built from it). */
export const linkRowSchema = z.object({
  id: z.string(),
  workspace_id: z.string(),
  slug: z.string(),
  destination: z.string(),
  network: z.string().nullable(),
  campaign: z.string().nullable(),
  post_id: z.string().nullable(),
  ...linkUtmSchema.shape,
  created_at: z.string(),
  archived_at: z.string().nullable(),
});
export type Link = z.infer<typeof linkRowSchema>;

export const DEFAULT_BASE_URL = "http://localhost:3000";

const ISO = "'%Y-%m-%dT%H:%M:%S.%gZ'";
export const LINK_COLUMNS = `link_id AS id, workspace_id, slug, destination, network, campaign, post_id, utm_source,
  utm_medium, utm_campaign, utm_content, strftime(created_at, ${ISO}) AS created_at,
  strftime(archived_at, ${ISO}) AS archived_at`;

/** Parameters: $ws, $key (the link's id or slug). */
const linkByIdOrSlug = defineQuery("tracking/link", linkRowSchema, {
  duckdb: `SELECT ${LINK_COLUMNS} FROM links WHERE workspace_id = $ws AND (link_id = $key OR slug = $key)`,
});

/** A link by id or slug, archived or not. */
export async function findLink(
  store: Store,
  workspaceId: string,
  idOrSlug: string,
): Promise<Link | undefined> {
  const [link] = await runQuery(store, linkByIdOrSlug, { ws: workspaceId, key: idOrSlug });
  return link;
}

/** Where the short link sends people, before the per-click `sr_id` and forwarded parameters. */
export function redirectTarget(link: Link): URL {
  return withUtm(link.destination, link);
}

export function shortUrl(baseUrl: string, slug: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/l/${encodeURIComponent(slug)}`;
}

export function baseUrlFromEnv(): string | undefined {
  return process.env["SOCIALROI_BASE_URL"] || undefined;
}

/** What the CLI and the API answer for a link. */
export function describeLink(link: Link, baseUrl: string) {
  return {
    id: link.id,
    slug: link.slug,
    short_url: shortUrl(baseUrl, link.slug),
    destination: link.destination,
    redirects_to: redirectTarget(link).toString(),
    network: link.network,
    campaign: link.campaign,
    post_id: link.post_id,
    utm: {
      utm_source: link.utm_source,
      utm_medium: link.utm_medium,
      utm_campaign: link.utm_campaign,
      utm_content: link.utm_content,
    },
    created_at: link.created_at,
    archived_at: link.archived_at,
  };
}
