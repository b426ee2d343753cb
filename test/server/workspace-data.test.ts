import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import JSZip from "jszip";
import { costInputSchema } from "../../src/api/costs.js";
import { addMember } from "../../src/auth/memberships.js";
import { createUser } from "../../src/auth/users.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace, findWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { callApi, signedIn } from "./signed-in.js";

/** Issue 18, data rights over HTTP: managers export a workspace; only its owners delete it, by its name. */

const PASSWORD = "a long enough password";
const emailOf = (who: string) => `${who}@data.example`;

let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let served: Workspace;
let client: Workspace;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  served = await createWorkspace(store, { name: "Agency", currency: "EUR", timezone: "UTC", locale: "en" });
  client = await createWorkspace(store, { name: "Bakery", currency: "EUR", timezone: "UTC", locale: "en" });
  await createCostEntry(
    store,
    client.id,
    costInputSchema.parse({
      date: "2026-08-01",
      category: "tools",
      amount: 9,
      currency: "EUR",
      description: "ovens",
    }),
  );
  await createUser(store, { email: emailOf("instance"), password: PASSWORD });
  for (const role of ["owner", "admin"] as const) {
    const user = await createUser(store, { email: emailOf(role), password: PASSWORD });
    await addMember(store, client.id, user!.user_id, role);
    await addMember(store, served.id, user!.user_id, role);
  }
  app = await buildApp({ store, workspace: served });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
});

test("a manager exports the workspace as a zip of CSV files", async () => {
  const admin = await signedIn(base, emailOf("admin"), PASSWORD);
  const answer = await fetch(`${base}/api/workspace/export?workspace=${client.id}`, { headers: admin });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get("content-type"), "application/zip");
  const zip = await JSZip.loadAsync(Buffer.from(await answer.arrayBuffer()));
  const costs = await zip.file("costs.csv")!.async("string");
  assert.match(
    costs,
    /^date,end_date,category,amount,currency,network,campaign,description,recurrence\r\n2026-08-01,,tools,9\.0,EUR,,,ovens,\r\n$/,
  );
});

test("only an owner deletes a workspace, typing its name; the served one stays", async () => {
  const at = `?workspace=${client.id}`;
  const admin = await signedIn(base, emailOf("admin"), PASSWORD);
  const owner = await signedIn(base, emailOf("owner"), PASSWORD);
  const token = await createApiToken(store, client.id, { scopes: ["manage"] });
  const refusals: [Record<string, string>, string, unknown, number, RegExp][] = [
    [admin, at, { confirm: "Bakery" }, 403, /own access/],
    [{ authorization: `Bearer ${token}` }, "", { confirm: "Bakery" }, 403, /own access/],
    [owner, at, { confirm: "bakery" }, 400, /the workspace's name, \\"Bakery\\"/],
    [owner, at, {}, 400, /confirm/],
    [owner, `?workspace=${served.id}`, { confirm: "Agency" }, 409, /serves this workspace/],
  ];
  for (const [headers, query, body, status, message] of refusals) {
    const answer = await callApi(base, headers, "DELETE", `/api/workspace${query}`, body);
    assert.equal(answer.status, status, answer.text);
    assert.match(answer.text, message);
  }
  assert.ok(await findWorkspace(store, client.id), "nothing refused deleted anything");

  const deleted = await callApi(base, owner, "DELETE", `/api/workspace${at}`, { confirm: "Bakery" });
  assert.deepEqual([deleted.status, deleted.json], [200, { deleted: client.id }]);
  assert.equal(await findWorkspace(store, client.id), undefined);
  assert.equal((await callApi(base, owner, "GET", `/api/workspace${at}`)).status, 404);
  assert.ok(await findWorkspace(store, served.id));
});
