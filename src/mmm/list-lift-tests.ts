import { liftTestSchema, type StoredLiftTest } from "../api/mmm.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { applicableLiftTests, type LiftTest } from "./lift-tests.js";
import type { MmmSeries } from "./series.js";

/** The columns of a lift test as the API names them. */
export const LIFT_TEST_COLUMNS = `lift_test_id, channel, strftime(period_start, '%Y-%m-%d') AS start,
  strftime(period_end, '%Y-%m-%d') AS "end", kpi, incremental, low, high, note,
  strftime(timezone('UTC', created_at), '%Y-%m-%dT%H:%M:%SZ') AS created_at`;

/** Parameters: $ws, $kpi (null: every KPI's). */
const liftTestsQuery = defineQuery("mmm/list-lift-tests", liftTestSchema, {
  duckdb: `SELECT ${LIFT_TEST_COLUMNS} FROM lift_tests
    WHERE workspace_id = $ws AND ($kpi IS NULL OR kpi = $kpi)
    ORDER BY lift_tests.created_at, lift_test_id`,
});

/** One lift test of the workspace. Parameters: $ws, $id. */
export const storedLiftTestQuery = defineQuery("mmm/lift-test", liftTestSchema, {
  duckdb: `SELECT ${LIFT_TEST_COLUMNS} FROM lift_tests WHERE workspace_id = $ws AND lift_test_id = $id`,
});

/** The workspace's lift tests, the oldest first; only those of `kpi` when given. */
export function listLiftTests(store: Store, workspaceId: string, kpi?: string): Promise<StoredLiftTest[]> {
  return runQuery(store, liftTestsQuery, { ws: workspaceId, kpi: kpi ?? null });
}

/** The workspace's tests of `kpi` as the model takes them in. */
export async function liftTestsOfKpi(store: Store, workspaceId: string, kpi: string): Promise<LiftTest[]> {
  return (await listLiftTests(store, workspaceId, kpi)).map(
    ({ lift_test_id, kpi: _kpi, note: _note, created_at: _createdAt, ...measured }) => ({
      id: lift_test_id,
      ...measured,
    }),
  );
}

/** The workspace's tests of `kpi` that a model of `series` takes in (applicableLiftTests): what every door fits with. */
export async function liftTestsForSeries(
  store: Store,
  workspaceId: string,
  kpi: string,
  series: MmmSeries,
): Promise<LiftTest[]> {
  return applicableLiftTests(series, await liftTestsOfKpi(store, workspaceId, kpi));
}
