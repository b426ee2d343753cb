import { quoteLiteral } from "../store/sql-text.js";

/**
 * GA4's default channel groups (support.google.com/analytics/answer/9756891), defined once as data so
 * the TypeScript classifier and the DuckDB expression cannot drift apart. Patterns are written in the
 * subset of regular expressions that JavaScript and RE2 (DuckDB) read alike, and match lower-cased,
 * trimmed values.
 */
type ChannelGroup =
  | "Direct"
  | "Cross-network"
  | "Paid Shopping"
  | "Paid Search"
  | "Paid Social"
  | "Paid Video"
  | "Display"
  | "Paid Other"
  | "Organic Shopping"
  | "Organic Social"
  | "Organic Video"
  | "Organic Search"
  | "Referral"
  | "Email"
  | "Affiliates"
  | "Audio"
  | "SMS"
  | "Mobile Push Notifications"
  | "Unassigned";

export interface TrafficSource {
  source: string | null | undefined;
  medium: string | null | undefined;
  campaign?: string | null | undefined;
}

export interface ChannelClassification {
  channel: ChannelGroup;
  /** The social or video network the source belongs to, or null. */
  network: string | null;
}

type Field = "source" | "medium" | "campaign";
type Condition =
  | { field: Field; pattern: string }
  | { network: "social" | "video" | "any" }
  | { all: Condition[] }
  | { any: Condition[] };

/** Networks recognised from a traffic source (domains, app ids and utm_source shorthands). */
const NETWORK_SOURCES: { network: string; kind: "social" | "video"; pattern: string }[] = [
  {
    network: "facebook",
    kind: "social",
    pattern: "^(.*\\.)?(facebook\\.com|fb\\.com|fb\\.me)$|^(facebook|fb|meta)$",
  },
  { network: "instagram", kind: "social", pattern: "^(.*\\.)?instagram\\.com$|^(instagram|ig)$" },
  { network: "x", kind: "social", pattern: "^(.*\\.)?(twitter\\.com|x\\.com)$|^(t\\.co|twitter|x)$" },
  {
    network: "linkedin",
    kind: "social",
    pattern: "^(.*\\.)?(linkedin\\.com|lnkd\\.in)$|^(linkedin|li|lnkd)$",
  },
  { network: "tiktok", kind: "social", pattern: "^(.*\\.)?tiktok\\.com$|^(tiktok|tt)$" },
  { network: "pinterest", kind: "social", pattern: "^(.*\\.)?(pinterest\\.[a-z.]+|pin\\.it)$|^pinterest$" },
  { network: "threads", kind: "social", pattern: "^(.*\\.)?threads\\.(net|com)$|^threads$" },
  { network: "reddit", kind: "social", pattern: "^(.*\\.)?reddit\\.com$|^reddit$" },
  { network: "snapchat", kind: "social", pattern: "^(.*\\.)?snapchat\\.com$|^snapchat$" },
  { network: "bluesky", kind: "social", pattern: "^(.*\\.)?bsky\\.app$|^bluesky$" },
  { network: "mastodon", kind: "social", pattern: "^(.*\\.)?mastodon\\.[a-z.]+$|^mastodon$" },
  { network: "youtube", kind: "video", pattern: "^(.*\\.)?(youtube\\.com|youtu\\.be)$|^(youtube|yt)$" },
];

const SEARCH_SOURCES =
  "^(.*\\.)?(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|qwant|startpage|ask|naver)(\\.[a-z]+)+$|^(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|qwant)$";
const OTHER_SOCIAL_SOURCES =
  "^(.*\\.)?(whatsapp\\.com|messenger\\.com|discord\\.com|tumblr\\.com|vk\\.com|quora\\.com|medium\\.com)$|^(whatsapp|messenger|discord|tumblr|quora)$";
const OTHER_VIDEO_SOURCES = "^(.*\\.)?(vimeo\\.com|twitch\\.tv|dailymotion\\.com)$|^(vimeo|twitch)$";
const SHOPPING_SOURCES =
  "^(.*\\.)?(shopping\\.google\\.com|amazon\\.[a-z.]+|ebay\\.[a-z.]+|etsy\\.com)$|^(amazon|ebay|etsy|shopify)$";
const PAID_MEDIUM = "^(.*cp.*|ppc|retargeting|paid.*)$";
const SHOPPING_CAMPAIGN = "^(.*(([^a-df-z]|^)shop|shopping).*)$";

const source = (pattern: string): Condition => ({ field: "source", pattern });
const medium = (pattern: string): Condition => ({ field: "medium", pattern });
const campaign = (pattern: string): Condition => ({ field: "campaign", pattern });
const social: Condition = { any: [{ network: "social" }, source(OTHER_SOCIAL_SOURCES)] };
const video: Condition = { any: [{ network: "video" }, source(OTHER_VIDEO_SOURCES)] };
const shopping: Condition = { any: [source(SHOPPING_SOURCES), campaign(SHOPPING_CAMPAIGN)] };
const paid = medium(PAID_MEDIUM);

/** GA4's rules, first match wins. */
const CHANNEL_RULES: { channel: ChannelGroup; when: Condition }[] = [
  {
    channel: "Direct",
    when: { all: [source("^(\\(direct\\)|direct)?$"), medium("^(\\(none\\)|\\(not set\\)|none)?$")] },
  },
  { channel: "Cross-network", when: campaign("^.*cross-network.*$") },
  { channel: "Paid Shopping", when: { all: [shopping, paid] } },
  { channel: "Paid Search", when: { all: [source(SEARCH_SOURCES), paid] } },
  { channel: "Paid Social", when: { all: [social, paid] } },
  { channel: "Paid Video", when: { all: [video, paid] } },
  { channel: "Display", when: medium("^(display|banner|expandable|interstitial|cpm)$") },
  { channel: "Paid Other", when: paid },
  { channel: "Organic Shopping", when: shopping },
  {
    channel: "Organic Social",
    when: { any: [social, medium("^(social|social-network|social-media|sm|social network|social media)$")] },
  },
  { channel: "Organic Video", when: { any: [video, medium("^(.*video.*)$")] } },
  { channel: "Organic Search", when: { any: [source(SEARCH_SOURCES), medium("^organic$")] } },
  { channel: "Referral", when: medium("^(referral|app|link)$") },
  {
    channel: "Email",
    when: {
      any: [source("^(email|e-mail|e_mail|e mail)$"), medium("^(email|e-mail|e_mail|e mail|newsletter)$")],
    },
  },
  { channel: "Affiliates", when: medium("^affiliate$") },
  { channel: "Audio", when: medium("^audio$") },
  { channel: "SMS", when: { any: [source("^sms$"), medium("^sms$")] } },
  {
    channel: "Mobile Push Notifications",
    when: { any: [medium("(push$|mobile|notification)"), source("^firebase$")] },
  },
];

function clean(value: string | null | undefined): string {
  return (value ?? "").trim().toLowerCase();
}

function networkOf(sourceValue: string): { network: string; kind: "social" | "video" } | undefined {
  return NETWORK_SOURCES.find((n) => new RegExp(n.pattern).test(sourceValue));
}

function holds(condition: Condition, values: Record<Field, string>): boolean {
  if ("field" in condition) return new RegExp(condition.pattern).test(values[condition.field]);
  if ("network" in condition) {
    const found = networkOf(values.source);
    return found !== undefined && (condition.network === "any" || found.kind === condition.network);
  }
  if ("all" in condition) return condition.all.every((c) => holds(c, values));
  return condition.any.some((c) => holds(c, values));
}

/** The GA4 default channel group and the network of a session's source / medium / campaign. */
export function classifyTraffic(traffic: TrafficSource): ChannelClassification {
  const values = {
    source: clean(traffic.source),
    medium: clean(traffic.medium),
    campaign: clean(traffic.campaign),
  };
  const rule = CHANNEL_RULES.find((r) => holds(r.when, values));
  return { channel: rule?.channel ?? "Unassigned", network: networkOf(values.source)?.network ?? null };
}

function cleanSql(expression: string): string {
  return `lower(trim(coalesce(${expression}, '')))`;
}

/**
 * `body` over `expression` computed once, as the lambda parameter `name`: a CASE testing a value
 * against dozens of patterns would otherwise repeat its expression in every branch, and the
 * planner spent over a second on a shop export's utm expression repeated so (2026-12 profile).
 */
function overValue(expression: string, name: string, body: string): string {
  return `list_transform([${expression}], lambda ${name}: ${body})[1]`;
}

/** DuckDB expression giving the network of a source expression, or NULL. */
export function networkSql(sourceExpression: string): string {
  const cases = NETWORK_SOURCES.map(
    (n) => `WHEN regexp_matches(network_source, ${quoteLiteral(n.pattern)}) THEN ${quoteLiteral(n.network)}`,
  );
  return overValue(cleanSql(sourceExpression), "network_source", `CASE ${cases.join(" ")} END`);
}

/** `utm_source=facebook&utm_medium=paid` or `utm_source: facebook` style parameters found in free text. */
export function utmParameterSql(textExpression: string, name: string): string {
  return `nullif(url_decode(regexp_extract(${textExpression}, ${quoteLiteral(`(?:^|[?&\\s,;])${name}\\s*[=:]\\s*([^&\\s,;]+)`)}, 1)), '')`;
}

export type SocialChannel = "Organic Social" | "Paid Social";

/** GA4's paid-medium rule, applied alone: a tracked link is social by construction. */
export function socialChannel(medium: string | null | undefined): SocialChannel {
  return /^(.*cp.*|ppc|retargeting|paid.*)$/.test((medium ?? "").trim().toLowerCase())
    ? "Paid Social"
    : "Organic Social";
}
