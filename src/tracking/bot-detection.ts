import { isbot } from "isbot";

/** Link-preview fetchers, listed by us so a change in isbot's list cannot start counting them. */
const PREVIEW_CRAWLERS =
  /facebookexternalhit|facebookcatalog|meta-externalagent|Facebot|Twitterbot|LinkedInBot|Slackbot|Slack-ImgProxy|Discordbot|WhatsApp\/|TelegramBot|SkypeUriPreview|redditbot|Pinterestbot|Embedly|Iframely|vkShare|Bluesky Cardyb|Mastodon\/|SnapchatBot|Snap URL Preview|Google-PageRenderer|Applebot|bingpreview|Yahoo Link Preview|Viber|KakaoTalk-scrap|Synapse|MicrosoftPreview|Teams/i;

/** Social apps open links in their own browser: those are people, whatever else their user agent says. */
const IN_APP_BROWSERS =
  /Instagram|FBAN\/|FBAV\/|FB_IAB|TikTok|musical_ly|BytedanceWebview|LinkedInApp|Snapchat|Pinterest\//i;

/** Whether a request is a crawler or bot, redirected but not counted as a click. */
export function isCrawler(userAgent: string | undefined): boolean {
  if (!userAgent) return true;
  if (PREVIEW_CRAWLERS.test(userAgent)) return true;
  if (IN_APP_BROWSERS.test(userAgent)) return false;
  return isbot(userAgent);
}
