import assert from "node:assert/strict";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { CONVERSION_HEADER, COST_HEADER } from "../helpers.js";
import { cliDatabase, runCli, runCliAsync, startServe } from "./run-cli.js";

const { dir, db, ok } = cliDatabase("agency.duckdb");

function createWorkspace(name: string): string {
  return (JSON.parse(ok(["workspace", "create", "--name", name, "--json"])) as { id: string }).id;
}

/** A month of Facebook ads and one sale: each workspace gets its own amounts. */
function importInto(workspace: string, cost: number, sale: number): void {
  const costs = join(dir, `costs-${workspace}.csv`);
  writeFileSync(costs, `${COST_HEADER}\n2026-03-01,2026-03-31,ads,${cost},EUR,facebook,spring,,\n`);
  const sales = join(dir, `sales-${workspace}.csv`);
  writeFileSync(
    sales,
    `${CONVERSION_HEADER}\no-${workspace},2026-03-05T10:00:00Z,sale,${sale},EUR,facebook,spring,c1,\n`,
  );
  ok(["import", costs, sales, "--workspace", workspace]);
}

interface Totals {
  cost: number;
  revenue: number;
}

function totals(stdout: string): Totals {
  const { total } = JSON.parse(stdout) as { total: Totals };
  return { cost: total.cost, revenue: total.revenue };
}

const ROI = ["roi", "--from", "2026-03-01", "--to", "2026-03-31", "--json"];
let bakery = "";
let florist = "";

before(() => {
  bakery = createWorkspace("Bakery");
  florist = createWorkspace("Florist");
  importInto(bakery, 300, 900);
  importInto(florist, 50, 80);
});

test("roi --workspace gives each workspace its own figures; without it, the one served", () => {
  assert.deepEqual(totals(ok([...ROI, "--workspace", bakery])), { cost: 300, revenue: 900 });
  assert.deepEqual(totals(ok([...ROI, "--workspace", florist])), { cost: 50, revenue: 80 });
  assert.deepEqual(totals(ok(ROI)), { cost: 300, revenue: 900 }, "the first workspace is the one served");
  ok(["workspace", "use", florist]);
  assert.deepEqual(totals(ok(ROI)), { cost: 50, revenue: 80 });
  ok(["workspace", "use", bakery]);
});

test("an unknown workspace id is refused, by a data command and by one that writes", () => {
  for (const args of [ROI, ["costs"], ["link", "create", "--url", "https://example.com"]]) {
    const refused = runCli([...args, "--workspace", "ws_nope", "--db", db]);
    assert.equal(refused.status, 1, args.join(" "));
    assert.match(refused.stderr, /No workspace has the id ws_nope \(socialroi workspace list\)/);
  }
  const attribution = runCli([
    "attribution",
    "--from",
    "2026-03-01",
    "--to",
    "2026-03-31",
    "--workspace",
    "ws_nope",
    "--db",
    db,
  ]);
  assert.equal(attribution.status, 1);
  assert.match(attribution.stderr, /^socialroi attribution: No workspace has the id ws_nope/);
});

test("a command forwarded to the running serve keeps its --workspace", async () => {
  const { server } = await startServe(db);
  try {
    const [florists, refused] = await Promise.all([
      runCliAsync([...ROI, "--workspace", florist, "--db", db]),
      runCliAsync([...ROI, "--workspace", "ws_nope", "--db", db]),
    ]);
    assert.equal(florists.status, 0, florists.stderr);
    assert.deepEqual(totals(florists.stdout), { cost: 50, revenue: 80 });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /No workspace has the id ws_nope/);
  } finally {
    server.kill("SIGTERM");
    await once(server, "exit");
  }
});
