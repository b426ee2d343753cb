import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { AuditEntry } from "../../src/api/audit.js";
import type { Role } from "../../src/api/auth.js";
import { actingAs } from "../../src/audit/actor.js";
import { addMember } from "../../src/auth/memberships.js";
import { createUser } from "../../src/auth/users.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { saveBranding } from "../../src/reports/branding.js";
import { addSchedule, removeSchedule } from "../../src/reports/schedules.js";
import { saveSmtpSettings } from "../../src/reports/smtp.js";
import { removeTemplate, saveTemplate } from "../../src/reports/templates.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { callApi, signedIn } from "./signed-in.js";

/**
 * Issue 18: every change to a cost, a value rule, a goal, a link or a member leaves one audit entry
 * naming who made it, with the values before and after; a refused change leaves none; a workspace's
 * log shows its own entries only.
 */

const PASSWORD = "a long enough password";
const emailOf = (who: string) => `${who}@audit.example`;

let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let a: Workspace;
let b: Workspace;
let editor: Record<string, string>;
let admin: Record<string, string>;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  a = await createWorkspace(store, { name: "Agency A", currency: "EUR", timezone: "UTC", locale: "en" });
  b = await createWorkspace(store, { name: "Bakery B", currency: "USD", timezone: "UTC", locale: "en" });
  await createUser(store, { email: emailOf("instance"), password: PASSWORD });
  const members: [string, Workspace, Role][] = [
    ["ann", a, "owner"],
    ["eve", a, "editor"],
    ["vic", a, "viewer"],
    ["dora", b, "owner"],
  ];
  for (const [who, workspace, role] of members) {
    const user = await createUser(store, { email: emailOf(who), password: PASSWORD });
    await addMember(store, workspace.id, user!.user_id, role);
  }
  app = await buildApp({ store, workspace: a });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  editor = await signedIn(base, emailOf("eve"), PASSWORD);
  admin = await signedIn(base, emailOf("ann"), PASSWORD);
});

after(async () => {
  await app.close();
  await store.close();
});

async function entries(headers: Record<string, string>, workspace: Workspace): Promise<AuditEntry[]> {
  const answer = await callApi(base, headers, "GET", `/api/audit?workspace=${workspace.id}`);
  assert.equal(answer.status, 200, answer.text);
  return (answer.json as { entries: AuditEntry[] }).entries;
}

/** What `write` added to A's log, oldest first. */
async function logged(write: () => Promise<void>): Promise<AuditEntry[]> {
  const known = new Set((await entries(admin, a)).map((entry) => entry.audit_id));
  await write();
  return (await entries(admin, a)).filter((entry) => !known.has(entry.audit_id)).reverse();
}

async function ok(
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const answer = await callApi(base, headers, method, `${path}?workspace=${a.id}`, body);
  assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${answer.text}`);
  return answer.json as Record<string, unknown>;
}

/** The entry's who, what and action, and the fields of its values the test names. */
function summary(entry: AuditEntry, field: string) {
  const value = (v: unknown) => (v === null ? null : (v as Record<string, unknown>)[field]);
  return [entry.actor, entry.object_type, entry.action, value(entry.old_value), value(entry.new_value)];
}

const eve = emailOf("eve");

test("creating, changing and deleting a cost, a rule, a goal and a link each leave an entry with the values before and after", async () => {
  const cost = { date: "2026-08-01", category: "tools", amount: 9, currency: "EUR" };
  let id = "";
  const costs = await logged(async () => {
    id = (await ok(editor, "POST", "/api/costs", cost))["cost_id"] as string;
    await ok(editor, "PUT", `/api/costs/${id}`, { ...cost, amount: 12 });
    await ok(editor, "DELETE", `/api/costs/${id}`);
  });
  assert.deepEqual(
    costs.map((entry) => summary(entry, "amount")),
    [
      [eve, "cost", "create", null, 9],
      [eve, "cost", "update", 9, 12],
      [eve, "cost", "delete", 12, null],
    ],
  );
  assert.ok(costs.every((entry) => entry.object_id === id && entry.actor_kind === "user"));

  const rules = await logged(async () => {
    const rule = { outcome: "lead", unit_value: 20, currency: "EUR", valid_from: "2026-01-01" };
    await ok(editor, "POST", "/api/value-rules", rule);
    await ok(editor, "POST", "/api/value-rules", { ...rule, unit_value: 25, valid_from: "2026-06-01" });
  });
  assert.deepEqual(
    rules.map((entry) => summary(entry, "unit_value")),
    [
      [eve, "value_rule", "create", null, 20],
      [eve, "value_rule", "update", undefined, 25],
    ],
  );
  const replaced = (rules[1]!.old_value as { rules: { unit_value: number }[] }).rules;
  assert.deepEqual(
    replaced.map((rule) => rule.unit_value),
    [20],
    "the rule in force before is the old value",
  );

  const goals = await logged(async () => {
    const goal = {
      goal: "grow",
      indicator: "reach",
      target: 1000,
      period_start: "2026-08-01",
      period_end: "2026-08-31",
    };
    const created = await ok(editor, "POST", "/api/goals", goal);
    await ok(editor, "DELETE", `/api/goals/${created["goal_id"] as string}`);
  });
  assert.deepEqual(
    goals.map((entry) => summary(entry, "target")),
    [
      [eve, "goal", "create", null, 1000],
      [eve, "goal", "delete", 1000, null],
    ],
  );

  const links = await logged(async () => {
    const link = await ok(editor, "POST", "/api/links", {
      url: "https://shop.example/a",
      network: "instagram",
      slug: "spring",
    });
    await ok(editor, "PATCH", `/api/links/${link["id"] as string}`, { url: "https://shop.example/b" });
    await ok(editor, "DELETE", `/api/links/${link["id"] as string}`);
  });
  assert.deepEqual(
    links.map((entry) => summary(entry, "destination")),
    [
      [eve, "link", "create", null, "https://shop.example/a"],
      [eve, "link", "update", "https://shop.example/a", "https://shop.example/b"],
      [eve, "link", "update", "https://shop.example/b", "https://shop.example/b"],
    ],
  );
  const archived = links[2]!;
  assert.deepEqual(
    [
      (archived.old_value as { archived_at: unknown }).archived_at === null,
      typeof (archived.new_value as { archived_at: unknown }).archived_at,
    ],
    [true, "string"],
    "archiving is recorded as the archive time set",
  );
});

test("adding a member, changing their role and removing them leave entries; a token is named by its label", async () => {
  const members = await logged(async () => {
    await ok(admin, "PUT", "/api/members", { email: emailOf("vic"), role: "editor" });
    const list = await ok(admin, "GET", "/api/members");
    const vic = (list["members"] as { user_id: string; email: string }[]).find(
      (m) => m.email === emailOf("vic"),
    );
    await ok(admin, "DELETE", `/api/members/${vic!.user_id}`);
    await ok(admin, "PUT", "/api/members", { email: emailOf("vic"), role: "viewer" });
  });
  assert.deepEqual(
    members.map((entry) => summary(entry, "role")),
    [
      [emailOf("ann"), "member", "update", "viewer", "editor"],
      [emailOf("ann"), "member", "delete", "editor", null],
      [emailOf("ann"), "member", "create", null, "viewer"],
    ],
  );

  const token = await createApiToken(store, a.id, { label: "ci export", scopes: ["write"] });
  const byToken = await logged(async () => {
    await ok({ authorization: `Bearer ${token}` }, "POST", "/api/costs", {
      date: "2026-08-02",
      category: "ads",
      amount: 5,
      currency: "EUR",
    });
  });
  assert.equal(byToken.length, 1);
  assert.equal(byToken[0]!.actor_kind, "token");
  assert.match(byToken[0]!.actor, /^ci export \(tok_\w+\)$/);
});

test("a change refused leaves no entry", async () => {
  const refused = await logged(async () => {
    const attempts: [Record<string, string>, string, string, unknown, number][] = [
      [
        editor,
        "POST",
        "/api/costs",
        { date: "2026-13-01", category: "tools", amount: 9, currency: "EUR" },
        400,
      ],
      [
        editor,
        "POST",
        "/api/costs",
        { date: "2026-08-01", category: "tools", amount: "lots", currency: "EUR" },
        400,
      ],
      [
        editor,
        "PUT",
        "/api/costs/cst_unknown",
        { date: "2026-08-01", category: "tools", amount: 1, currency: "EUR" },
        404,
      ],
      [editor, "DELETE", "/api/goals/goal_unknown", undefined, 404],
      [editor, "POST", "/api/value-rules", { outcome: "lead", currency: "EUR" }, 400],
      [editor, "POST", "/api/links", { url: "not a url" }, 400],
      [admin, "PUT", "/api/members", { email: emailOf("ann"), role: "viewer" }, 409],
      [admin, "PUT", "/api/members", { email: emailOf("nobody"), role: "viewer" }, 404],
      [await signedIn(base, emailOf("vic"), PASSWORD), "POST", "/api/goals", {}, 403],
    ];
    for (const [headers, method, path, body, status] of attempts) {
      const answer = await callApi(base, headers, method, `${path}?workspace=${a.id}`, body);
      assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
    }
  });
  assert.deepEqual(refused, []);
});

test("a workspace's log shows its own changes only, to its managers only, also as CSV", async () => {
  const other = await signedIn(base, emailOf("dora"), PASSWORD);
  const inB = await callApi(base, other, "POST", "/api/costs", {
    date: "2026-08-01",
    category: "content",
    description: "flour",
    amount: 3,
    currency: "USD",
  });
  assert.equal(inB.status, 201, inB.text);
  const ofB = await entries(other, b);
  // Newest first: the cost, then dora's membership, which the set-up made on this machine.
  assert.deepEqual(
    ofB.map((entry) => summary(entry, "description")),
    [
      [emailOf("dora"), "cost", "create", null, "flour"],
      ["local", "member", "create", null, undefined],
    ],
  );
  const ofA = await entries(admin, a);
  assert.ok(ofA.length > 0);
  assert.ok(!ofA.some((entry) => JSON.stringify(entry).includes("flour")), "B's cost is not in A's log");
  assert.equal((await callApi(base, other, "GET", `/api/audit?workspace=${a.id}`)).status, 404);
  assert.equal((await callApi(base, editor, "GET", `/api/audit?workspace=${a.id}`)).status, 403);

  const csv = await fetch(`${base}/api/audit.csv?workspace=${a.id}`, { headers: admin });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
  const lines = (await csv.text())
    .replace(/^\ufeff/, "")
    .trimEnd()
    .split("\r\n");
  assert.equal(lines[0], "occurred_at,actor_kind,actor,object_type,object_id,action,old_value,new_value");
  assert.equal(lines.length - 1, ofA.length, "one line per entry");
  // Oldest last: the set-up's memberships, then the first cost typed in.
  assert.match(
    lines.findLast((line) => line.includes(",cost,")) ?? "",
    /^\d{4}-\d\d-\d\dT[\d:]+Z,user,eve@audit\.example,cost,cst_\w+,create,,"\{""cost_id""/,
  );

  const empty = await callApi(
    base,
    admin,
    "GET",
    `/api/audit?workspace=${a.id}&from=2020-01-01&to=2020-01-31`,
  );
  assert.deepEqual((empty.json as { entries: unknown[] }).entries, []);
  const backwards = await callApi(
    base,
    admin,
    "GET",
    `/api/audit?workspace=${a.id}&from=2026-02-01&to=2026-01-01`,
  );
  assert.equal(backwards.status, 400, backwards.text);
});

test("settings changed by the command line are logged as cli, their secrets hidden", async () => {
  const settings = await logged(async () => {
    await actingAs({ kind: "cli" }, async () => {
      await saveSmtpSettings(store, a.id, {
        host: "smtp.example",
        port: 587,
        pass: "hunter2 secret",
        from: "r@a.example",
      });
      await saveBranding(store, a.id, { company: "Agency A ltd" });
      const schedule = await addSchedule(store, a, { frequency: "weekly", recipients: ["boss@a.example"] });
      await removeSchedule(store, a.id, schedule.schedule_id);
      await saveTemplate(store, a.id, { name: "board", sections: ["summary"], period: "last_month" });
      await saveTemplate(store, a.id, {
        name: "board",
        sections: ["summary", "costs"],
        period: "last_month",
      });
      await removeTemplate(store, a.id, "board");
    });
  });
  assert.deepEqual(
    settings.map((entry) => [entry.actor, entry.object_type, entry.action]),
    [
      ["cli", "smtp", "create"],
      ["cli", "branding", "update"],
      ["cli", "schedule", "create"],
      ["cli", "schedule", "delete"],
      ["cli", "report_template", "create"],
      ["cli", "report_template", "update"],
      ["cli", "report_template", "delete"],
    ],
  );
  assert.deepEqual((settings[5]!.new_value as { sections: string[] }).sections, ["summary", "costs"]);
  assert.equal((settings[0]!.new_value as { pass: string }).pass, "(hidden)");
  assert.ok(!JSON.stringify(settings).includes("hunter2"), "no secret reaches the log");
  assert.equal((settings[1]!.new_value as { company: string }).company, "Agency A ltd");
});

test("changing the workspace's settings and its short-link domains leave entries", async () => {
  const settings = await logged(async () => {
    await ok(admin, "PATCH", "/api/workspace", { name: "Agency A renamed" });
    await ok(admin, "POST", "/api/link-domains", { domain: "go.agency-a.example" });
    await ok(admin, "DELETE", "/api/link-domains/go.agency-a.example");
  });
  assert.deepEqual(
    settings.map((entry) => [entry.object_type, entry.action]),
    [
      ["workspace", "update"],
      ["link_domain", "create"],
      ["link_domain", "delete"],
    ],
  );
  assert.deepEqual(summary(settings[0]!, "name").slice(3), ["Agency A", "Agency A renamed"]);
  assert.equal(settings[1]!.object_id, "go.agency-a.example");
  await ok(admin, "PATCH", "/api/workspace", { name: "Agency A" });
});
