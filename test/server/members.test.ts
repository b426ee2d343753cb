import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Role } from "../../src/api/auth.js";
import { addMember } from "../../src/auth/memberships.js";
import { createUser } from "../../src/auth/users.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { callApi, signedIn } from "./signed-in.js";

/** Issue 18: a workspace's managers list, change and remove its members over HTTP; it keeps an owner. */

const PASSWORD = "a long enough password";

let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let a: Workspace;
let b: Workspace;
const ids: Record<string, string> = {};

const emailOf = (who: string) => `${who}@members.example`;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  a = await createWorkspace(store, { name: "Agency A", currency: "EUR", timezone: "UTC", locale: "en" });
  b = await createWorkspace(store, { name: "Bakery B", currency: "USD", timezone: "UTC", locale: "en" });
  const members: [string, Workspace, Role][] = [
    ["ann", a, "owner"],
    ["bob", a, "admin"],
    ["carl", a, "viewer"],
    ["dora", b, "owner"],
  ];
  await createUser(store, { email: emailOf("instance"), password: PASSWORD });
  for (const [who, workspace, role] of members) {
    const user = await createUser(store, { email: emailOf(who), password: PASSWORD });
    ids[who] = user!.user_id;
    await addMember(store, workspace.id, user!.user_id, role);
  }
  app = await buildApp({ store, workspace: a });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
});

async function rolesIn(headers: Record<string, string>, workspace: Workspace): Promise<string[]> {
  const answer = await callApi(base, headers, "GET", `/api/members?workspace=${workspace.id}`);
  assert.equal(answer.status, 200, answer.text);
  return (answer.json as { members: { email: string; role: string }[] }).members.map(
    (member) => `${member.email.split("@")[0]} ${member.role}`,
  );
}

test("an admin lists the members and changes roles, but only an owner makes, changes or removes owners; the last owner stays", async () => {
  const admin = await signedIn(base, emailOf("bob"), PASSWORD);
  const owner = await signedIn(base, emailOf("ann"), PASSWORD);
  const at = `?workspace=${a.id}`;
  assert.deepEqual(await rolesIn(admin, a), ["ann owner", "bob admin", "carl viewer"]);

  const promoted = await callApi(base, admin, "PUT", `/api/members${at}`, {
    email: emailOf("carl"),
    role: "editor",
  });
  assert.equal(promoted.status, 200, promoted.text);
  assert.deepEqual(promoted.json, { ...(promoted.json as object), user_id: ids["carl"], role: "editor" });

  // An admin who could make owners could make themselves one, and then delete the workspace.
  for (const [method, path, body] of [
    ["PUT", `/api/members${at}`, { email: emailOf("bob"), role: "owner" }],
    ["PUT", `/api/members${at}`, { email: emailOf("ann"), role: "admin" }],
    ["DELETE", `/api/members/${ids["ann"]}${at}`, undefined],
  ] as const) {
    const refused = await callApi(base, admin, method, path, body);
    assert.equal(refused.status, 403, `${method} by an admin: ${refused.text}`);
    assert.match(refused.text, /Only an owner of the workspace/);
  }

  for (const [method, path, body] of [
    ["PUT", `/api/members${at}`, { email: emailOf("ann"), role: "admin" }],
    ["DELETE", `/api/members/${ids["ann"]}${at}`, undefined],
  ] as const) {
    const refused = await callApi(base, owner, method, path, body);
    assert.equal(refused.status, 409, `${method} of the last owner: ${refused.text}`);
    assert.match(refused.text, /last owner: make someone else owner first/);
  }
  assert.deepEqual(await rolesIn(admin, a), ["ann owner", "bob admin", "carl editor"]);

  // With a second owner, the first may step down, and the second be removed no more.
  const second = await callApi(base, owner, "PUT", `/api/members${at}`, {
    email: emailOf("carl"),
    role: "owner",
  });
  assert.equal(second.status, 200, second.text);
  const steppedDown = await callApi(base, owner, "PUT", `/api/members${at}`, {
    email: emailOf("ann"),
    role: "viewer",
  });
  assert.equal(steppedDown.status, 200, steppedDown.text);
  const carl = await signedIn(base, emailOf("carl"), PASSWORD);
  assert.equal((await callApi(base, carl, "DELETE", `/api/members/${ids["carl"]}${at}`)).status, 409);

  const removed = await callApi(base, admin, "DELETE", `/api/members/${ids["ann"]}${at}`);
  assert.deepEqual([removed.status, removed.json], [200, { removed: ids["ann"] }]);
  assert.deepEqual(await rolesIn(admin, a), ["carl owner", "bob admin"]);
  const again = await callApi(base, admin, "DELETE", `/api/members/${ids["ann"]}${at}`);
  assert.equal(again.status, 404, again.text);
});

test("bad input is refused with its reason, never a 500, and changes nothing", async () => {
  const admin = await signedIn(base, emailOf("bob"), PASSWORD);
  const before = await rolesIn(admin, a);
  const refusals: [unknown, number, RegExp][] = [
    [{ email: emailOf("nobody"), role: "viewer" }, 404, /No user has the e-mail address/],
    [{ email: emailOf("bob"), role: "boss" }, 400, /role/],
    [{ email: "not an address", role: "viewer" }, 400, /email/],
    [{}, 400, /email/],
  ];
  for (const [body, status, message] of refusals) {
    const answer = await callApi(base, admin, "PUT", `/api/members?workspace=${a.id}`, body);
    assert.equal(answer.status, status, answer.text);
    assert.match(answer.text, message);
  }
  assert.deepEqual(await rolesIn(admin, a), before);
});

test("another workspace's owner neither sees nor changes A's members", async () => {
  const other = await signedIn(base, emailOf("dora"), PASSWORD);
  assert.deepEqual(await rolesIn(other, b), ["dora owner"]);
  const admin = await signedIn(base, emailOf("bob"), PASSWORD);
  const beforeInA = await rolesIn(admin, a);
  const intoA = await callApi(base, other, "DELETE", `/api/members/${ids["bob"]}?workspace=${a.id}`);
  assert.equal(intoA.status, 404, intoA.text);
  // In their own workspace, A's member is no member at all.
  const inB = await callApi(base, other, "DELETE", `/api/members/${ids["bob"]}`);
  assert.equal(inB.status, 404, inB.text);
  assert.deepEqual(await rolesIn(admin, a), beforeInA);
});
