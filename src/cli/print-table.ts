export interface TableColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

function cellText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "n/a";
  if (typeof value === "number") {
    return Number.isInteger(value)
      ? value.toLocaleString("en-US")
      : value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
  return value;
}

/** A plain aligned text table: numbers to the right, "n/a" where a ratio has no denominator. */
export function formatTable<T>(rows: T[], columns: TableColumn<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => cellText(r[i]).length)));
  const line = (values: (string | number | null | undefined)[], isHeader: boolean) =>
    values
      .map((v, i) => {
        const text = isHeader ? String(v) : cellText(v);
        const numeric = !isHeader && (typeof v === "number" || v === null);
        return numeric ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
      })
      .join("  ")
      .trimEnd();
  return [
    line(
      columns.map((c) => c.header),
      true,
    ),
    widths.map((w) => "─".repeat(w)).join("  "),
    ...cells.map((r) => line(r, false)),
  ].join("\n");
}
