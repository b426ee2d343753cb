import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { deflateSync } from "node:zlib";
import { DEFAULT_BRANDING, logoFromBytes, readBranding, saveBranding } from "../../src/reports/branding.js";
import { generateReport } from "../../src/reports/generate.js";
import { SECTION_IDS } from "../../src/reports/model.js";
import {
  DEFAULT_TEMPLATE,
  findTemplate,
  listTemplates,
  saveTemplate,
  templatePeriod,
} from "../../src/reports/templates.js";
import { PERIOD, plainSpaces, seededStore } from "./fixtures.js";

const directory = mkdtempSync(join(tmpdir(), "socialroi-templates-"));

/** A plain-colour PNG, built by hand so the test needs no image file. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("template periods end before the day they run", () => {
  const run = new Date("2026-04-15T09:30:00Z");
  const period = (p: (typeof DEFAULT_TEMPLATE)["period"]) =>
    templatePeriod({ ...DEFAULT_TEMPLATE, period: p }, run);
  assert.deepEqual(period("last_month"), { from: "2026-03-01", to: "2026-03-31" });
  assert.deepEqual(period("last_7_days"), { from: "2026-04-08", to: "2026-04-14" });
  assert.deepEqual(period("last_30_days"), { from: "2026-03-16", to: "2026-04-14" });
  assert.deepEqual(period("last_week"), { from: "2026-04-06", to: "2026-04-12" });
  assert.deepEqual(templatePeriod({ ...DEFAULT_TEMPLATE, period: "last_month" }, new Date("2026-01-05")), {
    from: "2025-12-01",
    to: "2025-12-31",
  });
});

test("a saved template chooses the sections, their order and the language", async () => {
  const { store, workspace } = await seededStore();
  assert.deepEqual((await findTemplate(store, workspace.id, "default"))?.sections, [...SECTION_IDS]);
  await saveTemplate(store, workspace.id, {
    name: "board",
    sections: ["roi_network", "summary"],
    period: "custom",
    from: PERIOD.from,
    to: PERIOD.to,
    compare: false,
    lang: "nl",
  });
  await assert.rejects(
    saveTemplate(store, workspace.id, { ...DEFAULT_TEMPLATE, name: "bad", period: "custom" }),
  );
  const [board] = await listTemplates(store, workspace.id);
  assert.ok(board);
  const report = await generateReport(store, workspace, {
    period: templatePeriod(board, new Date()),
    format: "html",
    template: board,
  });
  assert.deepEqual(
    report.model.sections.map((s) => s.id),
    ["roi_network", "summary"],
  );
  assert.equal(report.model.comparison, null);
  assert.match(report.bytes.toString(), /<html lang="nl">/);
  await store.close();
});

test("branding: logo, colours and company name are kept per workspace and printed", async () => {
  const { store, workspace } = await seededStore();
  assert.equal(logoFromBytes(Buffer.from("not an image")), null);
  assert.equal(
    logoFromBytes(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'))?.mime,
    "image/svg+xml",
  );
  const logo = logoFromBytes(png(120, 40, [31, 120, 90]));
  assert.equal(logo?.mime, "image/png");
  await saveBranding(store, workspace.id, { company: "Acme & Co", primaryColor: "#1f785a", logo });
  await saveBranding(store, workspace.id, { accentColor: "#aa3300" });
  const branding = await readBranding(store, workspace.id);
  assert.deepEqual(branding, { company: "Acme & Co", primaryColor: "#1f785a", accentColor: "#aa3300", logo });
  assert.notDeepEqual(branding, DEFAULT_BRANDING);
  const report = await generateReport(store, workspace, { period: PERIOD, format: "pdf", lang: "fr" });
  const file = join(directory, "branded.pdf");
  writeFileSync(file, report.bytes);
  const text = plainSpaces(execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }));
  assert.ok(text.includes("Acme & Co"));
  assert.ok(report.bytes.includes(Buffer.from("/Subtype /Image")), "the logo is embedded");
  const html = await generateReport(store, workspace, { period: PERIOD, format: "html" });
  assert.ok(html.bytes.toString().includes(`data:image/png;base64,${logo?.base64}`));
  await store.close();
});

test("socialroi report writes the file named after the period, as an XLSX workbook", async () => {
  const db = join(directory, "cli.duckdb");
  const seeded = await seededStore(db);
  await seeded.store.close();
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args, "--db", db], {
      encoding: "utf8",
      cwd: join(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "pipe"],
    });
  const out = join(directory, "march.xlsx");
  assert.equal(
    cli(
      "report",
      "--from",
      PERIOD.from,
      "--to",
      PERIOD.to,
      "--format",
      "xlsx",
      "--lang",
      "fr",
      "--out",
      out,
    ).trim(),
    out,
  );
  assert.equal(readFileSync(out).subarray(0, 2).toString(), "PK");
});
