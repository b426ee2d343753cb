import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { cliDatabase, runCli } from "./run-cli.js";

const { dir, db, ok } = cliDatabase("agency.duckdb");
const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const COSTS = join(EXAMPLES, "costs.csv");

test("workspace export writes the zip; workspace delete needs the name typed, and not the served workspace", async () => {
  ok(["init", "--name", "Agency"]);
  const { id } = JSON.parse(ok(["workspace", "create", "--name", "Bakery", "--json"])) as { id: string };
  ok(["import", join(EXAMPLES, "currency_rates.csv"), "--workspace", id]);
  ok(["import", COSTS, "--workspace", id]);

  const zip = join(dir, "bakery.zip");
  assert.match(ok(["workspace", "export", "--workspace", id, "--out", zip]), /Wrote "Bakery" \(ws_\w+\) to /);
  const files = await JSZip.loadAsync(readFileSync(zip));
  const costs = await files.file("costs.csv")!.async("string");
  assert.equal(
    costs.trimEnd().split("\r\n").length,
    readFileSync(COSTS, "utf8").trimEnd().split("\n").length,
  );

  const refusals: [string[], RegExp][] = [
    [
      ["--workspace", id, "--confirm", "bakery"],
      /type the workspace's name, "Bakery", to delete it; nothing was deleted/,
    ],
    [["--confirm", "Bakery"], /required option '--workspace <id>'/],
  ];
  const served = (JSON.parse(ok(["workspace", "list", "--json"])) as { id: string; served: boolean }[]).find(
    (w) => w.served,
  )!;
  refusals.push([
    ["--workspace", served.id, "--confirm", "Agency"],
    /"Agency" is the workspace served: serve another first/,
  ]);
  for (const [args, message] of refusals) {
    const result = runCli(["workspace", "delete", ...args, "--db", db]);
    assert.equal(result.status, 1, args.join(" "));
    assert.match(result.stderr, message);
  }
  assert.match(
    ok(["workspace", "delete", "--workspace", id, "--confirm", "Bakery"]),
    /Deleted "Bakery" \(ws_\w+\) and all its data/,
  );
  const left = JSON.parse(ok(["workspace", "list", "--json"])) as { name: string }[];
  assert.deepEqual(
    left.map((w) => w.name),
    ["Agency"],
  );
});
