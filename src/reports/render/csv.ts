import type { Cell, ReportModel } from "../model.js";
import { neutraliseText } from "./spreadsheet-safety.js";

function csvField(value: string | number): string {
  const text = typeof value === "number" ? String(value) : neutraliseText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One line per figure (section, table, row, column, value, formatted value, formula): every table of
 * the report fits one rectangular file that spreadsheets and scripts read without guessing. Values
 * are plain numbers with a dot; the formatted column is in the reader's locale.
 */
export function renderCsv(model: ReportModel): Buffer {
  const c = model.words.columns;
  const lines = [
    [c.section, c.table, c.row, c.column, c.value, c.formatted, c.formula].map(csvField).join(","),
  ];
  for (const section of model.sections) {
    for (const table of section.tables) {
      const rows = table.total ? [...table.rows, table.total] : table.rows;
      for (const row of rows) {
        const label = rowLabel(row, model);
        row.forEach((cell, index) => {
          const column = table.columns[index];
          if (!column || index === 0) return;
          const raw = cell.value === null ? model.words.notAvailable : cell.value;
          lines.push(
            [
              section.title,
              table.title,
              label,
              column.label,
              raw,
              model.format.format(cell.value, cell.kind),
              column.formula ?? "",
            ]
              .map(csvField)
              .join(","),
          );
        });
      }
    }
  }
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents, € sign).
  return Buffer.from(`\ufeff${lines.join("\r\n")}\r\n`, "utf8");
}

function rowLabel(row: Cell[], model: ReportModel): string {
  const first = row[0];
  return first ? model.format.format(first.value, first.kind) : "";
}
