import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { MetricHint } from "./metric-hint.js";

export interface Column<Row> {
  key: string;
  label: string;
  /** Metric id in /api/metrics whose "how is this computed" hint the header shows. */
  metric?: string;
  numeric?: boolean;
  /** What the column sorts by; a column without it cannot be sorted. */
  sortValue?: (row: Row) => string | number | null;
  render: (row: Row) => ComponentChildren;
}

export interface SortState {
  key: string;
  order: "asc" | "desc";
}

interface DataTableProps<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  footer?: Row;
  initialSort?: SortState;
  /** When given, sorting is the caller's (e.g. done by the server) and rows are shown as they come. */
  sort?: SortState;
  onSort?: (sort: SortState) => void;
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The one table of the dashboard: sortable headers (keyboard and screen-reader friendly), an optional total row. */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const [localSort, setLocalSort] = useState<SortState | undefined>(props.initialSort);
  const sort = props.sort ?? localSort;
  const changeSort = props.onSort ?? setLocalSort;
  const column = props.columns.find((c) => c.key === sort?.key);
  const rows =
    props.onSort || !sort || !column?.sortValue
      ? props.rows
      : [...props.rows].sort((a, b) => {
          const order = compare(column.sortValue!(a), column.sortValue!(b));
          return sort.order === "asc" ? order : -order;
        });
  const cell = (c: Column<Row>, row: Row) => (
    <td key={c.key} class={c.numeric ? "num" : undefined}>
      {c.render(row)}
    </td>
  );
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const active = sort?.key === c.key;
              const ariaSort = active ? (sort.order === "asc" ? "ascending" : "descending") : undefined;
              return (
                <th key={c.key} scope="col" class={c.numeric ? "num" : undefined} aria-sort={ariaSort}>
                  {c.sortValue ? (
                    <button
                      type="button"
                      class="sort"
                      onClick={() =>
                        changeSort({
                          key: c.key,
                          order: active && sort.order === "desc" ? "asc" : "desc",
                        })
                      }
                    >
                      {c.label}
                      <span aria-hidden="true">{active ? (sort.order === "asc" ? " ▲" : " ▼") : ""}</span>
                    </button>
                  ) : (
                    c.label
                  )}
                  {c.metric && <MetricHint metric={c.metric} />}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={props.rowKey(row)}>{props.columns.map((c) => cell(c, row))}</tr>
          ))}
        </tbody>
        {props.footer && (
          <tfoot>
            <tr>{props.columns.map((c) => cell(c, props.footer!))}</tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
