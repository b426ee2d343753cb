import { z } from "zod";
import { linkDomainField } from "../api/link-domains.js";
import { recordChange } from "../audit/record-change.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { NOT_IN_MEMORY } from "./link-cache.js";
import { TrackingInputError } from "./tracking-error.js";

const linkDomainSchema = z.object({ domain: z.string(), created_at: z.string() });
export type LinkDomain = z.infer<typeof linkDomainSchema>;

// No `$ws` parameter in these statements: the cluster store then reads and publishes the table
// whole, which the check that a domain has one workspace at most needs (and the table is small).

/** Ordered by the column, not by the text of the same name made of it (to the second). Parameters: $workspace. */
const domainsOfWorkspace = defineQuery("tracking/link-domains", linkDomainSchema, {
  duckdb: `SELECT domain, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at FROM link_domains d
    WHERE workspace_id = $workspace ORDER BY d.created_at, d.domain`,
});

const everyDomain = defineQuery(
  "tracking/every-link-domain",
  z.object({ domain: z.string(), workspace_id: z.string() }),
  { duckdb: "SELECT domain, workspace_id FROM link_domains" },
);

/** Parameters: $domain. */
const domainOwner = defineQuery("tracking/link-domain-owner", z.object({ workspace_id: z.string() }), {
  duckdb: "SELECT workspace_id FROM link_domains WHERE domain = $domain",
});

/** Parameters: $domain, $workspace. */
const removedDomain = defineQuery("tracking/remove-link-domain", z.object({ domain: z.string() }), {
  duckdb: "DELETE FROM link_domains WHERE domain = $domain AND workspace_id = $workspace RETURNING domain",
});

/**
 * Raised by every change this process makes to the domains: a cache loaded before it loads them
 * again. Another process's changes reach a cache through `Store.onChange` instead.
 */
let localChanges = 0;

export function listLinkDomains(store: Store, workspaceId: string): Promise<LinkDomain[]> {
  return runQuery(store, domainsOfWorkspace, { workspace: workspaceId });
}

/** Gives the workspace a short-link domain; refused when it is another workspace's. */
export async function addLinkDomain(
  store: Store,
  workspaceId: string,
  domain: string,
): Promise<LinkDomain[]> {
  const parsed = linkDomainField.safeParse(domain);
  if (!parsed.success) throw new TrackingInputError(`${domain}: ${parsed.error.issues[0]?.message}`);
  await store.transaction(async () => {
    const [owner] = await runQuery(store, domainOwner, { domain: parsed.data });
    if (owner?.workspace_id === workspaceId) return;
    if (owner)
      throw new TrackingInputError(`${parsed.data} is the short-link domain of another workspace`, 409);
    await store.run("INSERT INTO link_domains (domain, workspace_id) VALUES ($domain, $workspace)", {
      domain: parsed.data,
      workspace: workspaceId,
    });
    await recordChange(store, {
      workspaceId,
      object: "link_domain",
      objectId: parsed.data,
      before: undefined,
      after: { domain: parsed.data },
    });
  });
  localChanges++;
  return listLinkDomains(store, workspaceId);
}

/** Takes a short-link domain from the workspace; false when it had no such domain. */
export async function removeLinkDomain(store: Store, workspaceId: string, domain: string): Promise<boolean> {
  const removed = await store.transaction(async () => {
    const rows = await runQuery(store, removedDomain, {
      domain: domain.trim().toLowerCase().replace(/\.$/, ""),
      workspace: workspaceId,
    });
    for (const row of rows)
      await recordChange(store, {
        workspaceId,
        object: "link_domain",
        objectId: row.domain,
        before: row,
        after: undefined,
      });
    return rows;
  });
  localChanges++;
  return removed.length > 0;
}

/**
 * Where a workspace's short URLs point: its first short-link domain, with the scheme of
 * `baseUrl` (https behind a proxy that ends TLS, as the dashboard's); `baseUrl` when it has none.
 */
export async function shortLinkBase(store: Store, workspaceId: string, baseUrl: string): Promise<string> {
  const [first] = await listLinkDomains(store, workspaceId);
  return first ? `${new URL(baseUrl).protocol}//${first.domain}` : baseUrl;
}

/** The host name of a Host header: lower case, without its port or a final dot. */
function hostName(host: string): string {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!;
  return name.toLowerCase().replace(/\.$/, "");
}

/**
 * Every short-link domain with its workspace, in memory: the redirect asks it on every click.
 * Loaded again after a change, this process's (`localChanges`) or another server's (`onChange`).
 */
export class LinkDomainCache {
  private domains: Promise<ReadonlyMap<string, string>> | undefined;
  /** What `domains` gave, while it is still the current load. */
  private loaded: ReadonlyMap<string, string> | undefined;
  private loadedAfter = -1;
  /** The last Host header and its host name: a server's clicks come through a few hosts. */
  private lastHost = "";
  private lastHostName = "";

  constructor(private readonly store: Store) {
    store.onChange("link_domains", () => {
      this.domains = undefined;
      this.loaded = undefined;
    });
  }

  /**
   * The workspace whose short-link domain the Host header names, undefined for any other host;
   * NOT_IN_MEMORY while the domains must be read first.
   */
  workspaceInMemory(host: string | undefined): string | undefined | typeof NOT_IN_MEMORY {
    if (!host) return undefined;
    if (!this.loaded || this.loadedAfter !== localChanges) return NOT_IN_MEMORY;
    if (host !== this.lastHost) {
      this.lastHostName = hostName(host);
      this.lastHost = host;
    }
    return this.loaded.get(this.lastHostName);
  }

  /** The workspace whose short-link domain the Host header names; undefined for any other host. */
  async workspaceOf(host: string | undefined): Promise<string | undefined> {
    if (!host) return undefined;
    const known = this.workspaceInMemory(host);
    if (known !== NOT_IN_MEMORY) return known;
    if (!this.domains || this.loadedAfter !== localChanges) {
      this.loadedAfter = localChanges;
      this.loaded = undefined;
      const loading = runQuery(this.store, everyDomain).then(
        (rows) => new Map(rows.map((row) => [row.domain, row.workspace_id])),
      );
      this.domains = loading;
      loading.then(
        (domains) => {
          if (this.domains === loading) this.loaded = domains;
        },
        // A failed load is not kept: the next request tries again.
        () => {
          if (this.domains === loading) this.domains = undefined;
        },
      );
    }
    return (await this.domains).get(hostName(host));
  }
}
