import { ownValue } from "./own-value.js";

/** Lower-case network ids used everywhere (imports, links, reports). */
const NETWORKS = [
  "facebook",
  "instagram",
  "x",
  "linkedin",
  "tiktok",
  "youtube",
  "pinterest",
  "threads",
  "snapchat",
  "reddit",
  "mastodon",
  "bluesky",
  "google",
  "email",
  "web",
] as const;
export type Network = (typeof NETWORKS)[number];

export const NETWORK_ALIASES: Record<string, Network> = {
  fb: "facebook",
  meta: "facebook",
  ig: "instagram",
  twitter: "x",
  "x.com": "x",
  "t.co": "x",
  li: "linkedin",
  lnkd: "linkedin",
  yt: "youtube",
  tt: "tiktok",
};

/** Networks are matched case-insensitively with common aliases; unknown names are kept as typed (lower-case). */
export function normalizeNetwork(raw: string): string {
  const key = raw.trim().toLowerCase();
  return ownValue(NETWORK_ALIASES, key) ?? key;
}

export const NETWORK_ID_PATTERN = /^[a-z][a-z0-9_.-]{0,39}$/;
