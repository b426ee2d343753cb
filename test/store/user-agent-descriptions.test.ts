/**
 * User agents described after their clicks were stored: the descriptions are rows of their own
 * (`user_agents`), added as clicks are, and no stored click is ever changed — in the cluster mode
 * changing clicks loaded and compared every click of the table. On every backend: the agents left
 * waiting are found, described once per workspace, and erased with their workspace.
 */
import assert from "node:assert/strict";
import type { Store } from "../../src/store/store.js";
import { deleteWorkspace } from "../../src/store/workspace-data.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { ClickRecorder } from "../../src/tracking/record-click.js";
import { WriteQueue } from "../../src/tracking/write-queue.js";
import { clickWithEachAgent, newAgents } from "../tracking/helpers.js";
import { forEachBackend } from "./backends.js";

/** More new agents than a flush describes (250 a second): the rest wait for a later pass. */
const AGENTS = 320;

async function recordClicks(store: Store, workspaceId: string, agents: number): Promise<void> {
  // No timed flush: the recorder stores the clicks when it closes.
  const recorder = await ClickRecorder.open(store, new WriteQueue(), { intervalMs: 60_000 });
  await clickWithEachAgent(recorder, { workspaceId, linkId: "lnk_1" }, newAgents(agents));
  await recorder.close();
}

/** A run of the server, stopped at once: its first pass describes what an earlier run left waiting. */
async function runOnce(store: Store): Promise<void> {
  await (await ClickRecorder.open(store, new WriteQueue())).close();
}

async function counts(store: Store, workspaceId: string) {
  const [row] = await store.all<Record<string, number | bigint>>(
    `SELECT count(*) AS clicks, count(c.device) AS described_when_stored, count(c.user_agent) AS with_agent,
       count(coalesce(c.device, u.device)) AS described,
       (SELECT count(*) FROM user_agents WHERE workspace_id = $ws) AS descriptions
     FROM clicks AS c
     LEFT JOIN (SELECT DISTINCT workspace_id, agent, device FROM user_agents WHERE workspace_id = $ws) AS u
       ON u.workspace_id = c.workspace_id AND u.agent = c.user_agent
     WHERE c.workspace_id = $ws`,
    { ws: workspaceId },
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([name, value]) => [name, Number(value)]));
}

const workspaceNamed = (store: Store, name: string) =>
  createWorkspace(store, { name, currency: "EUR", timezone: "UTC", locale: "en" });

forEachBackend("user agents described after their clicks, once, without changing a click", async (store) => {
  const workspace = await workspaceNamed(store, "Agents");
  await recordClicks(store, workspace.id, AGENTS);
  const waiting = AGENTS - 250;
  assert.deepEqual(await counts(store, workspace.id), {
    clicks: AGENTS,
    described_when_stored: 250,
    with_agent: waiting,
    described: 250,
    descriptions: 0,
  });
  await runOnce(store);
  const described = {
    clicks: AGENTS,
    described_when_stored: 250,
    with_agent: waiting,
    described: AGENTS,
    descriptions: waiting,
  };
  assert.deepEqual(await counts(store, workspace.id), described);
  // Nothing is left waiting: another run describes nothing twice.
  await runOnce(store);
  assert.deepEqual(await counts(store, workspace.id), described);
  await deleteWorkspace(store, workspace.id);
  assert.deepEqual(await counts(store, workspace.id), {
    clicks: 0,
    described_when_stored: 0,
    with_agent: 0,
    described: 0,
    descriptions: 0,
  });
});

forEachBackend("waiting clicks beyond one reading are read on from where the last stopped", async (store) => {
  const workspace = await workspaceNamed(store, "Reading on");
  const link = { workspaceId: workspace.id, linkId: "lnk_1" };
  const [repeated, last] = ["Repeated/1.0", "Last/1.0"];
  const recorder = await ClickRecorder.open(store, new WriteQueue(), { intervalMs: 60_000 });
  // First stored: 250 agents that take the budget, then more clicks of one agent than one reading
  // takes (one insert: in the cluster mode one version, whose clicks are read in click-id order).
  await clickWithEachAgent(recorder, link, newAgents(250));
  await clickWithEachAgent(
    recorder,
    link,
    Array.from({ length: 15_050 }, () => repeated),
    (click) => `198.51.${click >> 8}.${click & 255}`,
  );
  await recorder.flush();
  // Stored after them, with the budget spent: new agents, and last of all one more.
  await clickWithEachAgent(recorder, link, [...newAgents(510).slice(250), last]);
  await recorder.close();
  const next = await ClickRecorder.open(store, new WriteQueue(), { intervalMs: 60_000 });
  // A pass a second: the first reads 15,000 clicks of the repeated agent and describes it; the
  // next ones read on past them and describe the later agents, 250 a pass.
  for (let pass = 0; pass < 3; pass++) {
    if (pass > 0) await new Promise((resolve) => setTimeout(resolve, 1100));
    await next.flush();
  }
  await next.close();
  const rows = await store.all<{ agent: string; n: number | bigint }>(
    "SELECT agent, count(*) AS n FROM user_agents WHERE workspace_id = $ws AND agent IN ($repeated, $last) GROUP BY agent ORDER BY agent",
    { ws: workspace.id, repeated, last },
  );
  assert.deepEqual(
    rows.map((row) => [row.agent, Number(row.n)]),
    [
      [last, 1],
      [repeated, 1],
    ],
  );
});
