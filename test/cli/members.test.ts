import assert from "node:assert/strict";
import { test } from "node:test";
import { auditPeriod, listAuditEntries } from "../../src/audit/audit-entries.js";
import { createUser } from "../../src/auth/users.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { cliDatabase, runCli } from "./run-cli.js";

const { db, ok } = cliDatabase("team.duckdb");

function refused(args: string[], message: RegExp): void {
  const result = runCli([...args, "--db", db]);
  assert.equal(result.status, 1, args.join(" "));
  assert.match(result.stderr, message, args.join(" "));
}

test("member list, a role changed by member add, member remove; the last owner stays; the log names the command line", async () => {
  // The users are made beforehand: test/cli/users.test.ts tries user create.
  const users = await DuckDbStore.open(db);
  for (const who of ["owner", "ann", "bob"])
    await createUser(users, { email: `${who}@agency.example`, password: `${who} password!` });
  await users.close();
  const { id } = JSON.parse(ok(["workspace", "create", "--name", "Bakery", "--json"])) as { id: string };
  const member = (email: string, role: string) => [
    "member",
    "add",
    "--workspace",
    id,
    "--email",
    email,
    "--role",
    role,
  ];
  ok(member("ann@agency.example", "owner"));
  ok(member("bob@agency.example", "viewer"));
  assert.match(
    ok(member("bob@agency.example", "editor")),
    /^bob@agency\.example is editor of "Bakery" \(ws_\w+\), was viewer\n$/,
  );
  const list = ["member", "list", "--workspace", id];
  const members = JSON.parse(ok([...list, "--json"])) as { email: string; role: string }[];
  assert.deepEqual(
    members.map((m) => [m.email, m.role]),
    [
      ["ann@agency.example", "owner"],
      ["bob@agency.example", "editor"],
    ],
  );
  assert.match(ok(list), /^ann@agency\.example \(usr_\w+\) owner\nbob@agency\.example \(usr_\w+\) editor\n$/);

  const remove = (email: string) => ["member", "remove", "--workspace", id, "--email", email];
  refused(remove("ann@agency.example"), /ann@agency\.example is the last owner of "Bakery"/);
  refused(member("ann@agency.example", "admin"), /is the last owner of "Bakery": make someone else owner/);
  refused(remove("owner@agency.example"), /owner@agency\.example is not a member of "Bakery"/);
  refused(remove("nobody@agency.example"), /No user has the e-mail address nobody@agency\.example/);
  refused(["member", "list", "--workspace", "ws_nope"], /No workspace has the id ws_nope/);

  const removed = JSON.parse(ok([...remove("bob@agency.example"), "--json"])) as { removed: string };
  assert.match(removed.removed, /^usr_\w+$/);
  assert.deepEqual(
    (JSON.parse(ok([...list, "--json"])) as { email: string }[]).map((m) => m.email),
    ["ann@agency.example"],
  );

  // Every change made, none of those refused, each by the command line.
  const store = await DuckDbStore.open(db);
  try {
    const log = await listAuditEntries(store, id, auditPeriod({})!);
    assert.deepEqual(log.map((entry) => [entry.actor, entry.object_type, entry.action]).reverse(), [
      ["cli", "member", "create"],
      ["cli", "member", "create"],
      ["cli", "member", "update"],
      ["cli", "member", "delete"],
    ]);
  } finally {
    await store.close();
  }
});
