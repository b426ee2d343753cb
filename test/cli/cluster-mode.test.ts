/**
 * The command line in the cluster mode gives what it gives on the embedded database: the same
 * files imported into both, then the same ROI, attribution and links, field for field.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { forEachClusterBackend } from "../store/cluster-backends.js";
import { runCli } from "./run-cli.js";

const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
const xExports = fileURLToPath(new URL("../../../shared/data/x-analytics-ropensci/", import.meta.url));

/** Runs one command, failing the test with its error when it fails; its output parsed when JSON. */
function run(args: string[], env: NodeJS.ProcessEnv): unknown {
  const result = runCli(args, undefined, env);
  assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}`);
  return args.includes("--json") ? JSON.parse(result.stdout) : result.stdout;
}

/** What the commands print, with what differs by nature between two databases (new ids, times) left out. */
async function figures(db: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const files = [
    ...(await readdir(examples))
      .filter((name) => /\.(csv|jsonl)$/.test(name))
      .map((name) => join(examples, name)),
    ...(await readdir(xExports))
      .sort()
      .slice(0, 3)
      .map((name) => join(xExports, name)),
  ];
  run(["init", "--currency", "EUR", "--name", "Acme", "--timezone", "Europe/Brussels", "--db", db], env);
  run(["import", ...files, "--db", db], env);
  run(
    [
      "link",
      "create",
      "--url",
      "https://shop.example/a?x=1",
      "--slug",
      "spring",
      "--network",
      "facebook",
      "--db",
      db,
    ],
    env,
  );
  const period = ["--from", "2026-03-01", "--to", "2026-03-31", "--db", db, "--json"];
  const { links } = run(["link", "list", "--db", db, "--json"], env) as { links: Record<string, unknown>[] };
  return {
    roi: run(["roi", ...period], env),
    roiByMonth: run(
      ["roi", "--by", "month", "--from", "2026-01-01", "--to", "2026-06-30", "--db", db, "--json"],
      env,
    ),
    roiByPost: run(["roi", "--by", "post", ...period], env),
    attribution: run(["attribution", ...period], env),
    links: links.map(({ id: _id, created_at: _created, ...link }) => link),
  };
}

forEachClusterBackend(
  "the same files give the same roi, attribution and links in the embedded and the cluster mode",
  async ({ postgresUrl, clickhouseUrl }) => {
    const dir = await mkdtemp(join(tmpdir(), "socialroi-modes-"));
    try {
      const { SOCIALROI_POSTGRES_URL: _pg, SOCIALROI_CLICKHOUSE_URL: _ch, ...embedded } = process.env;
      const cluster = {
        ...embedded,
        SOCIALROI_POSTGRES_URL: postgresUrl,
        SOCIALROI_CLICKHOUSE_URL: clickhouseUrl,
      };
      run(["migrate"], cluster);
      const inEmbedded = await figures(join(dir, "embedded.duckdb"), embedded);
      const inCluster = await figures(join(dir, "cluster.duckdb"), cluster);
      assert.ok((inEmbedded.roi as { rows: unknown[] }).rows.length > 0, "the files give ROI rows");
      assert.deepEqual(inCluster, inEmbedded);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  { overHttpOnly: true },
);
