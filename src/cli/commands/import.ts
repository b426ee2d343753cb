import { existsSync, statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { FILE_FORMATS } from "../../ingest/formats/index.js";
import {
  dependencyOrder,
  type ImportReport,
  type ImportRequest,
  importFile,
} from "../../ingest/import-file.js";
import { importUnits } from "../../ingest/spreadsheet.js";
import { type DbOptions, fail, printJson, withWorkspace, workspaceOption } from "../run-command.js";

interface ImportOptions extends DbOptions {
  format?: string;
  year?: number;
  dryRun?: boolean;
}

const PROGRESS_MIN_BYTES = 2 * 1024 * 1024;

function describe(report: ImportReport): string {
  const lines = [
    `${report.file}: ${report.format}${report.dryRun ? " (dry run: nothing written)" : ""}, ${report.rowsRead} rows read`,
  ];
  for (const t of report.tables) {
    lines.push(
      `  ${t.label}: ${t.inserted} new, ${t.updated} updated, ${t.unchanged} already present${t.repeated ? `, ${t.repeated} repeated in the file` : ""}`,
    );
  }
  for (const s of report.skipped)
    lines.push(`  skipped: ${s.rows} ${s.rows === 1 ? "row" : "rows"}, ${s.reason}`);
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  return lines.join("\n");
}

function parseYear(value: string): number {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 1990 || year > 2100)
    throw new InvalidArgumentError("expected a year such as 2024");
  return year;
}

/** Imports one file or sheet, with a progress bar on large files when a person is watching. */
async function importWithProgress(
  path: string,
  options: ImportOptions,
  run: (request: ImportRequest) => Promise<ImportReport>,
): Promise<ImportReport | undefined> {
  const size = existsSync(path) ? statSync(path).size : 0;
  const bar =
    !options.json && process.stderr.isTTY && size >= PROGRESS_MIN_BYTES
      ? new SingleBar({ format: `${path} [{bar}] {percentage}%`, stream: process.stderr })
      : undefined;
  bar?.start(100, 0);
  try {
    return await run({
      path,
      format: options.format,
      year: options.year,
      dryRun: options.dryRun,
      onProgress: bar ? (fraction) => bar.update(Math.round(fraction * 100)) : undefined,
    });
  } catch (error) {
    fail(error, options.json);
    return undefined;
  } finally {
    bar?.stop();
  }
}

export function importCommand(): Command {
  return new Command("import")
    .description(
      "import files: socialroi's own CSV/JSON-lines formats and the exports of networks, ads, analytics and shops",
    )
    .argument("<files...>", "files to import (each all or nothing)")
    .option(
      "--format <name>",
      `format instead of detection: auto, ${FILE_FORMATS.map((f) => f.name).join(", ")}`,
      "auto",
    )
    .option("--year <year>", "year for exports that carry none (legacy Facebook Insights, TikTok)", parseYear)
    .option("--dry-run", "check and count without writing")
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (files: string[], options: ImportOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const units: string[] = [];
        for (const file of files) {
          if (!existsSync(file.split("#")[0] ?? file)) {
            fail(new Error(`${file}: no such file`), options.json);
            continue;
          }
          // A workbook holds several tables (LinkedIn: content, followers, visitors): each recognised sheet is imported on its own.
          try {
            units.push(...(await importUnits(file)));
          } catch (error) {
            fail(error, options.json);
          }
        }
        const reports: ImportReport[] = [];
        for (const path of await dependencyOrder(units, options.format, workspace)) {
          const report = await importWithProgress(path, options, (request) =>
            importFile(store, workspace, request),
          );
          if (!report) continue;
          reports.push(report);
          if (!options.json) process.stdout.write(`${describe(report)}\n`);
        }
        if (options.json) printJson({ files: reports });
      });
    });
}
