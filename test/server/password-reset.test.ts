import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/auth/users.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { saveSmtpSettings } from "../../src/reports/smtp.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { smtpServer } from "../reports/smtp-server.js";
import { mailText, tokenOfResetMail } from "./reset-mail.js";

/**
 * Issue 18: password reset by e-mail over real HTTP, with the e-mails caught by an SMTP server in
 * the test process.
 */

const EMAIL = "ann@bakery.example";
const OLD_PASSWORD = "correct horse battery";
const NEW_PASSWORD = "staple battery horse";

let store: DuckDbStore;
let workspace: Workspace;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
let app: FastifyInstance;
let base: string;

async function listen(): Promise<{ app: FastifyInstance; base: string }> {
  const server = await buildApp({ store, workspace });
  return { app: server, base: await server.listen({ host: "127.0.0.1", port: 0 }) };
}

before(async () => {
  smtp = await smtpServer();
  store = await DuckDbStore.open(":memory:");
  workspace = await defaultWorkspace(store);
  await saveSmtpSettings(store, workspace.id, {
    host: "127.0.0.1",
    port: smtp.port,
    from: "socialroi@agency.example",
  });
  await createUser(store, { email: EMAIL, password: OLD_PASSWORD });
  ({ app, base } = await listen());
});

after(async () => {
  await app.close();
  await store.close();
  await smtp.close();
});

function post(path: string, body: unknown, at = base, headers: Record<string, string> = {}) {
  return fetch(`${at}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const askReset = (email: string, at = base) => post("/api/password-reset", { email }, at);
const confirm = (token: string, password = NEW_PASSWORD) =>
  post("/api/password-reset/confirm", { token, password });
const signIn = (password: string) => post("/api/sign-in", { email: EMAIL, password });

async function answer(response: Response): Promise<{ status: number; body: string }> {
  return { status: response.status, body: await response.text() };
}

async function sessionCookie(password: string): Promise<string> {
  const response = await signIn(password);
  assert.equal(response.status, 200, await response.clone().text());
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

test("the e-mailed token sets the new password once and signs the user out everywhere", async () => {
  const cookie = await sessionCookie(OLD_PASSWORD);
  const asked = await askReset("  Ann@Bakery.example ");
  assert.equal(asked.status, 202);
  const [mail] = await smtp.receivedAtLeast(1);
  assert.deepEqual(mail!.to, [EMAIL]);
  assert.match(mail!.raw, /Subject: Choose a new socialroi password/);
  const token = tokenOfResetMail(mail!.raw);
  assert.match(
    mailText(mail!.raw),
    new RegExp(`http://localhost:3000/reset-password\\?token=${token}\\r?\\n`),
  );

  const tooShort = await confirm(token, "short");
  assert.equal(tooShort.status, 400, "a refused password leaves the token usable");
  const done = await confirm(token);
  assert.equal(done.status, 200, await done.clone().text());
  assert.deepEqual(await done.json(), { signed_out_everywhere: true });

  assert.equal((await fetch(`${base}/api/me`, { headers: { cookie } })).status, 401, "signed out");
  assert.equal((await signIn(OLD_PASSWORD)).status, 401);
  assert.equal((await signIn(NEW_PASSWORD)).status, 200);

  const again = await confirm(token, "yet another password");
  assert.equal(again.status, 400);
  const refusal = (await again.json()) as { error: { details: { issues: { path: string }[] } } };
  assert.deepEqual(
    refusal.error.details.issues.map((issue) => issue.path),
    ["token"],
  );
  assert.equal((await signIn("yet another password")).status, 401, "a used token changes nothing");
});

test("a wrong or expired token is refused", async () => {
  assert.equal((await confirm("not-a-token-we-sent")).status, 400);
  const before = smtp.received.length;
  assert.equal((await askReset(EMAIL)).status, 202);
  const mails = await smtp.receivedAtLeast(before + 1);
  const token = tokenOfResetMail(mails.at(-1)!.raw);
  // An hour and a minute later, as far as the stored expiry goes.
  await store.run("UPDATE password_resets SET expires_at = now() - INTERVAL 1 MINUTE");
  assert.equal((await confirm(token)).status, 400);
  assert.equal((await signIn(NEW_PASSWORD)).status, 200, "the password stays");
});

test("an address without an account gets the same answer and no e-mail", async () => {
  const before = smtp.received.length;
  const unknown = await answer(await askReset("nobody@bakery.example"));
  const known = await answer(await askReset(EMAIL));
  assert.deepEqual(unknown, known);
  assert.equal(known.status, 202);
  // The e-mails go out one after the other: once Ann's has arrived, the unknown address's turn is over.
  const mails = await smtp.receivedAtLeast(before + 1);
  assert.deepEqual(
    mails.slice(before).map((mail) => mail.to),
    [[EMAIL]],
  );
});

test("resets are limited per address, an address with an account or not alike", async () => {
  const fresh = await listen();
  try {
    for (const email of [EMAIL, "nobody@bakery.example"]) {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await askReset(email, fresh.base)).status);
      assert.deepEqual(answers, [202, 202, 202, 429], email);
    }
  } finally {
    await fresh.app.close();
  }
});

test("a reset asked from another site is refused", async () => {
  const crossSite = await post("/api/password-reset", { email: EMAIL }, base, {
    origin: "https://evil.example",
  });
  assert.equal(crossSite.status, 403);
});
