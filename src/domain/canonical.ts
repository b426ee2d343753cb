/**
 * The project's own file formats (PRODUCT.md §6), defined once: the importer validates files
 * against these columns and the store creates its tables from them.
 */
export type ColumnType =
  | { kind: "text" }
  | { kind: "integer" }
  | { kind: "decimal" }
  | { kind: "date" }
  | { kind: "timestamp" }
  | { kind: "currency" }
  | { kind: "network" }
  /** The name of an outcome (a custom conversion type, what a value rule values): shown and matched as is. */
  | { kind: "name" }
  | { kind: "enum"; values: readonly string[] };

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** A required column must be present in the header; `notEmpty` columns must also have a value in every row. */
  required: boolean;
  notEmpty: boolean;
  description: string;
}

export const COST_CATEGORIES = ["ads", "tools", "content", "team", "agency", "other"] as const;
export const RECURRENCES = ["monthly"] as const;

const text = { kind: "text" } as const;
const integer = { kind: "integer" } as const;
const decimal = { kind: "decimal" } as const;
const date = { kind: "date" } as const;
const timestamp = { kind: "timestamp" } as const;
const currency = { kind: "currency" } as const;
const network = { kind: "network" } as const;
const name = { kind: "name" } as const;

function col(
  name: string,
  type: ColumnType,
  description: string,
  opts: Partial<ColumnSpec> = {},
): ColumnSpec {
  return { name, type, required: true, notEmpty: false, description, ...opts };
}
const must = { notEmpty: true };
const optional = { required: false };

export interface CanonicalFormat {
  name: string;
  table: string;
  title: string;
  columns: ColumnSpec[];
  /** Columns whose values identify a row: re-importing a row with the same key updates it instead of adding it. */
  naturalKey: string[];
}

export const CANONICAL_FORMATS = [
  {
    name: "posts",
    table: "posts",
    title: "Posts with lifetime metrics (all activity a post ever had, dated by its publish time)",
    naturalKey: ["network", "post_id"],
    columns: [
      col("post_id", text, "The network's id of the post", must),
      col("network", network, "Network id: facebook, instagram, x, linkedin, tiktok, youtube, …", must),
      col("published_at", timestamp, "Publish time, ISO 8601", must),
      col("type", text, "Format: photo, video, link, status, carousel, story, reel, …"),
      col("text", text, "Post text"),
      col("campaign", text, "Campaign name"),
      col("impressions", integer, "Lifetime impressions (views)"),
      col("reach", integer, "Lifetime reach (unique people)"),
      col("engagements", integer, "Lifetime engagements (interactions)"),
      col("likes", integer, "Likes / reactions"),
      col("comments", integer, "Comments / replies"),
      col("shares", integer, "Shares / reposts / retweets"),
      col("link_clicks", integer, "Link clicks"),
      col("account", text, "Account or page name", optional),
      col("url", text, "Permalink", optional),
      col("paid", integer, "1 when the post was promoted", optional),
    ],
  },
  {
    name: "account_days",
    table: "account_days",
    title: "Daily account metrics (all activity on that day, on any post)",
    naturalKey: ["date", "network", "account"],
    columns: [
      col("date", date, "Day", must),
      col("network", network, "Network id", must),
      col("account", text, "Account or page name"),
      col("followers", integer, "Followers at the end of the day"),
      col("impressions", integer, "Impressions that day (may be negative: a network's correction)"),
      col("reach", integer, "Reach that day"),
      col("engagements", integer, "Engagements that day"),
      col("mentions", integer, "Brand mentions that day"),
      col("profile_visits", integer, "Profile or page visits that day", optional),
      col("positive_mentions", integer, "Positive mentions that day", optional),
      col("negative_mentions", integer, "Negative mentions that day", optional),
    ],
  },
  {
    name: "costs",
    table: "costs",
    title: "Cost entries (ads, tools, content, team, agency, other)",
    naturalKey: [
      "date",
      "end_date",
      "category",
      "amount",
      "currency",
      "network",
      "campaign",
      "description",
      "recurrence",
    ],
    columns: [
      col("date", date, "Day of a one-off cost, or first day of a period or of a monthly recurrence", must),
      col("end_date", date, "Last day (inclusive) of a spread cost or of a monthly recurrence"),
      col(
        "category",
        { kind: "enum", values: COST_CATEGORIES },
        "ads, tools, content, team, agency or other",
        must,
      ),
      col("amount", decimal, "Amount (per month for a monthly recurrence)", must),
      col("currency", currency, "ISO 4217 code, e.g. EUR", must),
      col(
        "network",
        network,
        "Network the cost belongs to; empty = shared, allocated by the workspace's rule",
      ),
      col("campaign", text, "Campaign the cost belongs to"),
      col("description", text, "What it is"),
      col("recurrence", { kind: "enum", values: RECURRENCES }, "Empty, or monthly"),
    ],
  },
  {
    name: "conversions",
    table: "conversions",
    title: "Conversions: leads, sales, refunds and custom events",
    naturalKey: ["type", "conversion_id"],
    columns: [
      col(
        "conversion_id",
        text,
        "Your id of the event (order number, lead id); makes re-imports idempotent",
        must,
      ),
      col("occurred_at", timestamp, "When it happened, ISO 8601", must),
      col("type", name, "lead, sale, refund, or a custom name", must),
      col("value", decimal, "Amount (sale, refund); a refund's amount is subtracted whatever its sign"),
      col("currency", currency, "ISO 4217 code"),
      col("network", network, "Network it is credited to directly"),
      col("campaign", text, "Campaign it is credited to directly"),
      col("customer_id", text, "Your customer id"),
      col("click_id", text, "socialroi click id (sr_id) when known"),
      col("post_id", text, "Post it is credited to directly", optional),
    ],
  },
  {
    name: "touchpoints",
    table: "touchpoints",
    title: "Touchpoints of customer journeys (for attribution)",
    naturalKey: ["customer_id", "occurred_at", "channel", "network", "campaign"],
    columns: [
      col("customer_id", text, "Customer", must),
      col("occurred_at", timestamp, "When, ISO 8601", must),
      col("channel", text, "Channel, e.g. Organic Social, Paid Social, Email, Direct", must),
      col("network", network, "Network id when social"),
      col("campaign", text, "Campaign"),
    ],
  },
  {
    name: "traffic",
    table: "traffic",
    title: "Web traffic by source, medium and campaign",
    naturalKey: ["date", "source", "medium", "campaign"],
    columns: [
      col("date", date, "Day", must),
      col("source", text, "utm_source / session source", must),
      col("medium", text, "utm_medium / session medium"),
      col("campaign", text, "utm_campaign"),
      col("sessions", integer, "Sessions"),
      col("users", integer, "Users"),
      col("revenue", decimal, "Revenue already attributed to this source by web analytics", optional),
      col("currency", currency, "Currency of revenue", optional),
    ],
  },
  {
    name: "value_rules",
    table: "value_rules",
    title: "Value rules: what a lead, click, engaged user, 1000 impressions … is worth",
    naturalKey: ["outcome", "network", "valid_from"],
    columns: [
      col(
        "outcome",
        name,
        "lead, link_click, engaged_user, impressions_1000, comment, like, share, or a custom conversion type",
        must,
      ),
      col("unit_value", decimal, "Value of one outcome (or empty when probability × price is given)"),
      col("currency", currency, "ISO 4217 code", must),
      col("valid_from", date, "First day the rule applies (empty = since always)"),
      col("valid_to", date, "Last day the rule applies (empty = until changed)"),
      col("probability", decimal, "P(outcome → sale), for conversion-probability × price rules", optional),
      col("price", decimal, "Average sale price, for conversion-probability × price rules", optional),
      col("network", network, "Only for this network (empty = every network)", optional),
    ],
  },
  {
    name: "goals",
    table: "goals",
    title: "Goals: targets for indicators over a period",
    naturalKey: ["goal", "indicator", "period_start", "period_end", "network"],
    columns: [
      col("goal", text, "Goal id (brand_image, community_development, …) or a free-form name", must),
      col("indicator", text, "Indicator id (impressions, leads, revenue, roi, …)", must),
      col("target", decimal, "Target value over the period", must),
      col("period_start", date, "First day", must),
      col("period_end", date, "Last day", must),
      col("network", network, "Only this network (empty = all)"),
    ],
  },
  {
    name: "keyword_cpcs",
    table: "keyword_cpcs",
    title: "Keyword cost per click, for earned media value",
    naturalKey: ["keyword"],
    columns: [
      col("keyword", text, "Keyword or campaign name", must),
      col("cpc", decimal, "Cost per click", must),
      col("currency", currency, "ISO 4217 code", must),
    ],
  },
  {
    name: "currency_rates",
    table: "currency_rates",
    title: "Currency rates: 1 unit of currency = rate_to_reporting units of the reporting currency",
    naturalKey: ["date", "currency"],
    columns: [
      col("date", date, "Day from which the rate applies", must),
      col("currency", currency, "ISO 4217 code", must),
      col("rate_to_reporting", decimal, "Value of one unit in the reporting currency", must),
    ],
  },
  {
    name: "mentions",
    table: "mentions",
    title: "Mentions of the brand (comments, replies, tags), for customer care and sentiment",
    naturalKey: ["network", "mention_id"],
    columns: [
      col("mention_id", text, "The network's id of the mention", must),
      col("occurred_at", timestamp, "When it was posted, ISO 8601", must),
      col("network", network, "Network id", must),
      col("author", text, "Who wrote it"),
      col("text", text, "What it says"),
      col("replied_at", timestamp, "When the brand first replied (empty = not answered)"),
      col("resolved", integer, "1 when the customer's issue was resolved", optional),
      col("language", text, "en, fr or nl (empty = detected from the text)", optional),
    ],
  },
] as const satisfies readonly CanonicalFormat[];

export type CanonicalFormatName = (typeof CANONICAL_FORMATS)[number]["name"];
export type CanonicalTable = (typeof CANONICAL_FORMATS)[number]["table"];

export function canonicalFormat(name: string): CanonicalFormat | undefined {
  return CANONICAL_FORMATS.find((f) => f.name === name);
}
