import { statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { FILE_FORMATS } from "../../ingest/formats/index.js";
import { type ImportReport, importFile } from "../../ingest/import-file.js";
import { type DbOptions, fail, printJson, withWorkspace } from "../run-command.js";

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
      `  ${t.table}: ${t.inserted} new, ${t.updated} updated, ${t.unchanged} already present${t.repeated ? `, ${t.repeated} repeated in the file` : ""}`,
    );
  }
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  return lines.join("\n");
}

function parseYear(value: string): number {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 1990 || year > 2100)
    throw new InvalidArgumentError("expected a year such as 2024");
  return year;
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
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (files: string[], options: ImportOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const reports: ImportReport[] = [];
        for (const path of files) {
          let size = 0;
          try {
            size = statSync(path).size;
          } catch {
            fail(new Error(`${path}: no such file`), options.json);
            continue;
          }
          const showProgress = !options.json && process.stderr.isTTY && size >= PROGRESS_MIN_BYTES;
          const bar = showProgress
            ? new SingleBar({ format: `${path} [{bar}] {percentage}%`, stream: process.stderr })
            : undefined;
          bar?.start(100, 0);
          try {
            const report = await importFile(store, workspace, {
              path,
              format: options.format,
              year: options.year,
              dryRun: options.dryRun,
              onProgress: bar ? (fraction) => bar.update(Math.round(fraction * 100)) : undefined,
            });
            reports.push(report);
            bar?.stop();
            if (!options.json) process.stdout.write(`${describe(report)}\n`);
          } catch (error) {
            bar?.stop();
            fail(error, options.json);
          }
        }
        if (options.json) printJson({ files: reports });
      });
    });
}
