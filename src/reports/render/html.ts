import type { Cell, Column, ReportModel, ReportSection, ReportTable } from "../model.js";
import { chartSvg } from "./chart-svg.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function cellHtml(cell: Cell, column: Column | undefined, model: ReportModel, tag: "td" | "th"): string {
  const numeric = cell.kind !== "text";
  const title = column?.formula ? ` title="${escapeHtml(column.formula)}"` : "";
  return `<${tag}${numeric ? ' class="num"' : ""}${title}>${escapeHtml(model.format.format(cell.value, cell.kind))}</${tag}>`;
}

function tableHtml(table: ReportTable, model: ReportModel): string {
  const head = table.columns
    .map(
      (c) =>
        `<th scope="col"${c.kind !== "text" ? ' class="num"' : ""}${c.formula ? ` title="${escapeHtml(c.formula)}"` : ""}>${escapeHtml(c.label)}</th>`,
    )
    .join("");
  const row = (cells: Cell[]) =>
    `<tr>${cells.map((cell, i) => cellHtml(cell, table.columns[i], model, "td")).join("")}</tr>`;
  const formulas = table.columns.filter((c) => c.formula && c.kind !== "text");
  return `<table><caption>${escapeHtml(table.title)}</caption><thead><tr>${head}</tr></thead>
<tbody>${table.rows.map(row).join("\n")}</tbody>${table.total ? `<tfoot>${row(table.total)}</tfoot>` : ""}</table>
${
  formulas.length > 0
    ? `<p class="formulas">${formulas.map((c) => `<span><b>${escapeHtml(c.label)}</b> = ${escapeHtml(c.formula!)}</span>`).join(" · ")}</p>`
    : ""
}`;
}

function sectionHtml(section: ReportSection, model: ReportModel): string {
  return `<section id="${section.id}"><h2>${escapeHtml(section.title)}</h2>
${section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${section.charts
  .filter((c) => c.categories.length > 0)
  .map((c) => `<figure>${chartSvg(c, model)}<figcaption>${escapeHtml(c.title)}</figcaption></figure>`)
  .join("\n")}
${section.tables.map((t) => tableHtml(t, model)).join("\n")}
${section.bullets.length > 0 ? `<ul>${section.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join("")}</ul>` : ""}
</section>`;
}

/** A single self-contained page: styles, logo and charts inline, so it can be mailed or archived. */
export function renderHtml(model: ReportModel): Buffer {
  const { branding, format: fmt, words } = model;
  const logo = branding.logo
    ? `<img class="logo" alt="${escapeHtml(model.company)}" src="data:${branding.logo.mime};base64,${branding.logo.base64}">`
    : "";
  const html = `<!doctype html>
<html lang="${model.lang}"><head><meta charset="utf-8"><title>${escapeHtml(model.title)} · ${escapeHtml(model.company)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;color:#1d2433;max-width:1100px;margin:2rem auto;padding:0 1rem}
header{display:flex;align-items:center;gap:1.5rem;border-bottom:4px solid ${branding.primaryColor};padding-bottom:1rem}
.logo{max-height:64px;max-width:200px}h1{margin:0;color:${branding.primaryColor}}h2{color:${branding.primaryColor};border-bottom:1px solid #dde;padding-bottom:.2rem;margin-top:2.5rem}
table{border-collapse:collapse;width:100%;margin:1rem 0 .3rem;font-size:13px}caption{text-align:left;font-weight:600;padding:.3rem 0}
th{background:${branding.primaryColor};color:#fff;font-weight:600}th,td{padding:.35rem .6rem;border-bottom:1px solid #dde;text-align:left;vertical-align:top}
.num{text-align:right;white-space:nowrap}tfoot td{font-weight:700;border-top:2px solid ${branding.accentColor}}
.formulas{font-size:12px;color:#556}figure{margin:1rem 0}figcaption{font-size:12px;color:#556}
</style></head><body>
<header>${logo}<div><h1>${escapeHtml(model.title)}</h1>
<div>${[model.company, model.periodLine, model.comparisonLine]
    .filter((l) => l !== null)
    .map(escapeHtml)
    .join(" · ")}</div>
<small>${escapeHtml(words.generatedOn)} ${escapeHtml(fmt.date(model.generatedOn))}</small></div></header>
${model.sections.map((s) => sectionHtml(s, model)).join("\n")}
</body></html>
`;
  return Buffer.from(html, "utf8");
}
