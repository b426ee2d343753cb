import { writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { createLink } from "../../tracking/create-link.js";
import { DEFAULT_BASE_URL, describeLink, findLink, shortUrl } from "../../tracking/link.js";
import { shortLinkBase } from "../../tracking/link-domains.js";
import type { LinkChanges } from "../../tracking/link-input.js";
import { QR_FORMATS, type QrFormat, renderQr } from "../../tracking/link-qr.js";
import { listLinks } from "../../tracking/list-links.js";
import { replayUncommittedClicks } from "../../tracking/record-click.js";
import { archiveLink, updateLink } from "../../tracking/update-link.js";
import { commandEnvironment, runByServe } from "../command-scope.js";
import { formatTable } from "../print-table.js";
import {
  type CommandContext,
  type DbOptions,
  printJson,
  UserError,
  withWorkspace,
  workspaceOption,
} from "../run-command.js";

interface LinkOptions extends DbOptions {
  baseUrl: string;
}

interface AttributionOptions {
  url?: string;
  network?: string;
  campaign?: string;
  post?: string;
  paid?: boolean;
  utmSource?: string;
  utmMedium?: string;
}

/** Options every subcommand takes. */
function withCommonOptions(command: Command): Command {
  return command
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option(
      "--base-url <url>",
      "base of short URLs when the workspace has no short-link domain (env SOCIALROI_BASE_URL)",
      commandEnvironment()["SOCIALROI_BASE_URL"] || DEFAULT_BASE_URL,
    )
    .option("--json", "print JSON");
}

function withAttributionOptions(command: Command): Command {
  return command
    .option("--network <network>", "network the link is posted on (utm_source)")
    .option("--campaign <name>", "campaign (utm_campaign)")
    .option("--post <id>", "post id (utm_content)")
    .option("--paid", "paid promotion: utm_medium=paid_social instead of social")
    .option("--utm-source <value>", "utm_source, when it should differ from the network")
    .option("--utm-medium <value>", "utm_medium, when it should differ from social / paid_social");
}

function linkChanges(options: AttributionOptions): LinkChanges {
  const changes: LinkChanges = {
    url: options.url,
    network: options.network,
    campaign: options.campaign,
    post_id: options.post,
    paid: options.paid,
    utm_source: options.utmSource,
    utm_medium: options.utmMedium,
  };
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

/** Runs a link command with the base of the workspace's short URLs: its short-link domain, else --base-url. */
async function withLinks(
  options: LinkOptions,
  work: (ctx: CommandContext & { baseUrl: string }) => Promise<void>,
): Promise<void> {
  await withWorkspace(options, async (ctx) =>
    work({ ...ctx, baseUrl: await shortLinkBase(ctx.store, ctx.workspace.id, options.baseUrl) }),
  );
}

function printLink(
  described: ReturnType<typeof describeLink>,
  warnings: string[],
  json: boolean | undefined,
) {
  if (json) {
    printJson({ ...described, warnings });
    return;
  }
  process.stdout.write(`${described.short_url} → ${described.redirects_to}\n`);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
}

export function linkCommand(): Command {
  const command = new Command("link").description(
    "tracking links: short URLs with UTM parameters and a click id",
  );

  withCommonOptions(withAttributionOptions(command.command("create").description("create a tracking link")))
    .requiredOption("--url <url>", "destination (http or https)")
    .option("--slug <slug>", "custom slug (letters, digits, - and _); generated when left out")
    .action(async (options: LinkOptions & AttributionOptions & { slug?: string }) => {
      await withLinks(options, async ({ store, workspace, baseUrl }) => {
        const { link, warnings } = await createLink(store, workspace.id, {
          ...linkChanges(options),
          url: options.url ?? "",
          slug: options.slug,
        });
        printLink(describeLink(link, baseUrl), warnings, options.json);
      });
    });

  withCommonOptions(command.command("list").description("links with their clicks, leads, sales and revenue"))
    .option("--archived", "include archived links")
    .action(async (options: LinkOptions & { archived?: boolean }) => {
      await withLinks(options, async ({ store, workspace, baseUrl }) => {
        // serve's recorder commits the clicks it logs: replaying its live log would take it from under it.
        if (!runByServe()) await replayUncommittedClicks(store);
        const links = await listLinks(store, workspace.id, { includeArchived: options.archived ?? false });
        const rows = links.map((link) => ({
          ...describeLink(link, baseUrl),
          clicks: link.clicks,
          leads: link.leads,
          sales: link.sales,
          revenue: link.revenue,
        }));
        if (options.json) {
          printJson({ links: rows });
          return;
        }
        process.stdout.write(
          `${formatTable(rows, [
            { header: "slug", value: (r) => r.slug },
            { header: "network", value: (r) => r.network ?? "" },
            { header: "campaign", value: (r) => r.campaign ?? "" },
            { header: "clicks", value: (r) => r.clicks },
            { header: "leads", value: (r) => r.leads },
            { header: "sales", value: (r) => r.sales },
            { header: "revenue", value: (r) => r.revenue },
            { header: "destination", value: (r) => r.destination },
          ])}\n`,
        );
      });
    });

  withCommonOptions(
    withAttributionOptions(
      command.command("update").description("change a link's destination or attribution"),
    ),
  )
    .argument("<slug>", "slug or id of the link")
    .option("--url <url>", "new destination (http or https)")
    .option("--no-paid", "organic: utm_medium=social")
    .action(async (slug: string, options: LinkOptions & AttributionOptions) => {
      await withLinks(options, async ({ store, workspace, baseUrl }) => {
        const changes = linkChanges(options);
        if (Object.keys(changes).length === 0)
          throw new UserError("Nothing to change: give --url, --network, …");
        const { link, warnings } = await updateLink(store, workspace.id, slug, changes);
        printLink(describeLink(link, baseUrl), warnings, options.json);
      });
    });

  withCommonOptions(
    command.command("archive").description("retire a link: it answers 404, its history stays"),
  )
    .argument("<slug>", "slug or id of the link")
    .action(async (slug: string, options: LinkOptions) => {
      await withLinks(options, async ({ store, workspace, baseUrl }) => {
        const link = await archiveLink(store, workspace.id, slug);
        if (options.json) printJson(describeLink(link, baseUrl));
        else process.stdout.write(`Archived ${link.slug}\n`);
      });
    });

  withCommonOptions(command.command("qr").description("write a QR code of the short URL"))
    .argument("<slug>", "slug or id of the link")
    .addOption(new Option("--format <format>", "image format").choices(QR_FORMATS).default("svg"))
    .requiredOption("--out <file>", "file to write")
    .action(async (slug: string, options: LinkOptions & { format: QrFormat; out: string }) => {
      await withLinks(options, async ({ store, workspace, baseUrl }) => {
        const link = await findLink(store, workspace.id, slug);
        if (!link) throw new UserError(`No link ${slug}`);
        const url = shortUrl(baseUrl, link.slug);
        writeFileSync(options.out, await renderQr(url, options.format));
        if (options.json)
          printJson({ slug: link.slug, short_url: url, format: options.format, file: options.out });
        else process.stdout.write(`Wrote ${options.out} (${url})\n`);
      });
    });

  return command;
}
