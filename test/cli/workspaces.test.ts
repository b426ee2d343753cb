import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "socialroi-workspaces-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const DEMO = "Demo: eBook launch";

function cli(args: string[]): string {
  const result = runCli(args);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

function served(db: string): string {
  const list = JSON.parse(cli(["workspace", "list", "--db", db, "--json"])) as {
    name: string;
    served: boolean;
  }[];
  return list.filter((w) => w.served).map((w) => w.name)[0]!;
}

test("demo on a database in use keeps serving its workspace, says so, and `workspace use` switches both ways", () => {
  const db = join(dir, "shop.duckdb");
  cli(["init", "--name", "Acme shop", "--db", db]);
  const demo = cli(["demo", "--db", db]);
  assert.match(
    demo,
    /The workspace served is still "Acme shop" \(ws_\w+\); socialroi workspace use ws_\w+ serves the demo/,
  );
  assert.equal(served(db), "Acme shop");
  assert.doesNotMatch(cli(["roi", "--db", db]), /facebook/i, "the shop's figures, not the demo's");

  assert.match(
    cli(["workspace", "use", DEMO, "--db", db]),
    /The workspace served is now "Demo: eBook launch"/,
  );
  assert.equal(served(db), DEMO);
  const [shop] = (
    JSON.parse(cli(["workspace", "list", "--db", db, "--json"])) as { id: string; name: string }[]
  ).filter((w) => w.name === "Acme shop");
  cli(["workspace", "use", shop!.id, "--db", db]);
  assert.equal(served(db), "Acme shop", "back by id");

  const unknown = runCli(["workspace", "use", "Nope", "--db", db]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /No workspace is named or has the id "Nope": the workspaces are "Acme shop"/);
});

test("demo --use serves the demo; on a new database the demo is served anyway", () => {
  const db = join(dir, "used.duckdb");
  cli(["init", "--name", "Acme shop", "--db", db]);
  assert.match(cli(["demo", "--use", "--db", db]), /is the one served/);
  assert.equal(served(db), DEMO);

  const fresh = join(dir, "fresh.duckdb");
  const created = JSON.parse(cli(["demo", "--db", fresh, "--json"])) as {
    id: string;
    served: { id: string };
  };
  assert.equal(created.served.id, created.id);
});

test("workspace create adds a workspace, and only it on a new database; the one served stays", () => {
  const db = join(dir, "agency.duckdb");
  const created = JSON.parse(
    cli(["workspace", "create", "--name", "Client A", "--currency", "usd", "--db", db, "--json"]),
  ) as { id: string; name: string; currency: string };
  assert.match(created.id, /^ws_\w+$/);
  assert.deepEqual([created.name, created.currency], ["Client A", "USD"]);
  assert.match(
    cli(["workspace", "create", "--name", "Client B", "--db", db]),
    /Created "Client B" \(ws_\w+\)/,
  );
  const list = JSON.parse(cli(["workspace", "list", "--db", db, "--json"])) as {
    id: string;
    served: boolean;
  }[];
  assert.deepEqual(
    list.map((w) => [w.id === created.id, w.served]),
    [
      [true, true],
      [false, false],
    ],
  );
  const refused = runCli(["workspace", "create", "--name", "Bad", "--currency", "EURO", "--db", db]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /currency: an ISO 4217 currency code/);
});
