import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import JSZip from "jszip";
import { buildDemo } from "../../src/demo/build-demo.js";
import type { Locale, Workspace } from "../../src/domain/workspace.js";
import { formatter, WORDS } from "../../src/i18n/reports/index.js";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { readStoreSeries } from "../../src/mmm/store-series.js";
import { dataPeriod } from "../../src/period/data-period.js";
import { DEFAULT_BRANDING } from "../../src/reports/branding.js";
import { buildReport, type ReportModel } from "../../src/reports/model.js";
import { renderReport } from "../../src/reports/render/index.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { pdfText, plainSpaces, seededReport, xmlText, zipTexts } from "./fixtures.js";

const FORBIDDEN = /\b(NaN|undefined|Infinity|null)\b/;
const NETWORKS = ["Facebook", "Instagram", "LinkedIn", "X"];

let store: DuckDbStore;
let workspace: Workspace;
before(async () => {
  store = await DuckDbStore.open(":memory:");
  workspace = await buildDemo(store);
});
after(() => store.close());

/** The words of every cell of a rendered workbook: its shared strings. */
async function workbookStrings(
  model: ReportModel,
): Promise<{ zip: JSZip; strings: string; sheets: string[] }> {
  const zip = await JSZip.loadAsync(await renderReport(model, "xlsx"));
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  return {
    zip,
    strings: plainSpaces(await zip.file("xl/sharedStrings.xml")!.async("string")),
    sheets: [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]!),
  };
}

for (const lang of ["en", "fr", "nl"] as const satisfies readonly Locale[]) {
  test(`the mix model section in ${lang}: each network's figures are the model's, in PDF, PowerPoint and Excel`, async () => {
    const period = await dataPeriod(store, workspace);
    const model = await buildReport(store, workspace, {
      period,
      lang,
      sections: ["mmm"],
      branding: DEFAULT_BRANDING,
      now: new Date("2026-12-06T00:00:00Z"),
    });
    const words = WORDS[lang];
    const fmt = formatter(lang, workspace.currency);
    const [section] = model.sections;
    assert.equal(section?.title, words.sections.mmm);
    // The report's fit is the command line's weekly fit of revenue with seed 1.
    const fit = fitMmm(await readStoreSeries(store, workspace, period, "revenue", "week"), { seed: 1 });
    const channels = section.tables.find((t) => t.id === "mmm_channels")!;
    assert.deepEqual(
      channels.rows.map((row) => row[0]?.value),
      NETWORKS,
    );
    const facebook = fit.channels.find((c) => c.channel === "facebook")!;
    assert.deepEqual(
      channels.rows[0]!.map((cell) => cell.value),
      [
        "Facebook",
        facebook.spend,
        facebook.contribution.median,
        facebook.contribution.low,
        facebook.contribution.high,
        facebook.roi.median,
        facebook.roi.low,
        facebook.roi.high,
        facebook.marginalRoi.median,
        facebook.halfLifeDays.median,
      ],
    );
    const sideBySide = section.tables.find((t) => t.id === "mmm_side_by_side")!;
    assert.deepEqual(
      sideBySide.rows.map((row) => row[0]?.value),
      NETWORKS,
    );
    assert.equal(section.paragraphs.length, 4, "intro, fit, what the model can say, beside attribution");
    assert.match(section.paragraphs[1]!, /R² /);

    const roi = plainSpaces(fmt.format(facebook.roi.median, "multiple"));
    const added = plainSpaces(fmt.format(facebook.contribution.median, "money"));
    const pdf = pdfText(await renderReport(model, "pdf"), `mmm-${lang}.pdf`);
    const flat = pdf.replace(/\s+/g, " ");
    assert.ok(pdf.includes(words.sections.mmm), "section title");
    assert.ok(pdf.includes(roi) && pdf.includes(added), `Facebook's ROI ${roi} and revenue added ${added}`);
    for (const paragraph of section.paragraphs)
      assert.ok(flat.includes(plainSpaces(paragraph).slice(0, 60)), paragraph.slice(0, 60));
    assert.doesNotMatch(pdf, FORBIDDEN);

    const slides = plainSpaces(
      (await zipTexts(await JSZip.loadAsync(await renderReport(model, "pptx")), "ppt/slides/slide")).join(
        "\n",
      ),
    );
    assert.ok(
      slides.includes(xmlText(`${words.sections.mmm} · ${words.mmm.channels}`)),
      "a slide for the table",
    );
    assert.ok(slides.includes(`>${roi}<`) && slides.includes(`>${added}<`));
    assert.ok(slides.includes(xmlText(plainSpaces(section.paragraphs[2]!)).slice(0, 60)), "the paragraph");
    assert.doesNotMatch(slides, FORBIDDEN);

    const { zip, strings, sheets } = await workbookStrings(model);
    const index = sheets.findIndex((name) => xmlText(words.mmm.channels).startsWith(name)) + 1;
    assert.ok(index > 0, `a sheet for the table among ${sheets}`);
    const sheet = await zip.file(`xl/worksheets/sheet${index}.xml`)!.async("string");
    const numbers = [...sheet.matchAll(/<v>([^<]+)<\/v>/g)].map((m) => Number(m[1]));
    assert.ok(
      numbers.some((n) => Math.abs(n - facebook.roi.median) < 1e-9),
      "Facebook's ROI is a number cell",
    );
    assert.ok(strings.includes(xmlText(plainSpaces(section.paragraphs[2]!))), "the paragraph, on the cover");
  });
}

for (const lang of ["en", "fr", "nl"] as const satisfies readonly Locale[]) {
  test(`a month is too short for the mix model: in ${lang} the section is one sentence, no figures`, async () => {
    const { store: month, model } = await seededReport(lang, { sections: ["mmm"] });
    const words = WORDS[lang];
    const [section] = model.sections;
    assert.deepEqual(section?.paragraphs, [words.mmm.refused.too_few_periods]);
    assert.deepEqual(section?.tables, []);
    const sentence = plainSpaces(words.mmm.refused.too_few_periods);
    const pdf = pdfText(await renderReport(model, "pdf"), `mmm-refused-${lang}.pdf`).replace(/\s+/g, " ");
    assert.ok(pdf.includes(sentence), pdf);
    const slides = (
      await zipTexts(await JSZip.loadAsync(await renderReport(model, "pptx")), "ppt/slides/slide")
    ).join("\n");
    assert.ok(plainSpaces(slides).includes(xmlText(sentence)));
    assert.ok((await workbookStrings(model)).strings.includes(xmlText(sentence)));
    await month.close();
  });
}
