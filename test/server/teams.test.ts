import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { GoalProgress, RoiReport } from "../../src/api/analytics.js";
import type { Branding } from "../../src/api/branding.js";
import { costInputSchema } from "../../src/api/costs.js";
import type { PortfolioRow } from "../../src/api/portfolio.js";
import { addMember } from "../../src/auth/memberships.js";
import { createUser } from "../../src/auth/users.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import { buildDemo } from "../../src/demo/build-demo.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { saveBranding } from "../../src/reports/branding.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";

/** Issue 18: the workspace a user chose is remembered, the portfolio shows theirs only, branding is served. */

const PASSWORD = "a long enough password";
let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let a: Workspace;
let b: Workspace;
let c: Workspace;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  a = await buildDemo(store);
  b = await createWorkspace(store, { name: "Bakery B", currency: "USD", timezone: "UTC", locale: "en" });
  c = await createWorkspace(store, { name: "Hidden C", currency: "EUR", timezone: "UTC", locale: "en" });
  await createCostEntry(
    store,
    b.id,
    costInputSchema.parse({ date: "2026-08-01", category: "tools", amount: 9, currency: "USD" }),
  );
  await createUser(store, { email: "owner@teams.example", password: PASSWORD });
  const agent = await createUser(store, { email: "agent@teams.example", password: PASSWORD });
  await addMember(store, a.id, agent!.user_id, "viewer");
  await addMember(store, b.id, agent!.user_id, "client");
  await saveBranding(store, b.id, { company: "Bakery & Sons", accentColor: "#aa3300" });
  app = await buildApp({ store, workspace: a });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
});

async function signIn(email: string): Promise<Record<string, string>> {
  const answer = await fetch(`${base}/api/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(answer.status, 200);
  const cookie = /sr_session=[^;]+/.exec(answer.headers.get("set-cookie") ?? "")![0];
  const { csrf_token } = (await answer.json()) as { csrf_token: string };
  return { cookie, "x-csrf-token": csrf_token };
}

async function json<T>(path: string, headers: Record<string, string>): Promise<T> {
  const answer = await fetch(`${base}${path}`, { headers });
  assert.equal(answer.status, 200, `${path}: ${await answer.clone().text()}`);
  return (await answer.json()) as T;
}

const choose = (headers: Record<string, string>, workspace: string) =>
  fetch(`${base}/api/me/workspace`, {
    method: "PUT",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ workspace }),
  });

test("the workspace a user switched to is where requests naming none act, on every session of theirs", async () => {
  const first = await signIn("agent@teams.example");
  assert.equal((await json<{ workspace: string }>("/api/me", first)).workspace, a.id);
  assert.equal((await json<Workspace>("/api/workspace", first)).id, a.id);

  const chosen = await choose(first, b.id);
  assert.equal(chosen.status, 200);
  const elsewhere = await signIn("agent@teams.example");
  assert.equal((await json<{ workspace: string }>("/api/me", elsewhere)).workspace, b.id);
  assert.equal((await json<Workspace>("/api/workspace", elsewhere)).id, b.id);
  assert.equal((await json<Workspace>(`/api/workspace?workspace=${a.id}`, elsewhere)).id, a.id);

  const notTheirs = await choose(first, c.id);
  assert.equal(notTheirs.status, 404);
  assert.equal(
    (await notTheirs.text()).replace(c.id, "ID"),
    (await (await choose(first, "ws_unknown")).text()).replace("ws_unknown", "ID"),
    "another workspace answers as an unknown one",
  );
  assert.equal((await json<Workspace>("/api/workspace", first)).id, b.id, "a refused choice changes nothing");
  const withoutCsrf = await choose({ cookie: first["cookie"]! }, a.id);
  assert.equal(withoutCsrf.status, 403);
  assert.equal((await choose(first, a.id)).status, 200);
});

test("the portfolio lists exactly the user's workspaces, with the figures their overviews show", async () => {
  const agent = await signIn("agent@teams.example");
  const period = "from=2026-08-01&to=2026-09-30";
  const { workspaces } = await json<{ workspaces: PortfolioRow[] }>(`/api/portfolio?${period}`, agent);
  assert.deepEqual(
    workspaces.map((row) => [row.id, row.role, row.from, row.to]),
    [
      [a.id, "viewer", "2026-08-01", "2026-09-30"],
      [b.id, "client", "2026-08-01", "2026-09-30"],
    ],
  );
  for (const row of workspaces) {
    const roi = await json<RoiReport>(`/api/roi?by=network&${period}&workspace=${row.id}`, agent);
    assert.deepEqual(
      [row.cost, row.revenue, row.total_roi],
      [roi.total.cost, roi.total.revenue, roi.total.total_roi],
    );
    const { goals } = await json<{ goals: GoalProgress[] }>(
      `/api/goals?at=2026-09-30&workspace=${row.id}`,
      agent,
    );
    const inPeriod = goals.filter(
      (goal) => goal.period_start <= "2026-09-30" && goal.period_end >= "2026-08-01",
    );
    assert.equal(row.goals.on_track, inPeriod.filter((goal) => goal.on_track === true).length);
    assert.equal(row.goals.off_track, inPeriod.filter((goal) => goal.on_track === false).length);
    assert.equal(row.goals.unknown, inPeriod.filter((goal) => goal.on_track === null).length);
  }
  assert.equal(workspaces[1]!.cost, 9);
  assert.ok(workspaces[0]!.cost > 0 && workspaces[0]!.goals.on_track + workspaces[0]!.goals.off_track > 0);

  const owner = await signIn("owner@teams.example");
  const all = await json<{ workspaces: PortfolioRow[] }>("/api/portfolio", owner);
  assert.deepEqual(
    all.workspaces.map((row) => row.name),
    [a.name, "Bakery B", "Hidden C"],
  );
  const tokenless = await fetch(`${base}/api/portfolio`);
  assert.equal(tokenless.status, 401);
});

test("a workspace's branding is served to its members, a client included", async () => {
  const agent = await signIn("agent@teams.example");
  const branded = await json<Branding>(`/api/branding?workspace=${b.id}`, agent);
  assert.deepEqual(
    [branded.branded, branded.company, branded.accent_color, branded.logo],
    [true, "Bakery & Sons", "#aa3300", null],
  );
  const plain = await json<Branding>(`/api/branding?workspace=${a.id}`, agent);
  assert.deepEqual([plain.branded, plain.company], [false, null]);
  const intoC = await fetch(`${base}/api/branding?workspace=${c.id}`, { headers: agent });
  assert.equal(intoC.status, 404);
});
