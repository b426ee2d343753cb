import ExcelJS from "exceljs";
import type { CellKind } from "../../i18n/reports/index.js";
import type { Cell, ReportModel, ReportTable } from "../model.js";
import { officeNumberFormats } from "./number-formats.js";
import { neutraliseText } from "./spreadsheet-safety.js";

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;
const SHEET_NAME_LENGTH = 31;

function argb(hex: string): string {
  return `FF${hex.slice(1).toUpperCase()}`;
}

/** One sheet per table, cells holding real numbers and dates with number formats. */
export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "socialroi";
  workbook.title = model.title;
  const formats = officeNumberFormats(model);
  const used = new Set<string>();
  const sheetName = (title: string) => {
    const base = title.replace(SHEET_NAME_FORBIDDEN, " ").slice(0, SHEET_NAME_LENGTH).trim();
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      name = `${base.slice(0, SHEET_NAME_LENGTH - String(n).length - 1)} ${n}`;
    }
    used.add(name.toLowerCase());
    return name;
  };

  const cover = workbook.addWorksheet(sheetName(model.words.sections.summary));
  cover.getColumn(1).width = 120;
  const coverLines = [
    model.title,
    model.company,
    model.periodLine,
    ...(model.comparisonLine ? [model.comparisonLine] : []),
    "",
    ...(model.sections.find((s) => s.id === "summary")?.paragraphs ?? []),
    // The sheets hold tables only: what a section says in sentences (how far the mix model's
    // figures go, or why it gives none) is read here, under the section's title.
    ...model.sections
      .filter((s) => s.id !== "summary" && s.paragraphs.length > 0)
      .flatMap((s) => ["", s.title, ...s.paragraphs]),
  ];
  coverLines.forEach((line, index) => {
    const cell = cover.getCell(index + 1, 1);
    cell.value = neutraliseText(line);
    cell.alignment = { wrapText: true, vertical: "top" };
    if (index === 0) cell.font = { bold: true, size: 16, color: { argb: argb(model.branding.primaryColor) } };
  });

  for (const section of model.sections) {
    for (const table of section.tables) {
      addTableSheet(workbook.addWorksheet(sheetName(table.title)), table, model, formats);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addTableSheet(
  sheet: ExcelJS.Worksheet,
  table: ReportTable,
  model: ReportModel,
  formats: Record<Exclude<CellKind, "text">, string>,
): void {
  const header = sheet.addRow(table.columns.map((c) => neutraliseText(c.label)));
  header.font = { bold: true, color: { argb: "FFFFFFFF" } };
  header.alignment = { wrapText: true, vertical: "middle" };
  table.columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(model.branding.primaryColor) } };
    // The formula travels with the figures: a note on the header says how the column is computed.
    if (column.formula) cell.note = column.formula;
    sheet.getColumn(index + 1).width = column.kind === "text" ? 28 : 16;
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const write = (cells: Cell[], bold: boolean) => {
    const row = sheet.addRow(cells.map((cell) => cellValue(cell, model)));
    cells.forEach((cell, index) => {
      const numeric = typeof cell.value === "number" || (cell.kind === "date" && cell.value !== null);
      if (numeric && cell.kind !== "text") row.getCell(index + 1).numFmt = formats[cell.kind];
    });
    if (bold) row.font = { bold: true };
  };
  for (const cells of table.rows) write(cells, false);
  if (table.total) write(table.total, true);
}

function cellValue(cell: Cell, model: ReportModel): string | number | Date {
  if (cell.value === null) return model.words.notAvailable;
  if (typeof cell.value === "number") return cell.value;
  if (cell.kind === "date") return new Date(`${cell.value.slice(0, 10)}T00:00:00Z`);
  return neutraliseText(cell.value);
}
