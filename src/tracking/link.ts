import type { Store } from "../store/store.js";
import { type Utm, withUtm } from "./utm.js";

export interface Link extends Utm {
  id: string;
  workspace_id: string;
  slug: string;
  destination: string;
  network: string | null;
  campaign: string | null;
  post_id: string | null;
  created_at: string;
  archived_at: string | null;
}

export const DEFAULT_BASE_URL = "http://localhost:3000";

const ISO = "'%Y-%m-%dT%H:%M:%S.%gZ'";
export const LINK_COLUMNS = `link_id AS id, workspace_id, slug, destination, network, campaign, post_id, utm_source,
  utm_medium, utm_campaign, utm_content, strftime(created_at, ${ISO}) AS created_at,
  strftime(archived_at, ${ISO}) AS archived_at`;

/** A link by id or slug, archived or not. */
export async function findLink(
  store: Store,
  workspaceId: string,
  idOrSlug: string,
): Promise<Link | undefined> {
  const [link] = await store.all<Link>(
    `SELECT ${LINK_COLUMNS} FROM links WHERE workspace_id = $ws AND (link_id = $key OR slug = $key)`,
    { ws: workspaceId, key: idOrSlug },
  );
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
