import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { CLI, type CliResult, runCli, runCliAsync } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "socialroi-serving-"));
const SERVED = join(dir, "served.duckdb");
/** A copy no server holds: what each command prints when it runs on its own. */
const ALONE = join(dir, "alone.duckdb");
const EXAMPLES = fileURLToPath(new URL("../../examples", import.meta.url));
let server: ChildProcess | undefined;
let serverUrl = "";

function credentialFile(): string {
  return `${realpathSync(SERVED)}.admin`;
}

async function startServe(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--db", db], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (chunk) => {
    output += String(chunk);
  });
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url) return { child, url };
  }
  throw new Error(`serve exited before listening: ${output}`);
}

async function stopServe(): Promise<void> {
  if (!server || server.exitCode !== null) return;
  server.kill("SIGTERM");
  await once(server, "exit");
}

before(async () => {
  assert.equal(runCli(["demo", "--db", SERVED]).status, 0);
  copyFileSync(SERVED, ALONE);
  ({ child: server, url: serverUrl } = await startServe(SERVED));
});

after(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGKILL");
    await once(server, "exit");
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command on the served database (through the server) and on the copy (directly): both print the same. */
async function assertSameAsAlone(args: string[], cwd?: string): Promise<CliResult> {
  const [served, alone] = await Promise.all([
    runCliAsync([...args, "--db", SERVED], { cwd }),
    runCliAsync([...args, "--db", ALONE], { cwd }),
  ]);
  assert.deepEqual(served, alone, `socialroi ${args.join(" ")}`);
  return served;
}

test("while serve holds the database, commands run through it and print what they print on their own", async () => {
  const imported = await assertSameAsAlone(["import", "currency_rates.csv", "posts.csv"], EXAMPLES);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /posts\.csv: posts, 4 rows read\n {2}posts: 4 new/);

  // After the import: the figures of both databases take it in.
  for (const args of [
    ["link", "list"],
    ["link", "list", "--json"],
    ["roi", "--by", "network", "--json"],
  ]) {
    const result = await assertSameAsAlone(args);
    assert.equal(result.status, 0, result.stderr);
  }
});

test("a failing command gives the same message and exit code through the server", async () => {
  writeFileSync(
    join(dir, "bad-costs.csv"),
    "date,end_date,category,amount,currency,network,campaign,description,recurrence\n2026-03-01,,ads,lots,EUR,,,,\n",
  );
  for (const args of [
    ["import", "bad-costs.csv"],
    ["import", "missing.csv"],
    ["roi", "--from", "2026-02-30"],
  ]) {
    const result = await assertSameAsAlone(args, dir);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^socialroi: /);
  }
});

test("a command that opens the database itself says it cannot while serve holds it", async () => {
  const result = await runCliAsync(["demo", "--db", SERVED]);
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /socialroi demo needs the database .*served\.duckdb to itself, and socialroi serve \(PID \d+\) holds it: stop that server first/,
  );
});

test("a setting a command changes is the dashboard's at once", async () => {
  const created = await runCliAsync(["token", "create", "--json", "--db", SERVED]);
  assert.equal(created.status, 0, created.stderr);
  const { token } = JSON.parse(created.stdout) as { token: string };
  const renamed = await runCliAsync(["init", "--name", "Renamed while served", "--db", SERVED]);
  assert.equal(renamed.status, 0, renamed.stderr);
  const response = await fetch(`${serverUrl}/api/workspace`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(((await response.json()) as { name: string }).name, "Renamed while served");
});

test("a change the server makes with no caller is this machine's; one a command makes through it, the command line's", async () => {
  // The dashboard opened on this machine, before any account exists, gets a token made for it.
  const minted = await fetch(`${serverUrl}/api/session`, {
    method: "POST",
    headers: { origin: serverUrl, "sec-fetch-site": "same-origin" },
  });
  assert.equal(minted.status, 200, await minted.clone().text());
  const { token } = (await minted.json()) as { token: string };
  const made = await runCliAsync(["token", "create", "--label", "made by a command", "--db", SERVED]);
  assert.equal(made.status, 0, made.stderr);
  const log = await fetch(`${serverUrl}/api/audit`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(log.status, 200);
  const { entries } = (await log.json()) as {
    entries: {
      actor_kind: string;
      object_type: string;
      action: string;
      new_value: { label?: string } | null;
    }[];
  };
  const madeFor = (label: string) =>
    entries
      .filter(
        (entry) =>
          entry.object_type === "token" && entry.action === "create" && entry.new_value?.label === label,
      )
      .map((entry) => entry.actor_kind);
  assert.deepEqual(madeFor("dashboard on this machine"), ["local"]);
  assert.deepEqual(madeFor("made by a command"), ["cli"]);
});

test("the credential file is the owner's only, and the channel answers its token only", async () => {
  const file = credentialFile();
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const { pid, port, token } = JSON.parse(readFileSync(file, "utf8")) as {
    pid: number;
    port: number;
    token: string;
  };
  assert.equal(pid, server!.pid);
  const body = JSON.stringify({
    argv: ["workspace", "list", "--json", "--db", SERVED],
    cwd: dir,
    env: {},
    terminals: { stdout: { isTTY: false }, stderr: { isTTY: false } },
  });
  for (const authorization of [`Bearer ${token.slice(1)}x`, token, ""]) {
    const refused = await fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      headers: { authorization },
      body,
    });
    assert.equal(refused.status, 401);
  }
  const answered = await fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body,
  });
  assert.equal(answered.status, 200);
  assert.match(Buffer.from(await answered.arrayBuffer()).toString("utf8"), /"served": true/);
});

test("serve removes its credential file when it stops; a file left by a process that is gone is ignored", async () => {
  const file = credentialFile();
  await stopServe();
  assert.equal(existsSync(file), false);

  const dead = spawn(process.execPath, ["-e", ""]);
  await once(dead, "exit");
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  // A dead process, and a live one (this test) that no longer listens where the file says: its id was reused.
  for (const pid of [dead.pid, process.pid]) {
    writeFileSync(file, JSON.stringify({ pid, port: closedPort, token: "stale" }), { mode: 0o600 });
    const result = await assertSameAsAlone(["link", "list", "--json"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(existsSync(file), false);
  }
});
