import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import JSZip from "jszip";
import { computeAttribution } from "../../src/attribution/index.js";
import type { Locale } from "../../src/domain/workspace.js";
import { formatter, WORDS } from "../../src/i18n/reports/index.js";
import { importFile } from "../../src/ingest/import-file.js";
import { DEFAULT_BRANDING } from "../../src/reports/branding.js";
import { buildReport } from "../../src/reports/model.js";
import { renderReport } from "../../src/reports/render/index.js";
import { loadStoreJourneys } from "../attribution/journeys-oracle.js";
import { aggregateJourneys } from "../attribution/js-journeys.js";
import { PERIOD, pdfText, plainSpaces, seededStore, xmlText, zipTexts } from "./fixtures.js";

const directory = mkdtempSync(join(tmpdir(), "socialroi-sections-"));
const FORBIDDEN = /\b(NaN|undefined|Infinity|null)\b/;

/** Journeys for the fixture's buyers: c1 and c3 end on different networks, c4 met LinkedIn alone. */
const TOUCHPOINTS = `customer_id,occurred_at,channel,network,campaign
c1,2026-03-01T09:00:00Z,Organic Social,instagram,
c1,2026-03-05T09:00:00Z,Paid Social,facebook,ebook-launch
c1,2026-03-09T09:00:00Z,Email,,ebook-launch
c3,2026-03-02T09:00:00Z,Organic Social,linkedin,ebook-launch
c3,2026-03-11T09:00:00Z,Paid Social,facebook,ebook-launch
c4,2026-03-05T09:00:00Z,Organic Social,linkedin,
`;
const KEYWORD_CPCS = `keyword,cpc,currency
default,0.8,EUR
ebook-launch,1.25,EUR
`;

async function storeWithJourneys(locale: Locale) {
  const { store, workspace } = await seededStore(":memory:", locale);
  for (const [format, content] of Object.entries({ touchpoints: TOUCHPOINTS, keyword_cpcs: KEYWORD_CPCS })) {
    const path = join(directory, `${format}-${locale}.csv`);
    writeFileSync(path, content);
    await importFile(store, workspace, { path, format });
  }
  const model = await buildReport(store, workspace, {
    period: PERIOD,
    lang: locale,
    branding: DEFAULT_BRANDING,
    now: new Date("2026-04-02T00:00:00Z"),
  });
  const { journeys } = await loadStoreJourneys(store, workspace, PERIOD, {
    lookbackDays: 30,
    level: "network",
    sales: "all",
  });
  const expected = computeAttribution(aggregateJourneys(journeys), { lang: locale });
  return { store, workspace, model, expected };
}

for (const lang of ["en", "fr", "nl"] as const) {
  test(`attribution in ${lang}: each model's shares are computeAttribution's, in PDF, PowerPoint and Excel`, async () => {
    const { store, workspace, model, expected } = await storeWithJourneys(lang);
    const fmt = formatter(lang, workspace.currency);
    const words = WORDS[lang];
    const section = model.sections.find((s) => s.id === "attribution");
    assert.ok(section, "the default sections include attribution");
    const lastTouch = expected.models.find((m) => m.model === "last_touch")!;
    const facebook = lastTouch.channels.find((c) => c.channel === "facebook")!;
    const share = facebook.conversions / expected.totals.conversions;
    assert.ok(share > 0 && share < 1, "the fixture gives Facebook part of the last-touch credit");
    const shareText = plainSpaces(fmt.format(share, "percent"));

    const table = section.tables.find((t) => t.id === "attribution_conversions")!;
    const column = table.columns.findIndex((c) => c.label === words.attribution.models.last_touch);
    const row = table.rows.find((r) => r[0]?.value === "Facebook")!;
    assert.equal(row[column]?.value, share);
    assert.equal(table.columns.length, 1 + expected.models.length);

    const pdf = pdfText(await renderReport(model, "pdf"), `sections-${lang}.pdf`);
    assert.ok(pdf.includes(words.sections.attribution), "section title");
    assert.ok(pdf.includes(words.attribution.conversionShares), "table title");
    assert.ok(pdf.includes(shareText), `last-touch share of Facebook ${shareText}`);
    const sentence = expected.comparison.find((c) => c.channel === "facebook")!.sentence;
    assert.ok(
      plainSpaces(pdf.replace(/\s+/g, " ")).includes(plainSpaces(sentence.replace(/^facebook/, "Facebook"))),
      "comparison sentence, naming the network as the tables do",
    );
    assert.doesNotMatch(pdf, FORBIDDEN);

    const slides = await zipTexts(
      await JSZip.loadAsync(await renderReport(model, "pptx")),
      "ppt/slides/slide",
    );
    const slide = slides.find((s) =>
      s.includes(xmlText(`${words.sections.attribution} · ${words.attribution.conversionShares}`)),
    );
    assert.ok(slide, "a slide for the attribution table");
    assert.ok(plainSpaces(slide).includes(`>${shareText}<`));
    assert.doesNotMatch(slides.join("\n"), FORBIDDEN);

    const xlsx = await JSZip.loadAsync(await renderReport(model, "xlsx"));
    const workbook = await xlsx.file("xl/workbook.xml")!.async("string");
    const names = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    const index = names.indexOf(words.attribution.conversionShares) + 1;
    assert.ok(index > 0, "a sheet for the attribution table");
    const sheet = await xlsx.file(`xl/worksheets/sheet${index}.xml`)!.async("string");
    const numbers = [...sheet.matchAll(/<v>([^<]+)<\/v>/g)].map((m) => Number(m[1]));
    assert.ok(
      numbers.some((n) => Math.abs(n - share) < 1e-12),
      "the share is a number cell",
    );
    await store.close();
  });
}

test("ROI revenue's attribution model is stated in the method section", async () => {
  const { store, model } = await storeWithJourneys("en");
  const method = model.sections.find((s) => s.id === "method")!;
  assert.ok(method.bullets.some((b) => b.includes("“Last non-direct touch” model")));
  await store.close();
});

test("insights: drivers, best times and earned media value render without broken figures", async () => {
  const { store, workspace, model } = await storeWithJourneys("fr");
  const words = WORDS.fr;
  const section = model.sections.find((s) => s.id === "insights")!;
  // Seven posts are too few for any trait to be compared.
  assert.ok(section.paragraphs.some((p) => p.startsWith("Pas assez de données")));
  const emv = section.tables.find((t) => t.id === "earned_media");
  assert.ok(emv, "organic clicks are priced from keyword_cpcs");
  const fmt = formatter("fr", workspace.currency);
  for (const format of ["pdf", "pptx", "xlsx", "csv", "html"] as const) {
    const bytes = await renderReport(model, format);
    let text: string;
    if (format === "pdf") text = pdfText(bytes, "insights.pdf");
    else if (format === "pptx" || format === "xlsx") {
      text = (await zipTexts(await JSZip.loadAsync(bytes), format === "pptx" ? "ppt/slides" : "xl/")).join(
        "\n",
      );
    } else text = bytes.toString("utf8").replace(/<svg[\s\S]*?<\/svg>/g, "");
    assert.doesNotMatch(text, FORBIDDEN, format);
    if (format === "pdf" || format === "html") {
      assert.ok(plainSpaces(text).includes(words.insights.emv), `${format}: earned media value`);
      assert.ok(plainSpaces(text).includes(plainSpaces(fmt.format(emv.total![3]!.value, "money"))), format);
    }
  }
  await store.close();
});

test("without journeys the attribution section is one sentence, no table", async () => {
  const { store, workspace } = await seededStore(":memory:", "nl");
  const model = await buildReport(store, workspace, {
    period: PERIOD,
    lang: "nl",
    branding: DEFAULT_BRANDING,
  });
  const section = model.sections.find((s) => s.id === "attribution")!;
  assert.deepEqual(section.paragraphs, [WORDS.nl.attribution.noJourneys({ days: 30 })]);
  assert.equal(section.tables.length, 0);
  await store.close();
});

test("best times: slots with enough posts are listed with the day in the reader's language", async () => {
  const { store, workspace } = await seededStore(":memory:", "nl");
  // Twelve Monday and Thursday morning Facebook posts: enough for two slots of the same network.
  const posts = Array.from({ length: 12 }, (_, i) => {
    const day = i % 2 === 0 ? 2 + 7 * (i / 2) : 5 + 7 * ((i - 1) / 2);
    const date = `2026-03-${String(Math.min(day, 31)).padStart(2, "0")}T08:00:00Z`;
    return `bt-${i},facebook,${date},photo,Slot post ${i},,${1000 + i * 10},800,${i % 2 === 0 ? 90 : 30},0,0,0,5`;
  });
  const path = join(directory, "best-times-posts.csv");
  writeFileSync(
    path,
    `post_id,network,published_at,type,text,campaign,impressions,reach,engagements,likes,comments,shares,link_clicks\n${posts.join("\n")}\n`,
  );
  await importFile(store, workspace, { path, format: "posts" });
  const model = await buildReport(store, workspace, {
    period: PERIOD,
    lang: "nl",
    branding: DEFAULT_BRANDING,
  });
  const table = model.sections.find((s) => s.id === "insights")!.tables.find((t) => t.id === "best_times");
  assert.ok(table, "a best-times table");
  assert.ok(table.rows.some((r) => r[1]?.value === "maandag"));
  const pdf = pdfText(await renderReport(model, "pdf"), "best-times.pdf");
  assert.ok(pdf.includes(WORDS.nl.insights.bestTimes));
  assert.doesNotMatch(pdf, FORBIDDEN);
  await store.close();
});
