import type { Store } from "../store/store.js";
import { LINK_COLUMNS, type Link, redirectTarget } from "./link.js";

export interface ActiveLink {
  id: string;
  target: URL;
}

/** Past this many slugs the cache starts over, so probing random slugs cannot grow it without end. */
const MAX_ENTRIES = 50_000;

/**
 * Active links by slug, kept in memory so a redirect does not wait on the database. Unknown slugs
 * are remembered too: links are only created and changed through this server while it runs (the
 * database file is locked), and those paths call `forget`.
 */
export class LinkCache {
  private readonly entries = new Map<string, ActiveLink | null>();

  constructor(
    private readonly store: Store,
    private readonly workspaceId: string,
  ) {}

  async active(slug: string): Promise<ActiveLink | null> {
    const cached = this.entries.get(slug);
    if (cached !== undefined) return cached;
    const [link] = await this.store.all<Link>(
      `SELECT ${LINK_COLUMNS} FROM links WHERE workspace_id = $ws AND slug = $slug AND archived_at IS NULL`,
      { ws: this.workspaceId, slug },
    );
    const entry = link ? { id: link.id, target: redirectTarget(link) } : null;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(slug, entry);
    return entry;
  }

  forget(slug: string): void {
    this.entries.delete(slug);
  }
}

/**
 * The redirect's Location: the link's target, the visitor's own query parameters where the target
 * does not set them, and the click id (never taken from the visitor).
 */
export function redirectLocation(target: URL, search: string, clickId: string | undefined): string {
  if (!search && !clickId) return target.href;
  // The common case, a click without parameters of its own, is built as text: URL parsing would
  // cost more than the rest of the redirect.
  if (!search && clickId && !target.hash) {
    return `${target.href}${target.search ? "&" : "?"}sr_id=${clickId}`;
  }
  const url = new URL(target);
  if (search) {
    const own = new Set(url.searchParams.keys());
    for (const [name, value] of new URLSearchParams(search)) {
      if (!own.has(name) && name !== "sr_id") url.searchParams.append(name, value);
    }
  }
  if (clickId) url.searchParams.set("sr_id", clickId);
  return url.href;
}
