import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { addSchedule, listSchedules, runDue } from "../../src/reports/schedules.js";
import { saveSmtpSettings } from "../../src/reports/smtp.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { seededStore } from "./fixtures.js";
import { smtpServer } from "./smtp-server.js";

const CREATED = new Date("2026-03-15T12:00:00Z");
const FIRST_OF_APRIL = new Date("2026-04-01T07:00:30Z");
const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);

test("a monthly schedule e-mails last month's PDF once, even across a restart", async () => {
  const smtp = await smtpServer();
  const file = join(mkdtempSync(join(tmpdir(), "socialroi-schedule-")), "reports.duckdb");
  const seeded = await seededStore(file, "fr");
  await saveSmtpSettings(seeded.store, seeded.workspace.id, {
    host: "127.0.0.1",
    port: smtp.port,
    from: "reports@example.com",
  });
  await addSchedule(
    seeded.store,
    seeded.workspace,
    { frequency: "monthly", recipients: ["boss@example.com", "team@example.com"] },
    CREATED,
  );

  assert.deepEqual(
    await runDue(seeded.store, seeded.workspace, minutes(FIRST_OF_APRIL, -60)),
    [],
    "not due before the 1st",
  );
  const outcomes = await runDue(seeded.store, seeded.workspace, FIRST_OF_APRIL);
  assert.deepEqual(
    outcomes.map((o) => [o.status, o.period]),
    [["sent", { from: "2026-03-01", to: "2026-03-31" }]],
  );
  assert.equal(smtp.received.length, 1);
  const [mail] = smtp.received;
  assert.deepEqual(mail!.to, ["boss@example.com", "team@example.com"]);
  assert.match(
    mail!.raw,
    /Content-Type: application\/pdf;[\s\S]{0,80}socialroi-report-2026-03-01_2026-03-31\.pdf/,
  );
  assert.match(mail!.raw, /JVBERi0/, "the attachment is a PDF (base64 of %PDF-)");
  assert.match(mail!.raw, /Subject: =\?UTF-8\?/);

  await seeded.store.close();
  const store = await DuckDbStore.open(file);
  const workspace = await defaultWorkspace(store);
  assert.deepEqual(await runDue(store, workspace, minutes(FIRST_OF_APRIL, 5)), []);
  assert.deepEqual(await runDue(store, workspace, minutes(FIRST_OF_APRIL, 60 * 24 * 10)), []);
  assert.equal(smtp.received.length, 1, "not sent twice");
  const [listed] = await listSchedules(store, workspace, minutes(FIRST_OF_APRIL, 5));
  assert.equal(listed?.last?.status, "sent");
  assert.equal(listed?.next_run, "2026-05-01T07:00:00.000Z");
  await store.close();
  await smtp.close();
});

test("a refused e-mail is retried after a backoff, and the error is visible meanwhile", async () => {
  const smtp = await smtpServer(1);
  const { store, workspace } = await seededStore();
  await saveSmtpSettings(store, workspace.id, {
    host: "127.0.0.1",
    port: smtp.port,
    from: "reports@example.com",
  });
  await addSchedule(
    store,
    workspace,
    { frequency: "weekly", recipients: ["boss@example.com"], lang: "nl" },
    CREATED,
  );
  const monday = new Date("2026-03-23T07:00:30Z");

  const [first] = await runDue(store, workspace, monday);
  assert.equal(first?.status, "retrying");
  assert.deepEqual(first?.period, { from: "2026-03-16", to: "2026-03-22" });
  const [listed] = await listSchedules(store, workspace, monday);
  assert.equal(listed?.last?.status, "retrying");
  assert.match(listed?.last?.error ?? "", /mailbox busy/);
  assert.equal(listed?.last?.attempts, 1);

  assert.deepEqual(await runDue(store, workspace, minutes(monday, 0.5)), [], "waits for the backoff");
  const [second] = await runDue(store, workspace, minutes(monday, 2));
  assert.equal(second?.status, "sent");
  assert.equal(smtp.received.length, 1);
  const [after] = await listSchedules(store, workspace, minutes(monday, 2));
  assert.equal(after?.last?.attempts, 2);
  assert.equal(after?.last?.error, null);
  await store.close();
  await smtp.close();
});

test("without SMTP settings the delivery fails visibly instead of vanishing", async () => {
  const { store, workspace } = await seededStore();
  await addSchedule(store, workspace, { frequency: "monthly", recipients: ["boss@example.com"] }, CREATED);
  const [outcome] = await runDue(store, workspace, FIRST_OF_APRIL);
  assert.equal(outcome?.status, "retrying");
  assert.match(outcome?.error ?? "", /socialroi schedule smtp/);
  await store.close();
});
