import { classifyTraffic } from "../channels/channel-grouping.js";

const UTM_PARAMETERS = ["utm_source", "utm_medium", "utm_campaign", "utm_content"] as const;

export interface Utm {
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
}

/** GA4 groups `social` as Organic Social and `paid_social` (a `paid…` medium) as Paid Social. */
const ORGANIC_MEDIUM = "social";
const PAID_MEDIUM = "paid_social";

export interface UtmInput {
  network?: string | null | undefined;
  campaign?: string | null | undefined;
  postId?: string | null | undefined;
  paid?: boolean | undefined;
  /** Explicit values win over the ones derived from network, campaign and post. */
  source?: string | null | undefined;
  medium?: string | null | undefined;
}

export function buildUtm(input: UtmInput): Utm {
  const source = input.source ?? input.network ?? null;
  return {
    utm_source: source,
    utm_medium: input.medium ?? (source ? (input.paid ? PAID_MEDIUM : ORGANIC_MEDIUM) : null),
    utm_campaign: input.campaign ?? null,
    utm_content: input.postId ?? null,
  };
}

/** Warnings for UTM values GA4's default channel grouping would not count as social traffic. */
export function lintUtm(utm: Utm): string[] {
  if (!utm.utm_source && !utm.utm_medium) return [];
  const warnings: string[] = [];
  const { channel } = classifyTraffic({
    source: utm.utm_source,
    medium: utm.utm_medium,
    campaign: utm.utm_campaign,
  });
  if (channel !== "Organic Social" && channel !== "Paid Social") {
    warnings.push(
      `GA4 would group utm_source=${utm.utm_source ?? ""} utm_medium=${utm.utm_medium ?? ""} as "${channel}", not as social: ` +
        `use a social network as the source and "${ORGANIC_MEDIUM}" or "${PAID_MEDIUM}" as the medium.`,
    );
  }
  for (const name of UTM_PARAMETERS) {
    const value = utm[name];
    // GA4 reports are case-sensitive: "Facebook" and "facebook" would be two rows.
    if (value && value !== value.toLowerCase())
      warnings.push(`${name}=${value} has capitals: GA4 reports split values by case.`);
    if (value && /\s/.test(value)) warnings.push(`${name}=${value} has spaces: prefer - or _.`);
  }
  return warnings;
}

/** The destination with the link's UTM parameters, keeping any the destination already sets. */
export function withUtm(destination: string, utm: Utm): URL {
  const url = new URL(destination);
  for (const name of UTM_PARAMETERS) {
    const value = utm[name];
    if (value && !url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return url;
}
