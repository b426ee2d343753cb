import { readFileSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { LOCALES, type Locale } from "../../domain/workspace.js";
import { dataPeriod } from "../../period/data-period.js";
import { isHexColor, logoFromBytes, saveBranding } from "../../reports/branding.js";
import { generateReport } from "../../reports/generate.js";
import { SECTION_IDS, type SectionId } from "../../reports/model.js";
import { REPORT_FORMATS, type ReportFormat } from "../../reports/render/index.js";
import {
  findTemplate,
  isSectionId,
  listTemplates,
  PERIOD_KINDS,
  type PeriodKind,
  removeTemplate,
  saveTemplate,
  templatePeriod,
} from "../../reports/templates.js";
import { formatTable } from "../print-table.js";
import {
  type DbOptions,
  parseDateOption,
  printJson,
  UserError,
  withWorkspace,
  workspaceOption,
} from "../run-command.js";

interface ReportOptions extends DbOptions {
  from?: string;
  to?: string;
  format: ReportFormat;
  lang?: Locale;
  out?: string;
  template?: string;
}

/** Progress for a person watching: only on a terminal, so scripts and pipes get clean output. */
function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${message}\n`);
}

async function writeReport(options: ReportOptions): Promise<void> {
  await withWorkspace(options, async ({ store, workspace }) => {
    const template = options.template ? await findTemplate(store, workspace.id, options.template) : undefined;
    if (options.template && !template) throw new UserError(`No report template named "${options.template}"`);
    const fallback = template ? templatePeriod(template, new Date()) : await dataPeriod(store, workspace);
    const period = {
      from: options.from ? parseDateOption(options.from, "from") : fallback.from,
      to: options.to ? parseDateOption(options.to, "to") : fallback.to,
    };
    if (period.from > period.to) throw new UserError(`--from ${period.from} is after --to ${period.to}`);
    progress(`Building the ${options.format.toUpperCase()} report for ${period.from} – ${period.to}…`);
    const report = await generateReport(store, workspace, {
      period,
      format: options.format,
      ...(options.lang ? { lang: options.lang } : {}),
      ...(template ? { template } : {}),
    });
    if (options.out === "-") {
      process.stdout.write(report.bytes);
      return;
    }
    const file = options.out ?? report.fileName;
    writeFileSync(file, report.bytes);
    progress(`Wrote ${file} (${Math.ceil(report.bytes.length / 1024)} KB)`);
    if (options.json)
      printJson({
        file,
        format: options.format,
        period,
        lang: report.model.lang,
        bytes: report.bytes.length,
      });
    else process.stdout.write(`${file}\n`);
  });
}

interface BrandingOptions extends DbOptions {
  logo?: string;
  color?: string;
  accent?: string;
  company?: string;
  removeLogo?: boolean;
}

function brandingCommand(): Command {
  return new Command("branding")
    .description("set the logo, colours and company name printed on this workspace's reports")
    .option("--logo <file>", "logo image, PNG or SVG")
    .option("--remove-logo", "print reports without a logo")
    .option("--color <hex>", "main colour, e.g. #1f4e79 (headings, table headers)")
    .option("--accent <hex>", "second colour, e.g. #e07b39 (charts, rules)")
    .option("--company <name>", "company name (default: the workspace's name)")
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: BrandingOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        for (const [flag, value] of [
          ["--color", options.color],
          ["--accent", options.accent],
        ] as const) {
          if (value !== undefined && !isHexColor(value)) {
            throw new UserError(`${flag} ${JSON.stringify(value)}: expected a colour such as #1f4e79`);
          }
        }
        let logo: ReturnType<typeof logoFromBytes> | undefined;
        if (options.logo) {
          let bytes: Buffer;
          try {
            bytes = readFileSync(options.logo);
          } catch {
            throw new UserError(`Cannot read the logo file ${options.logo}`);
          }
          logo = logoFromBytes(bytes);
          if (!logo) throw new UserError(`${options.logo} is neither a PNG nor an SVG image`);
        }
        const branding = await saveBranding(store, workspace.id, {
          ...(options.company !== undefined ? { company: options.company } : {}),
          ...(options.color ? { primaryColor: options.color } : {}),
          ...(options.accent ? { accentColor: options.accent } : {}),
          ...(logo ? { logo } : options.removeLogo ? { logo: null } : {}),
        });
        const shown = {
          ...branding,
          company: branding.company ?? workspace.name,
          logo: branding.logo?.mime ?? null,
        };
        if (options.json) printJson(shown);
        else {
          process.stdout.write(
            `company: ${shown.company}\ncolours: ${shown.primaryColor} ${shown.accentColor}\nlogo: ${shown.logo ?? "none"}\n`,
          );
        }
      });
    });
}

interface TemplateOptions extends DbOptions {
  sections?: string;
  period: PeriodKind;
  from?: string;
  to?: string;
  compare: boolean;
  lang?: Locale;
}

function parseSections(text: string | undefined): SectionId[] {
  if (!text) return [...SECTION_IDS];
  const sections = text.split(",").map((s) => s.trim());
  const unknown = sections.filter((s) => !isSectionId(s));
  if (unknown.length > 0) {
    throw new UserError(`Unknown section ${unknown.join(", ")}: expected some of ${SECTION_IDS.join(", ")}`);
  }
  return sections.filter(isSectionId);
}

function templateCommand(): Command {
  const command = new Command("template").description("saved report templates: sections, order and period");
  command
    .command("save <name>")
    .description("save (or replace) a template")
    .option(
      "--sections <list>",
      `sections in order, comma-separated (default: all): ${SECTION_IDS.join(",")}`,
    )
    .addOption(new Option("--period <kind>", "period covered").choices(PERIOD_KINDS).default("last_month"))
    .option("--from <date>", "first day, for --period custom")
    .option("--to <date>", "last day, for --period custom")
    .option("--no-compare", "do not compare with the previous period")
    .addOption(new Option("--lang <lang>", "language (default: the workspace's)").choices(LOCALES))
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (name: string, options: TemplateOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const template = await saveTemplate(store, workspace.id, {
          name,
          sections: parseSections(options.sections),
          period: options.period,
          from: options.from ? parseDateOption(options.from, "from") : null,
          to: options.to ? parseDateOption(options.to, "to") : null,
          compare: options.compare,
          lang: options.lang ?? null,
        });
        if (options.json) printJson(template);
        else
          process.stdout.write(
            `Saved template ${template.name}: ${template.sections.join(", ")}; ${template.period}\n`,
          );
      });
    });
  command
    .command("list")
    .description("list saved templates")
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: DbOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const templates = await listTemplates(store, workspace.id);
        if (options.json) return printJson({ templates });
        process.stdout.write(
          `${formatTable(templates, [
            { header: "name", value: (t) => t.name },
            { header: "period", value: (t) => (t.period === "custom" ? `${t.from} – ${t.to}` : t.period) },
            { header: "sections", value: (t) => t.sections.join(",") },
            { header: "lang", value: (t) => t.lang ?? "" },
          ])}\n`,
        );
      });
    });
  command
    .command("remove <name>")
    .description("remove a saved template")
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .action(async (name: string, options: DbOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        if (!(await removeTemplate(store, workspace.id, name)))
          throw new UserError(`No report template named "${name}"`);
      });
    });
  return command;
}

export function reportCommand(): Command {
  return new Command("report")
    .description(
      "write the report (PDF, PowerPoint, Excel, CSV or HTML) for a period; see also its subcommands",
    )
    .option("--from <date>", "first day, YYYY-MM-DD (default: the template's period, or all data)")
    .option("--to <date>", "last day, YYYY-MM-DD")
    .addOption(new Option("--format <format>", "file format").choices(REPORT_FORMATS).default("pdf"))
    .addOption(new Option("--lang <lang>", "language (default: the workspace's)").choices(LOCALES))
    .option("--out <file>", "file to write, - for standard output (default: socialroi-report-FROM_TO.FORMAT)")
    .option("--template <name>", "saved template: sections, order and period")
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print what was written as JSON")
    .action(writeReport)
    .addCommand(brandingCommand())
    .addCommand(templateCommand());
}
