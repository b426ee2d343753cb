import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ZodError } from "zod";
import { addMember, workspacesOf } from "../../src/auth/memberships.js";
import { hashPassword, NO_USER_HASH, verifyPassword } from "../../src/auth/passwords.js";
import { createSession, findSessionUser } from "../../src/auth/sessions.js";
import { createUser, findUserByEmail, hasUsers, listUsers, setPassword } from "../../src/auth/users.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";

let store: DuckDbStore;

before(async () => {
  store = await DuckDbStore.open(":memory:");
});

after(() => store.close());

test("a password's hash has a salt of its own, and only that password matches it", async () => {
  const first = await hashPassword("same password here");
  const second = await hashPassword("same password here");
  assert.notEqual(first, second);
  assert.match(first, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
  assert.equal(await verifyPassword("same password here", first), true);
  assert.equal(await verifyPassword("same password here", second), true);
  assert.equal(await verifyPassword("same password herE", first), false);
  assert.equal(await verifyPassword("same password here", NO_USER_HASH), false);
  assert.equal(
    await verifyPassword("same password here", "md5$abc"),
    false,
    "an unknown scheme matches nothing",
  );
});

test("the first user owns the instance and every workspace, those made later too; others only theirs", async () => {
  assert.equal(await hasUsers(store), false);
  const early = await createWorkspace(store, {
    name: "Early",
    currency: "EUR",
    timezone: "UTC",
    locale: "en",
  });
  const owner = await createUser(store, { email: " Owner@Example.com ", password: "owner's password" });
  assert.equal(owner?.email, "owner@example.com", "addresses are kept trimmed and lower-case");
  assert.equal(owner?.owns_instance, true);
  const late = await createWorkspace(store, { name: "Late", currency: "EUR", timezone: "UTC", locale: "en" });
  assert.deepEqual(
    (await workspacesOf(store, owner!.user_id)).map((w) => [w.name, w.role]),
    [
      ["Early", "owner"],
      ["Late", "owner"],
    ],
  );
  const member = await createUser(store, { email: "member@example.com", password: "member's password" });
  assert.equal(member?.owns_instance, false);
  assert.deepEqual(await workspacesOf(store, member!.user_id), []);
  await addMember(store, late.id, member!.user_id, "viewer");
  await addMember(store, late.id, member!.user_id, "client");
  assert.deepEqual(await workspacesOf(store, member!.user_id), [
    { id: late.id, name: "Late", role: "client" },
  ]);
  assert.equal(
    await createUser(store, { email: "MEMBER@example.com", password: "another password" }),
    undefined,
  );
  assert.deepEqual(
    (await listUsers(store)).map((u) => u.email),
    ["owner@example.com", "member@example.com"],
  );
  assert.equal(early.id !== late.id, true);
});

test("a password too short or an address that is none is refused, with the reason", async () => {
  await assert.rejects(createUser(store, { email: "short@example.com", password: "short" }), ZodError);
  await assert.rejects(
    createUser(store, { email: "not an address", password: "long enough password" }),
    ZodError,
  );
  assert.equal(await findUserByEmail(store, "short@example.com"), undefined);
});

test("a new password signs the user out everywhere, and only the new one works", async () => {
  const user = await findUserByEmail(store, "member@example.com");
  const session = await createSession(store, user!.user_id);
  assert.equal((await findSessionUser(store, session.id))?.email, "member@example.com");
  await setPassword(store, user!.user_id, "a brand new password");
  assert.equal(await findSessionUser(store, session.id), undefined);
  const changed = await findUserByEmail(store, "member@example.com");
  assert.equal(await verifyPassword("a brand new password", changed!.password_hash), true);
  assert.equal(await verifyPassword("member's password", changed!.password_hash), false);
});
