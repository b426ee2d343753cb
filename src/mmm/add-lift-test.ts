import type { LiftTestInput, StoredLiftTest } from "../api/mmm.js";
import { recordChange } from "../audit/record-change.js";
import { newId } from "../domain/ids.js";
import { anyRow, runQueryForOne } from "../store/query.js";
import type { Store } from "../store/store.js";
import { storedLiftTestQuery } from "./list-lift-tests.js";

/** A lift test of a network the workspace never spent on: no model of it has that channel. */
export class LiftTestChannelError extends Error {
  override name = "LiftTestChannelError";
}

/**
 * Keeps a lift test of the workspace: from then on every model of its KPI whose data cover the
 * test's window takes it in (GET /api/mmm, `socialroi mmm`, the report). The input is checked by
 * its schema (liftTestInputSchema); the channel must be a network with ad spend in the workspace.
 */
export async function addLiftTest(
  store: Store,
  workspaceId: string,
  input: LiftTestInput,
): Promise<StoredLiftTest> {
  const spent = await anyRow(
    store,
    "mmm/network-has-ad-spend",
    {
      duckdb: `SELECT 1 AS found FROM costs
        WHERE workspace_id = $ws AND network = $channel AND category = 'ads' LIMIT 1`,
    },
    { ws: workspaceId, channel: input.channel },
  );
  if (!spent) {
    throw new LiftTestChannelError(
      `the workspace has no ad spend on "${input.channel}": the model has no such channel for the test to calibrate`,
    );
  }
  const id = newId("lift");
  return store.transaction(async () => {
    await store.run(
      `INSERT INTO lift_tests (lift_test_id, workspace_id, channel, period_start, period_end, kpi, incremental, low, high, note)
       VALUES ($id, $ws, $channel, CAST($start AS DATE), CAST($end AS DATE), $kpi, $incremental, $low, $high, $note)`,
      {
        id,
        ws: workspaceId,
        channel: input.channel,
        start: input.start,
        end: input.end,
        kpi: input.kpi,
        incremental: input.incremental,
        low: input.low,
        high: input.high,
        note: input.note ?? null,
      },
    );
    const stored = await runQueryForOne(store, storedLiftTestQuery, { ws: workspaceId, id });
    await recordChange(store, {
      workspaceId,
      object: "lift_test",
      objectId: id,
      before: undefined,
      after: stored,
    });
    return stored;
  });
}
