import { SLUG_PATTERN } from "../api/links.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { LINK_COLUMNS, linkRowSchema, redirectTarget } from "./link.js";

export interface ActiveLink {
  id: string;
  target: URL;
}

/** Past this many links the cache starts over, so its memory stays bounded whatever the database holds. */
const MAX_LINKS = 50_000;
/**
 * Slugs without an active link, remembered so that a dead link still printed somewhere does not
 * cost a lookup per visit; few, so that probing random slugs costs a lookup each but no memory.
 */
const MAX_UNKNOWN = 1_000;

/**
 * Raised once a change this process made to a link is committed, whichever door made it (a
 * command run through `serve` has no cache to call `forget` on): caches filled before start afresh.
 */
let committedLinkChanges = 0;

export function noteLinkChange(): void {
  committedLinkChanges++;
}

/**
 * What a cache answers when it cannot tell without reading the database: the redirect then waits
 * for the read, and otherwise answers without a promise (see `answerRedirect`).
 */
export const NOT_IN_MEMORY = Symbol("not in memory");

/** Parameters: $ws, $slug. */
const activeLink = defineQuery("tracking/active-link", linkRowSchema, {
  duckdb: `SELECT ${LINK_COLUMNS} FROM links WHERE workspace_id = $ws AND slug = $slug AND archived_at IS NULL`,
});

/**
 * Active links by slug, kept in memory so a redirect does not wait on the database. This process's
 * own changes to links empty it (`noteLinkChange`); another server's (in the cluster mode) too, when
 * the store hears of them.
 */
export class LinkCache {
  private readonly links = new Map<string, ActiveLink>();
  /** In the order they were looked up: the oldest is dropped first. */
  private readonly unknown = new Set<string>();
  private changesSeen = committedLinkChanges;

  constructor(
    private readonly store: Store,
    private readonly workspaceId: string,
  ) {
    store.onChange("links", () => {
      this.links.clear();
      this.unknown.clear();
    });
  }

  /** The slug's active link, null when it has none, NOT_IN_MEMORY when only the database can tell. */
  activeInMemory(slug: string): ActiveLink | null | typeof NOT_IN_MEMORY {
    // A slug no link can have is not worth a lookup, nor a place in the cache.
    if (!SLUG_PATTERN.test(slug)) return null;
    if (this.changesSeen !== committedLinkChanges) {
      this.changesSeen = committedLinkChanges;
      this.links.clear();
      this.unknown.clear();
    }
    const cached = this.links.get(slug);
    if (cached) return cached;
    return this.unknown.has(slug) ? null : NOT_IN_MEMORY;
  }

  async active(slug: string): Promise<ActiveLink | null> {
    const known = this.activeInMemory(slug);
    if (known !== NOT_IN_MEMORY) return known;
    const [link] = await runQuery(this.store, activeLink, { ws: this.workspaceId, slug });
    // A change committed while the row was read may have come after it: not worth keeping.
    const current = this.changesSeen === committedLinkChanges;
    if (!link) {
      if (!current) return null;
      if (this.unknown.size >= MAX_UNKNOWN) this.unknown.delete(this.unknown.values().next().value!);
      this.unknown.add(slug);
      return null;
    }
    const entry = { id: link.id, target: redirectTarget(link) };
    if (!current) return entry;
    if (this.links.size >= MAX_LINKS) this.links.clear();
    this.links.set(slug, entry);
    return entry;
  }

  /** How many slugs are held, known or not. */
  get size(): number {
    return this.links.size + this.unknown.size;
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
