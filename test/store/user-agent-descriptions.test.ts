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

forEachBackend("user agents described after their clicks, once, without changing a click", async (store) => {
  const workspace = await createWorkspace(store, {
    name: "Agents",
    currency: "EUR",
    timezone: "UTC",
    locale: "en",
  });
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
