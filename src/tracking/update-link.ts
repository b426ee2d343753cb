import { type LinkChanges, linkChangesSchema } from "../api/links.js";
import { recordChange } from "../audit/record-change.js";
import { socialChannel } from "../channels/channel-grouping.js";
import type { Store } from "../store/store.js";
import { findLink, type Link } from "./link.js";
import { noteLinkChange } from "./link-cache.js";
import { TrackingInputError } from "./tracking-error.js";
import { buildUtm, lintUtm, type Utm } from "./utm.js";

/** Writes a change to a link and records it, both or neither. */
async function changeLink(
  store: Store,
  workspaceId: string,
  current: Link,
  write: () => Promise<void>,
): Promise<Link> {
  const changed = await store.transaction(async () => {
    await write();
    const after = (await findLink(store, workspaceId, current.id))!;
    await recordChange(store, { workspaceId, object: "link", objectId: current.id, before: current, after });
    return after;
  });
  noteLinkChange();
  return changed;
}

async function existingLink(store: Store, workspaceId: string, idOrSlug: string): Promise<Link> {
  const link = await findLink(store, workspaceId, idOrSlug);
  if (!link) throw new TrackingInputError(`No link ${idOrSlug}`, 404);
  return link;
}

/**
 * Changes a link; the slug never changes (it is printed on QR codes). UTM parameters are derived
 * again when the network, campaign, post or medium changes.
 */
export async function updateLink(
  store: Store,
  workspaceId: string,
  idOrSlug: string,
  changes: LinkChanges,
): Promise<{ link: Link; warnings: string[] }> {
  const current = await existingLink(store, workspaceId, idOrSlug);
  const parsed = linkChangesSchema.parse(changes);
  const next = {
    network: parsed.network ?? current.network,
    campaign: parsed.campaign ?? current.campaign,
    post_id: parsed.post_id ?? current.post_id,
  };
  const attributionChanged = Object.keys(parsed).some((key) => key !== "url");
  const utm: Utm = attributionChanged
    ? buildUtm({
        ...next,
        postId: next.post_id,
        paid: parsed.paid ?? socialChannel(current.utm_medium) === "Paid Social",
        source: parsed.utm_source,
        medium: parsed.utm_medium,
      })
    : current;
  const link = await changeLink(store, workspaceId, current, () =>
    store.run(
      `UPDATE links SET destination = $destination, network = $network, campaign = $campaign, post_id = $post_id,
       utm_source = $utm_source, utm_medium = $utm_medium, utm_campaign = $utm_campaign, utm_content = $utm_content,
       updated_at = now()
     WHERE link_id = $id`,
      {
        id: current.id,
        destination: parsed.url ?? current.destination,
        ...next,
        utm_source: utm.utm_source,
        utm_medium: utm.utm_medium,
        utm_campaign: utm.utm_campaign,
        utm_content: utm.utm_content,
      },
    ),
  );
  return { link, warnings: lintUtm(utm) };
}

/** Archived links answer 404 and keep their clicks and conversions for reports. */
export async function archiveLink(store: Store, workspaceId: string, idOrSlug: string): Promise<Link> {
  const current = await existingLink(store, workspaceId, idOrSlug);
  return changeLink(store, workspaceId, current, () =>
    store.run("UPDATE links SET archived_at = coalesce(archived_at, now()) WHERE link_id = $id", {
      id: current.id,
    }),
  );
}
