import { z } from "zod";

/** A host name of two labels or more (`links.bakery.example`), in lower case. */
const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const linkDomainField = z
  .string()
  .trim()
  .toLowerCase()
  .transform((domain) => domain.replace(/\.$/, ""))
  .pipe(z.string().regex(HOST_NAME, "a host name such as links.bakery.example (no scheme, port or path)"));

export const linkDomainInputSchema = z.object({
  domain: linkDomainField.describe(
    "A host name pointed at this server (DNS): /l/:slug requested through it opens this workspace's links",
  ),
});

export const linkDomainParamsSchema = z.object({ domain: z.string().describe("The short-link domain") });

export const linkDomainListSchema = z.object({
  domains: z
    .array(
      z.object({
        domain: z.string().describe("The host name"),
        created_at: z.string().describe("When it was added (ISO 8601)"),
      }),
    )
    .describe("The workspace's short-link domains, the first added first: short URLs use the first"),
});
