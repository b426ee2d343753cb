import type { FileFormat } from "../file-format.js";
import { facebookInsightsLegacy } from "./facebook-insights-legacy.js";
import { ga4Traffic } from "./ga4-traffic.js";
import { googleAds } from "./google-ads.js";
import { keywordPlanner } from "./keyword-planner.js";
import { linkedinAds } from "./linkedin-ads.js";
import { linkedinContentMetrics } from "./linkedin-content-metrics.js";
import { linkedinFollowers } from "./linkedin-followers.js";
import { linkedinPosts } from "./linkedin-posts.js";
import { linkedinVisitors } from "./linkedin-visitors.js";
import { metaAds } from "./meta-ads.js";
import { metaPosts } from "./meta-posts.js";
import { shopifyOrders } from "./shopify-orders.js";
import { stripePayments } from "./stripe-payments.js";
import { tiktokContent } from "./tiktok-content.js";
import { tiktokFollowers } from "./tiktok-followers.js";
import { tiktokOverview } from "./tiktok-overview.js";
import { trafficBySource } from "./traffic-by-source.js";
import { xAccountOverview } from "./x-account-overview.js";
import { xAds } from "./x-ads.js";
import { xDailyActivity } from "./x-daily-activity.js";
import { xPostContent } from "./x-post-content.js";
import { xTweetActivity } from "./x-tweet-activity.js";
import { youtubeContent } from "./youtube-content.js";

/** The networks' own exports, each read by one reader. */
export const NATIVE_FILE_FORMATS: FileFormat[] = [
  xTweetActivity,
  xDailyActivity,
  xPostContent,
  xAccountOverview,
  metaPosts,
  facebookInsightsLegacy,
  linkedinContentMetrics,
  linkedinPosts,
  linkedinFollowers,
  linkedinVisitors,
  tiktokOverview,
  tiktokFollowers,
  tiktokContent,
  youtubeContent,
  ga4Traffic,
  trafficBySource,
  metaAds,
  linkedinAds,
  xAds,
  googleAds,
  keywordPlanner,
  shopifyOrders,
  stripePayments,
];
