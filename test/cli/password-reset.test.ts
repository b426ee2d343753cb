import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { resetPasswordWithToken } from "../../src/auth/password-resets.js";
import { verifyPassword } from "../../src/auth/passwords.js";
import { createUser, findUserByEmail } from "../../src/auth/users.js";
import { saveSmtpSettings } from "../../src/reports/smtp.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { smtpServer } from "../reports/smtp-server.js";
import { mailText, tokenOfResetMail } from "../server/reset-mail.js";
import { runCliAsync } from "./run-cli.js";

const EMAIL = "ann@bakery.example";
const dir = mkdtempSync(join(tmpdir(), "socialroi-password-reset-"));
let smtp: Awaited<ReturnType<typeof smtpServer>>;

/** A database with Ann's account, and the SMTP server of its workspace unless told otherwise. */
async function database(name: string, withSmtp: boolean): Promise<string> {
  const file = join(dir, name);
  const store = await DuckDbStore.open(file);
  try {
    const workspace = await defaultWorkspace(store);
    if (withSmtp)
      await saveSmtpSettings(store, workspace.id, {
        host: "127.0.0.1",
        port: smtp.port,
        from: "socialroi@agency.example",
      });
    await createUser(store, { email: EMAIL, password: "correct horse battery" });
  } finally {
    await store.close();
  }
  return file;
}

before(async () => {
  smtp = await smtpServer();
});

after(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

// The CLI runs as a child process (runCliAsync): a synchronous one would stop this process's SMTP server.
test("user reset-password --send-email e-mails the link whose token sets the password", async () => {
  const db = await database("mailed.duckdb", true);
  const sent = await runCliAsync([
    "user",
    "reset-password",
    "--email",
    EMAIL,
    "--send-email",
    "--lang",
    "nl",
    "--db",
    db,
  ]);
  assert.equal(sent.status, 0, sent.stderr);
  assert.match(sent.stdout, /ann@bakery\.example was e-mailed a link to choose a new password/);
  const [mail] = await smtp.receivedAtLeast(1);
  assert.deepEqual(mail!.to, [EMAIL]);
  assert.match(mailText(mail!.raw), /De link werkt één keer, gedurende 60 minuten/);

  const store = await DuckDbStore.open(db);
  try {
    assert.ok(await resetPasswordWithToken(store, tokenOfResetMail(mail!.raw), "staple battery horse"));
    const user = await findUserByEmail(store, EMAIL);
    assert.ok(await verifyPassword("staple battery horse", user!.password_hash));
  } finally {
    await store.close();
  }
});

test("--send-email is refused clearly for an unknown address and without SMTP settings", async () => {
  const unknown = await runCliAsync([
    "user",
    "reset-password",
    "--email",
    "nobody@bakery.example",
    "--send-email",
    "--db",
    await database("unknown.duckdb", true),
  ]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /No user has the e-mail address nobody@bakery\.example/);

  const noSmtp = await runCliAsync([
    "user",
    "reset-password",
    "--email",
    EMAIL,
    "--send-email",
    "--db",
    await database("no-smtp.duckdb", false),
  ]);
  assert.equal(noSmtp.status, 1);
  assert.match(noSmtp.stderr, /needs the SMTP settings of the workspace served: socialroi schedule smtp/);
});
