import { randomInt } from "node:crypto";
import { type LinkInput, linkInputSchema } from "../api/links.js";
import { recordChange } from "../audit/record-change.js";
import { newId } from "../domain/ids.js";
import type { Store } from "../store/store.js";
import { findLink, type Link } from "./link.js";
import { noteLinkChange } from "./link-cache.js";
import { TrackingInputError } from "./tracking-error.js";
import { buildUtm, lintUtm } from "./utm.js";

// No 0/O or 1/l/I: slugs get read aloud and typed from printed material.
const SLUG_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const GENERATED_SLUG_LENGTH = 7;

function generateSlug(): string {
  let slug = "";
  for (let i = 0; i < GENERATED_SLUG_LENGTH; i++) slug += SLUG_ALPHABET[randomInt(SLUG_ALPHABET.length)];
  return slug;
}

export interface CreatedLink {
  link: Link;
  warnings: string[];
}

export async function createLink(store: Store, workspaceId: string, input: LinkInput): Promise<CreatedLink> {
  const parsed = linkInputSchema.parse(input);
  let slug = parsed.slug ?? generateSlug();
  if (parsed.slug !== undefined) {
    if (await findLink(store, workspaceId, slug))
      throw new TrackingInputError(`The slug ${slug} is taken`, 409);
  } else {
    while (await findLink(store, workspaceId, slug)) slug = generateSlug();
  }
  const utm = buildUtm({
    network: parsed.network,
    campaign: parsed.campaign,
    postId: parsed.post_id,
    paid: parsed.paid,
    source: parsed.utm_source,
    medium: parsed.utm_medium,
  });
  const id = newId("lnk");
  const link = await store.transaction(async () => {
    await store.run(
      `INSERT INTO links (link_id, workspace_id, slug, destination, network, campaign, post_id, utm_source, utm_medium,
       utm_campaign, utm_content)
     VALUES ($id, $ws, $slug, $destination, $network, $campaign, $post_id, $utm_source, $utm_medium, $utm_campaign, $utm_content)`,
      {
        id,
        ws: workspaceId,
        slug,
        destination: parsed.url,
        network: parsed.network ?? null,
        campaign: parsed.campaign ?? null,
        post_id: parsed.post_id ?? null,
        ...utm,
      },
    );
    const created = (await findLink(store, workspaceId, id))!;
    await recordChange(store, {
      workspaceId,
      object: "link",
      objectId: id,
      before: undefined,
      after: created,
    });
    return created;
  });
  noteLinkChange();
  return { link, warnings: lintUtm(utm) };
}
