import { anyRow } from "../store/query.js";
import { quoteIdent } from "../store/sql-text.js";
import type { Params, Store } from "../store/store.js";

/**
 * A refund follows its sale (the same conversion id): one that says nothing of where it came
 * from (no network, campaign or post, as a refund line of a canonical file) takes its sale's, so
 * that ROI takes it off the revenue of the network, campaign and post the sale is counted in.
 * A refund that names its own keeps it: the file says so.
 */
const HAS_NO_SOURCE = (row: string) =>
  `${row}.network IS NULL AND ${row}.campaign IS NULL AND ${row}.post_id IS NULL`;

const TAKE_SALE_SOURCE = "network = s.network, campaign = s.campaign, post_id = s.post_id";

/**
 * Whether `rows` (a table and the start of its condition) hold a refund without a source. Most
 * imports have none: a look costs a scan, the alignment a hash of every sale of the workspace.
 */
async function hasRefundWithoutSource(store: Store, rows: string, params: Params): Promise<boolean> {
  return anyRow(
    store,
    "tracking/refund-without-source",
    { duckdb: `SELECT 1 AS found FROM ${rows} r.type = 'refund' AND ${HAS_NO_SOURCE("r")} LIMIT 1` },
    params,
  );
}

/**
 * Refunds of a checked copy of a file take their sale's source, from the same file or from the
 * workspace, before the copy is compared with what is stored: importing the file again then
 * finds the refunds unchanged.
 */
export async function stagedRefundsFollowSales(store: Store, typedTable: string, workspaceId: string) {
  const typed = quoteIdent(typedTable);
  if (!(await hasRefundWithoutSource(store, `${typed} r WHERE r.__keep AND`, {}))) return;
  await store.run(
    `UPDATE ${typed} AS r SET ${TAKE_SALE_SOURCE}
     FROM (
       SELECT conversion_id, network, campaign, post_id FROM ${typed} WHERE type = 'sale' AND __keep
       UNION ALL
       SELECT conversion_id, network, campaign, post_id FROM conversions
       WHERE workspace_id = $ws AND type = 'sale'
         AND conversion_id NOT IN (SELECT conversion_id FROM ${typed} WHERE type = 'sale' AND __keep)
     ) AS s
     WHERE r.type = 'refund' AND r.__keep AND s.conversion_id = r.conversion_id AND ${HAS_NO_SOURCE("r")}`,
    { ws: workspaceId },
  );
}

/**
 * Stored refunds without a source take their sale's, for a sale imported after its refund. False
 * when the workspace has no such refund, so that no stored row changed.
 */
export async function storedRefundsFollowSales(store: Store, workspaceId: string): Promise<boolean> {
  if (
    !(await hasRefundWithoutSource(store, "conversions r WHERE r.workspace_id = $ws AND", {
      ws: workspaceId,
    }))
  )
    return false;
  await store.run(
    `UPDATE conversions AS r SET ${TAKE_SALE_SOURCE}
     FROM conversions AS s
     WHERE r.workspace_id = $ws AND r.type = 'refund' AND ${HAS_NO_SOURCE("r")}
       AND s.workspace_id = $ws AND s.type = 'sale' AND s.conversion_id = r.conversion_id
       AND NOT (${HAS_NO_SOURCE("s")})`,
    { ws: workspaceId },
  );
  return true;
}
