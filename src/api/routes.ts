import { z } from "zod";
import {
  funnelReportSchema,
  goalsProgressSchema,
  goalsQuerySchema,
  metricsSchema,
  roiQuerySchema,
  roiReportSchema,
} from "./analytics.js";
import { attributionQuerySchema, attributionReportSchema } from "./attribution.js";
import { auditLogSchema, auditQuerySchema } from "./audit.js";
import {
  type AccessLevel,
  accessSchema,
  chosenWorkspaceSchema,
  meSchema,
  passwordResetConfirmSchema,
  passwordResetDoneSchema,
  passwordResetRequestedSchema,
  passwordResetRequestSchema,
  revokedSchema,
  signedInSchema,
  signedOutSchema,
  signInSchema,
  tokenInputSchema,
  tokenListSchema,
  tokenSchema,
} from "./auth.js";
import { brandingSchema } from "./branding.js";
import { deletedSchema, idParamsSchema, periodQuerySchema } from "./common.js";
import { costInputSchema, costListSchema, costSchema, costsByCategorySchema } from "./costs.js";
import type { ErrorCode } from "./errors.js";
import { goalCatalogueSchema, goalInputSchema, goalSchema } from "./goals.js";
import { heldConversionsSchema, importReportSchema, importRunsSchema, uploadQuerySchema } from "./imports.js";
import {
  bestTimesSchema,
  careQuerySchema,
  customerCareSchema,
  earnedMediaReportSchema,
  insightsQuerySchema,
  insightsSchema,
  metricQuerySchema,
  valueEstimatesSchema,
} from "./insights.js";
import { linkDomainInputSchema, linkDomainListSchema, linkDomainParamsSchema } from "./link-domains.js";
import {
  linkChangesSchema,
  linkInputSchema,
  linkListQuerySchema,
  linkListSchema,
  linkSchema,
  linkWithWarningsSchema,
  QR_FORMATS,
} from "./links.js";
import { memberInputSchema, memberListSchema, memberRemovedSchema, memberSchema } from "./members.js";
import {
  mentionListSchema,
  mentionParamsSchema,
  mentionsQuerySchema,
  scoredMentionSchema,
  sentimentCorrectionSchema,
} from "./mentions.js";
import {
  liftTestInputSchema,
  liftTestListSchema,
  liftTestSchema,
  mmmQuerySchema,
  mmmReportSchema,
} from "./mmm.js";
import { portfolioQuerySchema, portfolioSchema } from "./portfolio.js";
import { postListSchema, postsQuerySchema } from "./posts.js";
import { MIME_TYPES, REPORT_FORMATS, reportQuerySchema } from "./reports.js";
import { conversionResultSchema, leadBodySchema, saleBodySchema } from "./tracking.js";
import { valueRuleInputSchema, valueRuleListSchema, valueRuleSchema } from "./value-rules.js";
import { shopifyPayloadSchema, stripeEventSchema, webhookReceivedSchema } from "./webhooks.js";
import { workspaceChangesSchema, workspaceSchema } from "./workspace.js";
import { workspaceDeletedSchema, workspaceDeletionSchema } from "./workspace-data.js";

/** An answer that is not JSON (a file, an image, a page, a redirect). */
export interface Binary {
  contentTypes: readonly string[];
  description: string;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteSpec {
  method: Method;
  /** Fastify's spelling (`/api/costs/:id`). */
  path: string;
  /** What the caller needs (src/api/auth.ts); who holds which level is src/auth/access-levels.ts. */
  access: AccessLevel;
  /** The area the route belongs to (OpenAPI tag). */
  tag: string;
  summary: string;
  query?: z.ZodType;
  params?: z.ZodType;
  body?: z.ZodType | Binary;
  /** Answers other than refusals, by status. */
  responses: Record<number, z.ZodType | Binary>;
  /** Refusals besides those every route of its kind has (bad input, no token, an internal error). */
  errors?: ErrorCode[];
  /** Answered on node:http ahead of Fastify, so never registered with it. */
  raw?: true;
}

export function isBinary(value: z.ZodType | Binary): value is Binary {
  return "contentTypes" in value;
}

const binary = (description: string, ...contentTypes: string[]): Binary => ({ contentTypes, description });

const OPENAPI_DOCUMENT = z
  .record(z.string(), z.unknown())
  .describe("The OpenAPI 3.1 document of this API, generated from the schemas it validates with");

/**
 * Every route the server answers, documented. The server refuses to start with a route missing
 * here (or declared with another access), and checks every JSON answer against its schema.
 */
export const ROUTES: readonly RouteSpec[] = [
  // analytics
  {
    method: "GET",
    path: "/api/roi",
    access: "report",
    tag: "analytics",
    summary: "Revenue ROI, total ROI and their inputs per network, campaign, month or post",
    query: roiQuerySchema,
    responses: { 200: roiReportSchema },
  },
  {
    method: "GET",
    path: "/api/funnel",
    access: "report",
    tag: "analytics",
    summary: "Reach → traffic → leads → customers, per network",
    query: periodQuerySchema,
    responses: { 200: funnelReportSchema },
  },
  {
    method: "GET",
    path: "/api/goals",
    access: "report",
    tag: "goals",
    summary: "Each goal's progress, pace and projection",
    query: goalsQuerySchema,
    responses: { 200: goalsProgressSchema },
  },
  {
    method: "GET",
    path: "/api/metrics",
    access: "report",
    tag: "analytics",
    summary: "How every figure is computed, in every language",
    responses: { 200: metricsSchema },
  },
  {
    method: "GET",
    path: "/api/attribution",
    access: "read",
    tag: "attribution",
    summary: "Conversions credited through customer journeys, every model side by side",
    query: attributionQuerySchema,
    responses: { 200: attributionReportSchema },
  },
  {
    method: "GET",
    path: "/api/mmm",
    access: "read",
    tag: "mmm",
    summary: "Marketing mix model: each channel's incremental KPI, ROI and marginal ROI with intervals",
    query: mmmQuerySchema,
    responses: { 200: mmmReportSchema },
    errors: ["unprocessable", "unavailable"],
  },
  {
    method: "GET",
    path: "/api/mmm/lift-tests",
    access: "read",
    tag: "mmm",
    summary: "The lift tests the marketing mix model takes in as evidence",
    responses: { 200: liftTestListSchema },
  },
  {
    method: "POST",
    path: "/api/mmm/lift-tests",
    access: "write",
    tag: "mmm",
    summary: "Adds a lift test: an experiment's measure of a channel, with its 90% interval",
    body: liftTestInputSchema,
    responses: { 201: liftTestSchema },
    errors: ["unprocessable"],
  },
  {
    method: "DELETE",
    path: "/api/mmm/lift-tests/:id",
    access: "write",
    tag: "mmm",
    summary: "Removes a lift test",
    params: idParamsSchema,
    responses: { 200: deletedSchema },
    errors: ["not_found"],
  },
  // insights
  {
    method: "GET",
    path: "/api/insights",
    access: "read",
    tag: "insights",
    summary: "What the best and worst posts share, with tested drivers",
    query: insightsQuerySchema,
    responses: { 200: insightsSchema },
  },
  {
    method: "GET",
    path: "/api/insights/best-times",
    access: "read",
    tag: "insights",
    summary: "Best weekdays and hours to publish, per network",
    query: metricQuerySchema,
    responses: { 200: bestTimesSchema },
  },
  {
    method: "GET",
    path: "/api/insights/value-estimates",
    access: "read",
    tag: "insights",
    summary: "Unit values estimated from the workspace's own conversions",
    query: periodQuerySchema,
    responses: { 200: valueEstimatesSchema },
  },
  {
    method: "GET",
    path: "/api/insights/emv",
    access: "read",
    tag: "insights",
    summary: "Earned media value: organic clicks and impressions priced as ads",
    query: periodQuerySchema,
    responses: { 200: earnedMediaReportSchema },
  },
  {
    method: "GET",
    path: "/api/insights/care",
    access: "read",
    tag: "insights",
    summary: "Customer care: mentions, their sentiment and response times",
    query: careQuerySchema,
    responses: { 200: customerCareSchema },
  },
  {
    method: "GET",
    path: "/api/mentions",
    access: "read",
    tag: "insights",
    summary: "Mentions with their sentiment: the model's score, class and confidence, or the user's class",
    query: mentionsQuerySchema,
    responses: { 200: mentionListSchema },
  },
  {
    method: "PUT",
    path: "/api/mentions/:network/:mentionId/sentiment",
    access: "write",
    tag: "insights",
    summary: "Corrects a mention's sentiment: the user's class outranks the model's everywhere",
    params: mentionParamsSchema,
    body: sentimentCorrectionSchema,
    responses: { 200: scoredMentionSchema },
    errors: ["not_found"],
  },
  {
    method: "DELETE",
    path: "/api/mentions/:network/:mentionId/sentiment",
    access: "write",
    tag: "insights",
    summary: "Undoes a mention's correction: the model's class counts again",
    params: mentionParamsSchema,
    responses: { 200: scoredMentionSchema },
    errors: ["not_found"],
  },
  // tracking
  {
    method: "GET",
    path: "/l/:slug",
    access: "public",
    tag: "tracking",
    summary: "A tracked short link: redirects to its destination and counts the click",
    params: z.object({ slug: z.string().describe("The link's slug") }),
    responses: {
      302: binary("To the destination, with the link's utm parameters and sr_id", "text/plain"),
      404: binary("No active link has this slug", "text/html"),
    },
    raw: true,
  },
  {
    method: "GET",
    path: "/sr.js",
    access: "public",
    tag: "tracking",
    summary: "The first-party script that keeps a visitor's click id (sr_id) for later conversions",
    responses: { 200: binary("JavaScript", "text/javascript") },
  },
  {
    method: "POST",
    path: "/api/track/lead",
    access: "track",
    tag: "tracking",
    summary: "Records a lead",
    body: leadBodySchema,
    responses: { 200: conversionResultSchema },
    errors: ["rate_limited"],
  },
  {
    method: "POST",
    path: "/api/track/sale",
    access: "track",
    tag: "tracking",
    summary: "Records a sale",
    body: saleBodySchema,
    responses: { 200: conversionResultSchema },
    errors: ["unprocessable", "rate_limited"],
  },
  {
    method: "GET",
    path: "/api/conversions/held",
    access: "read",
    tag: "tracking",
    summary: "Sales and refunds kept aside (waiting for a rate or their sale), and capped refunds",
    responses: { 200: heldConversionsSchema },
  },
  // links
  {
    method: "POST",
    path: "/api/links",
    access: "write",
    tag: "links",
    summary: "Creates a tracked short link",
    body: linkInputSchema,
    responses: { 201: linkWithWarningsSchema },
    errors: ["conflict", "rate_limited"],
  },
  {
    method: "GET",
    path: "/api/links",
    access: "read",
    tag: "links",
    summary: "Links, newest first, with what their clicks brought",
    query: linkListQuerySchema,
    responses: { 200: linkListSchema },
    errors: ["rate_limited"],
  },
  {
    method: "PATCH",
    path: "/api/links/:id",
    access: "write",
    tag: "links",
    summary: "Changes a link's destination or attribution",
    params: idParamsSchema,
    body: linkChangesSchema,
    responses: { 200: linkWithWarningsSchema },
    errors: ["not_found", "rate_limited"],
  },
  {
    method: "DELETE",
    path: "/api/links/:id",
    access: "write",
    tag: "links",
    summary: "Archives a link: it stops redirecting, its figures stay",
    params: idParamsSchema,
    responses: { 200: linkSchema },
    errors: ["not_found", "rate_limited"],
  },
  ...QR_FORMATS.map(
    (format): RouteSpec => ({
      method: "GET",
      path: `/api/links/:id/qr.${format}`,
      access: "read",
      tag: "links",
      summary: `The link's QR code (${format.toUpperCase()})`,
      params: idParamsSchema,
      responses: {
        200: binary("The QR code of the short URL", format === "svg" ? "image/svg+xml" : "image/png"),
      },
      errors: ["not_found", "rate_limited"],
    }),
  ),
  {
    method: "GET",
    path: "/api/link-domains",
    access: "read",
    tag: "links",
    summary:
      "The workspace's short-link domains: /l/:slug requested through one opens this workspace's links",
    responses: { 200: linkDomainListSchema },
  },
  {
    method: "POST",
    path: "/api/link-domains",
    access: "manage",
    tag: "links",
    summary: "Adds a short-link domain to the workspace (a domain belongs to one workspace at most)",
    body: linkDomainInputSchema,
    responses: { 200: linkDomainListSchema },
    errors: ["conflict"],
  },
  {
    method: "DELETE",
    path: "/api/link-domains/:domain",
    access: "manage",
    tag: "links",
    summary: "Takes a short-link domain from the workspace: /l/:slug through it answers as on any other host",
    params: linkDomainParamsSchema,
    responses: { 200: linkDomainListSchema },
    errors: ["not_found"],
  },
  // webhooks
  {
    method: "POST",
    path: "/api/webhooks/stripe",
    access: "public",
    tag: "webhooks",
    summary: "Stripe events (completed checkouts, refunds), authenticated by their signature",
    body: stripeEventSchema,
    responses: { 200: webhookReceivedSchema },
    errors: ["unavailable", "rate_limited"],
  },
  {
    method: "POST",
    path: "/api/webhooks/shopify",
    access: "public",
    tag: "webhooks",
    summary: "Shopify orders and refunds, authenticated by their HMAC",
    body: shopifyPayloadSchema,
    responses: { 200: webhookReceivedSchema },
    errors: ["unauthorized", "unavailable", "rate_limited"],
  },
  // reports
  {
    method: "GET",
    path: "/api/report",
    access: "report",
    tag: "reports",
    summary: "The period's report as a file",
    query: reportQuerySchema,
    responses: { 200: binary("The report", ...REPORT_FORMATS.map((format) => MIME_TYPES[format])) },
  },
  {
    method: "GET",
    path: "/api/branding",
    access: "report",
    tag: "reports",
    summary: "The workspace's report branding, which the dashboard wears too",
    responses: { 200: brandingSchema },
  },
  // auth and session
  {
    method: "GET",
    path: "/api/access",
    access: "public",
    tag: "auth",
    summary: "How to sign in, whether the request's token works, and which pages are served",
    responses: { 200: accessSchema },
  },
  {
    method: "POST",
    path: "/api/session",
    access: "public",
    tag: "auth",
    summary: "A token for the dashboard opened on this machine (loopback servers without users only)",
    responses: { 200: tokenSchema },
    errors: ["forbidden"],
  },
  {
    method: "GET",
    path: "/api/tokens",
    access: "manage",
    tag: "auth",
    summary: "The workspace's tokens not revoked, with their labels, scopes and expiry",
    responses: { 200: tokenListSchema },
  },
  {
    method: "POST",
    path: "/api/tokens",
    access: "manage",
    tag: "auth",
    summary: "Creates a token of the workspace, with a label, scopes and an expiry if given",
    body: tokenInputSchema,
    responses: { 201: tokenSchema },
  },
  {
    method: "DELETE",
    path: "/api/tokens/:id",
    access: "manage",
    tag: "auth",
    summary: "Revokes a token: it stops working at once",
    params: idParamsSchema,
    responses: { 200: revokedSchema },
    errors: ["not_found"],
  },
  {
    method: "POST",
    path: "/api/sign-in",
    access: "public",
    tag: "auth",
    summary: "Signs a user in: a session cookie (HttpOnly) and the CSRF token its writes send",
    body: signInSchema,
    responses: { 200: signedInSchema },
    errors: ["unauthorized", "forbidden", "rate_limited"],
  },
  {
    method: "POST",
    path: "/api/sign-out",
    access: "account",
    tag: "auth",
    summary: "Ends this session",
    responses: { 200: signedOutSchema },
  },
  {
    method: "POST",
    path: "/api/sign-out-everywhere",
    access: "account",
    tag: "auth",
    summary: "Ends every session of the user, on every device",
    responses: { 200: signedOutSchema },
  },
  {
    method: "POST",
    path: "/api/password-reset",
    access: "public",
    tag: "auth",
    summary:
      "E-mails the account with this address a link to choose a new password (once, within an hour); answers the same for an address with no account",
    body: passwordResetRequestSchema,
    responses: { 202: passwordResetRequestedSchema },
    errors: ["forbidden", "rate_limited", "unavailable"],
  },
  {
    method: "POST",
    path: "/api/password-reset/confirm",
    access: "public",
    tag: "auth",
    summary:
      "Sets the new password with the e-mailed token, which then stops working, and signs the user out everywhere",
    body: passwordResetConfirmSchema,
    responses: { 200: passwordResetDoneSchema },
    errors: ["forbidden"],
  },
  {
    method: "GET",
    path: "/api/me",
    access: "account",
    tag: "auth",
    summary: "The user signed in and the workspaces they belong to, with their role in each",
    responses: { 200: meSchema },
  },
  {
    method: "PUT",
    path: "/api/me/workspace",
    access: "account",
    tag: "auth",
    summary: "Remembers the workspace the user switched to: requests naming none act in it from then on",
    body: chosenWorkspaceSchema,
    responses: { 200: chosenWorkspaceSchema },
    errors: ["not_found"],
  },
  {
    method: "GET",
    path: "/api/portfolio",
    access: "account",
    tag: "reports",
    summary: "Every workspace of the user's with its cost, revenue, total ROI and goal status for a period",
    query: portfolioQuerySchema,
    responses: { 200: portfolioSchema },
  },
  // costs
  {
    method: "GET",
    path: "/api/costs",
    access: "read",
    tag: "costs",
    summary: "Every cost entry, imported or typed in",
    responses: { 200: costListSchema },
  },
  {
    method: "GET",
    path: "/api/costs/by-category",
    access: "read",
    tag: "costs",
    summary: "Full cost of the period per category",
    query: periodQuerySchema,
    responses: { 200: costsByCategorySchema },
  },
  {
    method: "POST",
    path: "/api/costs",
    access: "write",
    tag: "costs",
    summary: "Adds a cost entry",
    body: costInputSchema,
    responses: { 201: costSchema },
  },
  {
    method: "PUT",
    path: "/api/costs/:id",
    access: "write",
    tag: "costs",
    summary: "Replaces a cost entry",
    params: idParamsSchema,
    body: costInputSchema,
    responses: { 200: costSchema },
    errors: ["not_found"],
  },
  {
    method: "DELETE",
    path: "/api/costs/:id",
    access: "write",
    tag: "costs",
    summary: "Removes a cost entry",
    params: idParamsSchema,
    responses: { 200: deletedSchema },
    errors: ["not_found"],
  },
  // value rules
  {
    method: "GET",
    path: "/api/value-rules",
    access: "read",
    tag: "value rules",
    summary: "Every version of every value rule, and what each valued in the period",
    query: periodQuerySchema,
    responses: { 200: valueRuleListSchema },
  },
  {
    method: "POST",
    path: "/api/value-rules",
    access: "write",
    tag: "value rules",
    summary: "Adds a value rule, or a new version of one",
    body: valueRuleInputSchema,
    responses: { 201: valueRuleSchema },
  },
  // goals
  {
    method: "GET",
    path: "/api/goal-catalogue",
    access: "read",
    tag: "goals",
    summary: "The business goals and the indicators that measure them",
    responses: { 200: goalCatalogueSchema },
  },
  {
    method: "POST",
    path: "/api/goals",
    access: "write",
    tag: "goals",
    summary: "Adds a goal",
    body: goalInputSchema,
    responses: { 201: goalSchema },
  },
  {
    method: "DELETE",
    path: "/api/goals/:id",
    access: "write",
    tag: "goals",
    summary: "Removes a goal",
    params: idParamsSchema,
    responses: { 200: deletedSchema },
    errors: ["not_found"],
  },
  // members
  {
    method: "GET",
    path: "/api/members",
    access: "manage",
    tag: "members",
    summary: "The workspace's members and their roles",
    responses: { 200: memberListSchema },
  },
  {
    method: "PUT",
    path: "/api/members",
    access: "manage",
    tag: "members",
    summary: "Gives a user a role in the workspace, or changes theirs; the last owner stays owner",
    body: memberInputSchema,
    responses: { 200: memberSchema },
    errors: ["not_found", "conflict"],
  },
  {
    method: "DELETE",
    path: "/api/members/:id",
    access: "manage",
    tag: "members",
    summary: "Takes a user (by user id) out of the workspace; the last owner cannot be removed",
    params: idParamsSchema,
    responses: { 200: memberRemovedSchema },
    errors: ["not_found", "conflict"],
  },
  // audit
  {
    method: "GET",
    path: "/api/audit",
    access: "manage",
    tag: "audit",
    summary:
      "Who changed which cost, rule, goal, link, member, token or setting, when, with the values before and after",
    query: auditQuerySchema,
    responses: { 200: auditLogSchema },
  },
  {
    method: "GET",
    path: "/api/audit.csv",
    access: "manage",
    tag: "audit",
    summary: "The audit log of the period as CSV (values before and after as JSON)",
    query: auditQuerySchema,
    responses: { 200: binary("One line per change, newest first", "text/csv") },
  },
  // workspace
  {
    method: "GET",
    path: "/api/workspace/export",
    access: "manage",
    tag: "workspace",
    summary:
      "Every table's rows of the workspace as CSV in one zip: tables/ whole, and the import formats at the top, to import again",
    responses: { 200: binary("The zip", "application/zip") },
  },
  {
    method: "DELETE",
    path: "/api/workspace",
    access: "own",
    tag: "workspace",
    summary: "Deletes the workspace and all its data, confirmed by its name; owners only, never a token",
    body: workspaceDeletionSchema,
    responses: { 200: workspaceDeletedSchema },
    errors: ["conflict"],
  },
  {
    method: "GET",
    path: "/api/workspace",
    access: "report",
    tag: "workspace",
    summary: "The workspace's settings",
    responses: { 200: workspaceSchema },
  },
  {
    method: "PATCH",
    path: "/api/workspace",
    access: "manage",
    tag: "workspace",
    summary: "Changes the workspace's settings; they apply at once",
    body: workspaceChangesSchema,
    responses: { 200: workspaceSchema },
  },
  // imports
  {
    method: "GET",
    path: "/api/imports",
    access: "read",
    tag: "imports",
    summary: "The latest imports",
    responses: { 200: importRunsSchema },
  },
  {
    method: "POST",
    path: "/api/imports",
    access: "write",
    tag: "imports",
    summary: "Imports a file sent as the raw body, all or nothing (400 lists its problems in details)",
    query: uploadQuerySchema,
    body: binary("The file as it was exported", "application/octet-stream", "text/csv"),
    responses: { 200: importReportSchema },
    errors: ["payload_too_large"],
  },
  // posts
  {
    method: "GET",
    path: "/api/posts",
    access: "read",
    tag: "posts",
    summary: "Posts of the period with their figures and tracked links, filtered and sorted",
    query: postsQuerySchema,
    responses: { 200: postListSchema },
  },
  // the contract itself and the dashboard
  {
    method: "GET",
    path: "/api/openapi.json",
    access: "public",
    tag: "api",
    summary: "This document",
    responses: { 200: OPENAPI_DOCUMENT },
  },
  {
    method: "GET",
    path: "/*",
    access: "public",
    tag: "dashboard",
    summary: "The dashboard's pages and files",
    responses: { 200: binary("A page or one of its files", "text/html", "text/javascript", "text/css") },
    errors: ["not_found"],
  },
];
