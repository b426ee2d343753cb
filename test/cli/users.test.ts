import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { verifyPassword } from "../../src/auth/passwords.js";
import { findUserByEmail } from "../../src/auth/users.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { findApiToken, listApiTokens } from "../../src/tracking/api-tokens.js";
import { CLI, type CliResult } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "socialroi-users-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const db = join(dir, "team.duckdb");

/** The built command line with `input` piped to its stdin, as `printf %s "$PASSWORD" | socialroi …`. */
function run(args: string[], input = ""): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args, "--db", db], { input, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(args: string[], input?: string): string {
  const result = run(args, input);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test("a team in five commands: the owner, a client's workspace, a user, their role, the list", async () => {
  const owner = JSON.parse(
    ok(
      ["user", "create", "--email", "Owner@Agency.example", "--password-stdin", "--json"],
      "owner password\n",
    ),
  ) as { user_id: string; email: string; owns_instance: boolean };
  assert.deepEqual([owner.email, owner.owns_instance], ["owner@agency.example", true]);
  const { id } = JSON.parse(ok(["workspace", "create", "--name", "Bakery", "--json"])) as { id: string };
  assert.match(
    ok(["user", "create", "--email", "baker@bakery.example", "--password-stdin"], "baker password"),
    /baker@bakery\.example \(usr_\w+\) can sign in: socialroi member add gives them a workspace/,
  );
  const member = JSON.parse(
    ok(["member", "add", "--workspace", id, "--email", "baker@bakery.example", "--role", "client", "--json"]),
  ) as { workspace_id: string; role: string };
  assert.deepEqual(member, { ...member, workspace_id: id, role: "client" });
  const users = JSON.parse(ok(["user", "list", "--json"])) as { email: string; owns_instance: boolean }[];
  assert.deepEqual(
    users.map((u) => [u.email, u.owns_instance]),
    [
      ["owner@agency.example", true],
      ["baker@bakery.example", false],
    ],
  );
  assert.match(ok(["user", "list"]), /^owner@agency\.example \(usr_\w+\) owns the instance\n/);

  // The password piped in, its one line break dropped, is the one kept.
  const store = await DuckDbStore.open(db);
  try {
    const kept = await findUserByEmail(store, "owner@agency.example");
    assert.equal(await verifyPassword("owner password", kept!.password_hash), true);
  } finally {
    await store.close();
  }
});

test("refusals name what is wrong and exit 1", () => {
  const refusals: [string[], string, RegExp][] = [
    [
      ["user", "create", "--email", "owner@agency.example", "--password-stdin"],
      "another password",
      /has an account already/,
    ],
    [
      ["user", "create", "--email", "new@agency.example", "--password-stdin"],
      "short",
      /at least 10 characters/,
    ],
    [
      ["user", "create", "--email", "not-an-address", "--password-stdin"],
      "long enough password",
      /an e-mail address/,
    ],
    [["user", "create", "--email", "new@agency.example"], "", /required option '--password-stdin'/],
    [
      ["member", "add", "--workspace", "ws_nope", "--email", "owner@agency.example", "--role", "viewer"],
      "",
      /No workspace has the id ws_nope/,
    ],
    [
      ["user", "reset-password", "--email", "nobody@agency.example"],
      "a new password here",
      /No user has the e-mail address/,
    ],
  ];
  for (const [args, input, message] of refusals) {
    const result = run(args, input);
    assert.equal(result.status, 1, args.join(" "));
    assert.match(result.stderr, message, args.join(" "));
  }
  const { id } = JSON.parse(ok(["workspace", "create", "--name", "Florist", "--json"])) as { id: string };
  const unknownUser = run([
    "member",
    "add",
    "--workspace",
    id,
    "--email",
    "nobody@agency.example",
    "--role",
    "viewer",
  ]);
  assert.match(
    unknownUser.stderr,
    /No user has the e-mail address nobody@agency\.example \(socialroi user create\)/,
  );
  const badRole = run([
    "member",
    "add",
    "--workspace",
    id,
    "--email",
    "owner@agency.example",
    "--role",
    "boss",
  ]);
  assert.equal(badRole.status, 1);
  assert.match(badRole.stderr, /Allowed choices are owner, admin, editor, viewer, client/);
});

test("reset-password sets the password read from stdin", async () => {
  assert.match(
    ok(["user", "reset-password", "--email", "baker@bakery.example"], "a fresh password\n"),
    /baker@bakery\.example has a new password and is signed out everywhere/,
  );
  const store = await DuckDbStore.open(db);
  try {
    const baker = await findUserByEmail(store, "baker@bakery.example");
    assert.equal(await verifyPassword("a fresh password", baker!.password_hash), true);
    assert.equal(await verifyPassword("baker password", baker!.password_hash), false);
  } finally {
    await store.close();
  }
});

test("token create makes a token of the workspace named, with its label, scopes and expiry", async () => {
  const { id } = JSON.parse(ok(["workspace", "create", "--name", "Tokened", "--json"])) as { id: string };
  const args = ["token", "create", "--workspace", id, "--label", "shop", "--scope", "read", "track"];
  const { token } = JSON.parse(ok([...args, "--expires", "2030-01-01T00:00:00Z", "--json"])) as {
    token: string;
  };
  const badScope = run(["token", "create", "--scope", "everything"]);
  assert.match(badScope.stderr, /Allowed choices are read, write, track, manage/);
  assert.match(
    run(["token", "create", "--expires", "tomorrow"]).stderr,
    /--expires: "tomorrow" is not an ISO 8601/,
  );
  const store = await DuckDbStore.open(db);
  try {
    const found = await findApiToken(store, token);
    assert.deepEqual([found?.workspace_id, found?.scopes], [id, ["read", "track"]]);
    const [listed] = await listApiTokens(store, id);
    assert.deepEqual([listed?.label, listed?.expires_at], ["shop", "2030-01-01T00:00:00Z"]);
  } finally {
    await store.close();
  }
});

test("while serve holds the database, members are added through it, and users are made with it stopped", async () => {
  const server = spawn(process.execPath, [CLI, "serve", "--port", "0", "--db", db], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let output = "";
    let url: string | undefined;
    for await (const chunk of server.stdout!) {
      output += String(chunk);
      url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) break;
    }
    assert.ok(url, output);
    const refused = run(
      ["user", "create", "--email", "late@agency.example", "--password-stdin"],
      "late password",
    );
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /socialroi serve holds the database and cannot read this terminal/);

    const { id } = JSON.parse(ok(["workspace", "create", "--name", "Served shop", "--json"])) as {
      id: string;
    };
    ok(["member", "add", "--workspace", id, "--email", "baker@bakery.example", "--role", "editor"]);
    const signIn = await fetch(`${url}/api/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "baker@bakery.example", password: "a fresh password" }),
    });
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith("sr_session="))!
      .split(";")[0]!;
    const me = (await (await fetch(`${url}/api/me`, { headers: { cookie } })).json()) as {
      workspaces: { id: string; role: string }[];
    };
    assert.deepEqual(
      me.workspaces.find((w) => w.id === id),
      { id, name: "Served shop", role: "editor" },
    );
  } finally {
    server.kill("SIGTERM");
    if (server.exitCode === null) await once(server, "exit");
  }
});
