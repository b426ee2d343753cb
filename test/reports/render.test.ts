import assert from "node:assert/strict";
import { test } from "node:test";
import JSZip from "jszip";
import type { Locale } from "../../src/domain/workspace.js";
import { formatter } from "../../src/i18n/reports/index.js";
import { renderReport } from "../../src/reports/render/index.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { buildApp } from "../../src/server/app.js";
import { authorizedInject } from "../helpers.js";
import { PERIOD, pdfText, plainSpaces, seededReport, seededStore } from "./fixtures.js";

const FORBIDDEN = /\b(NaN|undefined|Infinity|null)\b/;

async function zipTexts(bytes: Buffer, prefix: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const texts = new Map<string, string>();
  for (const name of Object.keys(zip.files)
    .filter((n) => n.startsWith(prefix) && n.endsWith(".xml"))
    .sort()) {
    texts.set(name, await zip.file(name)!.async("string"));
  }
  return texts;
}

for (const [lang, expected] of [
  ["en", { cost: "€3,633.56", revenue: "€4,200.00", facebook: "€2,012.85" }],
  ["fr", { cost: "3 633,56 €", revenue: "4 200,00 €", facebook: "2 012,85 €" }],
  ["nl", { cost: "€ 3.633,56", revenue: "€ 4.200,00", facebook: "€ 2.012,85" }],
] as const) {
  test(`PDF in ${lang}: the figures are computeRoi's, in the reader's locale`, async () => {
    const { store, workspace, model } = await seededReport(lang);
    const roi = await computeRoi(store, workspace, PERIOD, "network");
    const fmt = formatter(lang as Locale, workspace.currency);
    const text = pdfText(await renderReport(model, "pdf"), `report-${lang}.pdf`);
    assert.equal(plainSpaces(fmt.format(roi.total.cost, "money")), expected.cost);
    assert.ok(text.includes(expected.cost), "total cost");
    assert.ok(text.includes(expected.revenue), "revenue");
    assert.ok(text.includes(expected.facebook), "Facebook's allocated cost");
    for (const row of roi.rows) {
      assert.ok(text.includes(plainSpaces(fmt.format(row.total_roi, "percent"))), `total ROI of ${row.key}`);
    }
    assert.ok(text.includes(model.words.notAvailable), "ratios without a divisor say n/a");
    assert.doesNotMatch(text, FORBIDDEN);
    await store.close();
  });
}

test("PowerPoint: a title slide, one per section and table, one per network; no broken figures", async () => {
  const { store, model } = await seededReport("fr");
  const slides = await zipTexts(await renderReport(model, "pptx"), "ppt/slides/slide");
  const all = plainSpaces([...slides.values()].join("\n"));
  const tables = model.sections.reduce((n, s) => n + s.tables.length, 0);
  assert.ok(slides.size >= 1 + model.sections.length + tables + model.networks.length);
  for (const network of ["Facebook", "Instagram", "LinkedIn", "X"])
    assert.ok(all.includes(`>${network}<`), network);
  assert.ok(all.includes("3 633,56 €"));
  assert.ok(all.includes("Méthode et limites"));
  assert.doesNotMatch(all, FORBIDDEN);
  const charts = await zipTexts(await renderReport(model, "pptx"), "ppt/charts/chart");
  assert.ok(charts.size > 0, "native charts");
  await store.close();
});

test("Excel: one sheet per table, numbers stored as numbers with number formats", async () => {
  const { store, workspace, model } = await seededReport("nl");
  const roi = await computeRoi(store, workspace, PERIOD, "network");
  const bytes = await renderReport(model, "xlsx");
  const zip = await JSZip.loadAsync(bytes);
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const names = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  const tables = model.sections.flatMap((s) => s.tables);
  assert.equal(names.length, tables.length + 1);
  assert.ok(names.includes("Rendement per netwerk"));
  const index = names.indexOf("Rendement per netwerk") + 1;
  const sheet = await zip.file(`xl/worksheets/sheet${index}.xml`)!.async("string");
  // Row 2 is Facebook; column B its cost: a number cell (no t="s") with a style.
  const cost = /<c r="B2" s="(\d+)"(?: t="n")?><v>([^<]+)<\/v><\/c>/.exec(sheet);
  assert.ok(cost, "B2 is a numeric cell");
  assert.equal(Number(cost[2]), roi.rows.find((r) => r.key === "facebook")!.cost);
  const styles = await zip.file("xl/styles.xml")!.async("string");
  assert.match(styles, /formatCode="&quot;€&quot; #,##0.00"/);
  assert.match(styles, /formatCode="0.0%"/);
  const strings = await zip.file("xl/sharedStrings.xml")!.async("string");
  assert.doesNotMatch(strings, FORBIDDEN);
  assert.ok(strings.includes("&apos;=HYPERLINK"), "a post text starting with = is neutralised");
  assert.ok(strings.includes("&apos;+33 tips"), "… and with +");
  assert.ok(!strings.includes(">=HYPERLINK"));
  assert.doesNotMatch(sheet, /<f>/, "no formulas anywhere");
  await store.close();
});

test("CSV: numbers stay numbers, text cells that look like formulas are neutralised", async () => {
  const { store, model } = await seededReport("fr");
  const csv = (await renderReport(model, "csv")).toString("utf8");
  assert.ok(csv.startsWith("\ufeffSection,Tableau,Ligne,Colonne,Valeur,Mis en forme,Mode de calcul"));
  assert.ok(csv.includes("'=HYPERLINK"));
  assert.ok(csv.includes("'@team"));
  assert.ok(csv.includes("'+33 tips"));
  assert.ok(!/,=|,\+\d|,@/.test(csv.replace(/"[^"]*"/g, "")), "no unneutralised text cell");
  // A negative ROI is a real number (-1), not text; its formatted twin is neutralised.
  assert.match(csv, /,Instagram,Retour sur investissement \(ROI\) en chiffre d'affaires,-1,"'-100,0\s%",/);
  assert.ok(plainSpaces(csv).includes(',Total,Coût,3633.56,"3 633,56 €",'));
  assert.doesNotMatch(csv, FORBIDDEN);
  await store.close();
});

test("HTML: one self-contained page with ECharts SVG charts and formulas beside the figures", async () => {
  const { store, model } = await seededReport("en");
  const html = (await renderReport(model, "html")).toString("utf8");
  assert.match(html, /<html lang="en">/);
  assert.ok((html.match(/<svg/g) ?? []).length >= 3);
  assert.ok(html.includes('title="(revenue − cost) ÷ cost"'));
  assert.ok(html.includes("thought leadership"));
  assert.doesNotMatch(html.replace(/<svg[\s\S]*?<\/svg>/g, ""), FORBIDDEN);
  await store.close();
});

test("an empty workspace still gives a complete report, every ratio n/a", async () => {
  const { store, workspace } = await seededStore();
  const { buildReport } = await import("../../src/reports/model.js");
  const { DEFAULT_BRANDING } = await import("../../src/reports/branding.js");
  const model = await buildReport(store, workspace, {
    period: { from: "2030-01-01", to: "2030-01-31" },
    lang: "nl",
    branding: DEFAULT_BRANDING,
  });
  for (const format of ["pdf", "csv", "html"] as const) {
    const bytes = await renderReport(model, format);
    const text = format === "pdf" ? pdfText(bytes, "empty.pdf") : bytes.toString("utf8");
    assert.doesNotMatch(text.replace(/<svg[\s\S]*?<\/svg>/g, ""), FORBIDDEN, format);
  }
  await store.close();
});

test("GET /api/report returns the file in the format and language asked", async () => {
  const { store, workspace } = await seededStore();
  const app = await buildApp({ store, workspace });
  const inject = await authorizedInject(app, store, workspace.id);
  const pdf = await inject({ url: "/api/report?from=2026-03-01&to=2026-03-31&format=pdf&lang=fr" });
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers["content-type"], "application/pdf");
  assert.match(String(pdf.headers["content-disposition"]), /socialroi-report-2026-03-01_2026-03-31\.pdf/);
  assert.ok(pdfText(pdf.rawPayload, "api.pdf").includes("3 633,56 €"));
  const bad = await inject({ url: "/api/report?format=doc" });
  assert.equal(bad.statusCode, 400);
  await app.close();
  await store.close();
});
