import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { visitWithHost } from "../server/visit-with-host.js";
import { cliDatabase, runCli, runCliAsync, startServe } from "./run-cli.js";

const { db, ok } = cliDatabase("agency.duckdb");

const createWorkspace = (name: string) =>
  (JSON.parse(ok(["workspace", "create", "--name", name, "--json"])) as { id: string }).id;

test("workspace set-domain gives a workspace its domain, which its short URLs use, and refuses another's", () => {
  const bakery = createWorkspace("Bakery");
  const florist = createWorkspace("Florist");
  const set = JSON.parse(
    ok(["workspace", "set-domain", "--workspace", bakery, "--domain", "Links.Bakery.example", "--json"]),
  ) as { workspace_id: string; domains: { domain: string }[] };
  assert.deepEqual([set.workspace_id, set.domains.map((d) => d.domain)], [bakery, ["links.bakery.example"]]);

  const taken = runCli([
    "workspace",
    "set-domain",
    "--workspace",
    florist,
    "--domain",
    "links.bakery.example",
    "--db",
    db,
  ]);
  assert.equal(taken.status, 1);
  assert.match(taken.stderr, /links\.bakery\.example is the short-link domain of another workspace/);
  const invalid = runCli(["workspace", "set-domain", "--workspace", florist, "--domain", "a b", "--db", db]);
  assert.equal(invalid.status, 1);
  assert.match(invalid.stderr, /a host name such as links\.bakery\.example/);

  const link = JSON.parse(
    ok([
      "link",
      "create",
      "--workspace",
      bakery,
      "--url",
      "https://bakery.example/",
      "--slug",
      "spring",
      "--json",
    ]),
  ) as { short_url: string };
  assert.equal(link.short_url, "http://links.bakery.example/l/spring");
  const elsewhere = JSON.parse(
    ok(["link", "create", "--workspace", florist, "--url", "https://florist.example/", "--json"]),
  ) as { short_url: string };
  assert.match(elsewhere.short_url, /^http:\/\/localhost:3000\/l\//, "no domain: the base URL");
});

test("a domain set through the running serve opens its links there at once", async () => {
  const florist = (JSON.parse(ok(["workspace", "list", "--json"])) as { id: string; name: string }[]).find(
    (w) => w.name === "Florist",
  )!.id;
  const { server, url } = await startServe(db);
  try {
    const through = (args: string[]) => runCliAsync([...args, "--db", db]);
    const created = await through([
      "link",
      "create",
      "--workspace",
      florist,
      "--url",
      "https://florist.example/roses",
      "--slug",
      "roses",
    ]);
    assert.equal(created.status, 0, created.stderr);
    // Not yet the florist's domain: the served workspace (the bakery) has no such link.
    assert.equal((await visitWithHost(url, "/l/roses", "links.florist.example")).status, 404);
    const set = await through([
      "workspace",
      "set-domain",
      "--workspace",
      florist,
      "--domain",
      "links.florist.example",
    ]);
    assert.equal(set.status, 0, set.stderr);
    const visit = await visitWithHost(url, "/l/roses", "links.florist.example");
    assert.deepEqual([visit.status, visit.location?.split("?")[0]], [302, "https://florist.example/roses"]);
    assert.equal((await visitWithHost(url, "/l/spring", "links.bakery.example")).status, 302);
  } finally {
    server.kill("SIGTERM");
    await once(server, "exit");
  }
});
