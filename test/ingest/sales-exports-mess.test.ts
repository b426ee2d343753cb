import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { ImportError } from "../../src/ingest/import-error.js";
import { runCli } from "../cli/run-cli.js";
import { NATIVE_FIXTURES, openSession, type Session } from "./helpers.js";

const MESS = join(NATIVE_FIXTURES, "..", "mess");

function mess(name: string): string {
  return join(MESS, name);
}

/** The fixture's rows as the file has them, read without socialroi's importer. */
function records(name: string, delimiter = ","): Record<string, string>[] {
  return parse(readFileSync(mess(name)), { columns: true, bom: true, delimiter }) as Record<string, string>[];
}

/** An amount as a comma-decimal re-save writes it (`1234,50`) or as exported (`1234.50`). */
function amount(text: string | undefined): number {
  return Number((text ?? "").replace(",", "."));
}

function sum(values: number[]): number {
  return Math.round(values.reduce((s, v) => s + v, 0) * 100) / 100;
}

async function storedSums(session: Session): Promise<{ sale: number; refund: number }> {
  const rows = await session.rows<{ type: string; total: number }>(
    "SELECT type, round(sum(value), 2) AS total FROM conversions GROUP BY type",
  );
  const total = (type: string) => rows.find((r) => r.type === type)?.total ?? 0;
  return { sale: total("sale"), refund: total("refund") };
}

function counted(reasons: string[]): { reason: string; rows: number }[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, rows]) => ({ reason, rows }));
}

function sameSkips(actual: { reason: string; rows: number }[], expected: { reason: string; rows: number }[]) {
  const order = (list: { reason: string; rows: number }[]) =>
    [...list].sort((a, b) => a.reason.localeCompare(b.reason));
  assert.deepEqual(order(actual), order(expected));
}

const UNPAID = ["pending", "voided", "authorized", "expired"];

test("shopify-orders re-saved with `;` and decimal commas: every sale, refund and skipped row accounted for", async () => {
  const file = "orders_export_semicolon.csv";
  const lines = records(file, ";");
  const firstLines = lines.filter((r) => r["Financial Status"]?.trim());
  const paid = firstLines.filter((r) => !UNPAID.includes(r["Financial Status"] ?? ""));
  const session = await openSession();
  const report = await session.importPath(mess(file));
  assert.equal(report.format, "shopify-orders");
  assert.deepEqual(await storedSums(session), {
    sale: sum(paid.map((r) => amount(r["Total"]))),
    refund: sum(firstLines.map((r) => amount(r["Refunded Amount"]))),
  });
  sameSkips(report.skipped, [
    ...counted(
      firstLines
        .filter((r) => UNPAID.includes(r["Financial Status"] ?? ""))
        .map((r) => `financial status ${r["Financial Status"]}`),
    ),
    {
      reason: "further line items of an order (read from its first line)",
      rows: lines.length - firstLines.length,
    },
  ]);
  const skippedRows = report.skipped.reduce((s, r) => s + r.rows, 0);
  assert.equal(paid.length + skippedRows, lines.length);
});

test("shopify-orders: keyed on the order id, credited to the order's Source unless a utm or click id says otherwise", async () => {
  const session = await openSession();
  await session.importPath(mess("orders_export_semicolon.csv"));
  await session.importPath(mess("orders_export_store_b.csv"));
  const sameName = await session.rows<{ conversion_id: string; network: string | null }>(
    `SELECT conversion_id, network FROM conversions WHERE type = 'sale' AND json_extract_string(extra, '$."Name"') = '#1001' ORDER BY conversion_id`,
  );
  const ids = [
    ...records("orders_export_semicolon.csv", ";"),
    ...records("orders_export_store_b.csv"),
  ].filter((r) => r["Name"] === "#1001" && r["Id"]);
  assert.deepEqual(
    sameName.map((r) => r.conversion_id),
    ids.map((r) => r["Id"]).sort(),
  );
  const networks = await session.rows<{ name: string; network: string | null; click_id: string | null }>(
    `SELECT json_extract_string(extra, '$."Name"') AS name, network, click_id FROM conversions WHERE type = 'sale'
     ORDER BY conversion_id`,
  );
  assert.deepEqual(
    networks.filter((r) => ["#1002", "#1005", "#1007", "#1009"].includes(r.name)),
    [
      // utm_source in the note attributes beats Source `web`
      { name: "#1002", network: "instagram", click_id: null },
      // a click id says which visit it was: Source `facebook` does not credit the network
      { name: "#1005", network: null, click_id: "q1w2e3" },
      { name: "#1007", network: "instagram", click_id: null },
      // an app id as Source is no network
      { name: "#1009", network: null, click_id: null },
    ],
  );
  const [tiktok] = await session.rows<{ network: string }>(
    `SELECT network FROM conversions WHERE conversion_id = '5600000001' AND type = 'sale'`,
  );
  assert.equal(tiktok?.network, "tiktok");
});

test("stripe-payments re-saved with `;`, decimal commas and day-first times: refunds on their refund date, id-less line skipped", async () => {
  const file = "unified_payments_semicolon.csv";
  const rows = records(file, ";");
  const paidStatuses = ["paid", "succeeded", "refunded", "partially refunded"];
  const charges = rows.filter((r) => r["id"] && paidStatuses.includes((r["Status"] ?? "").toLowerCase()));
  const session = await openSession();
  const report = await session.importPath(mess(file));
  assert.equal(report.format, "stripe-payments");
  assert.deepEqual(await storedSums(session), {
    sale: sum(charges.map((r) => amount(r["Amount"]))),
    refund: sum(charges.map((r) => amount(r["Amount Refunded"]))),
  });
  sameSkips(report.skipped, [
    {
      reason: "payment lines without an id (the charge follows on its own line)",
      rows: rows.filter((r) => !r["id"]).length,
    },
    ...counted(
      rows
        .filter((r) => r["id"] && !paidStatuses.includes((r["Status"] ?? "").toLowerCase()))
        .map((r) => `status ${r["Status"]?.toLowerCase()}`),
    ),
  ]);
  const refunds = await session.rows<{ conversion_id: string; at: string }>(
    `SELECT conversion_id, strftime(timezone('UTC', occurred_at), '%d/%m/%Y %H:%M') AS at FROM conversions
     WHERE type = 'refund' ORDER BY conversion_id`,
  );
  assert.deepEqual(
    refunds,
    charges
      .filter((r) => amount(r["Amount Refunded"]) > 0)
      .map((r) => ({ conversion_id: r["id"], at: r["Refunded date (UTC)"] })),
  );
  const sales = await session.rows<{ conversion_id: string; at: string }>(
    `SELECT conversion_id, strftime(timezone('UTC', occurred_at), '%d/%m/%Y %H:%M') AS at FROM conversions
     WHERE type = 'sale' ORDER BY conversion_id`,
  );
  assert.deepEqual(
    sales,
    charges.map((r) => ({ conversion_id: r["id"], at: r["Created date (UTC)"] })),
  );
});

test("stripe-payments: an older export's `Created (UTC)` without seconds is read as UTC", async () => {
  const file = "unified_payments_2023.csv";
  const rows = records(file);
  const session = await openSession();
  const report = await session.importPath(mess(file));
  assert.equal(report.format, "stripe-payments");
  assert.deepEqual(report.skipped, []);
  const stored = await session.rows<{ conversion_id: string; at: string }>(
    `SELECT conversion_id, strftime(timezone('UTC', occurred_at), '%Y-%m-%d %H:%M') || '+00:00' AS at FROM conversions
     WHERE type = 'sale' ORDER BY conversion_id`,
  );
  assert.deepEqual(
    stored,
    rows.map((r) => ({ conversion_id: r["id"], at: r["Created (UTC)"] })),
  );
  assert.deepEqual(await storedSums(session), {
    sale: sum(rows.map((r) => amount(r["Amount"]))),
    refund: sum(rows.map((r) => amount(r["Amount Refunded"]))),
  });
});

test("stripe-payments: a time it cannot read is refused with the file's own column and value", async () => {
  const session = await openSession();
  await assert.rejects(session.importPath(mess("unified_payments_bad_time.csv")), (error: unknown) => {
    assert.ok(error instanceof ImportError);
    assert.deepEqual(
      error.problems.map((p) => ({ row: p.row, column: p.column, value: p.value })),
      [{ row: 2, column: "Created (UTC)", value: "28 août 2023 20:18" }],
    );
    return true;
  });
});

test("the command line says how many rows were skipped and why", () => {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-sales-"));
  try {
    const file = "orders_export_semicolon.csv";
    const result = runCli(["import", mess(file), "--dry-run", "--db", join(dir, "test.duckdb")]);
    assert.equal(result.status, 0, result.stderr);
    const pending = records(file, ";").filter((r) => r["Financial Status"] === "pending").length;
    assert.match(result.stdout, new RegExp(`^ {2}skipped: ${pending} rows, financial status pending$`, "m"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
