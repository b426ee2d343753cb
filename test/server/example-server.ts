import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importFile } from "../../src/ingest/import-file.js";
import { startServer, type TestServer } from "../tracking/helpers.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

/** Rates first: the costs and sales in other currencies need them. */
const EXAMPLE_FILES = [
  "currency_rates.csv",
  "costs.csv",
  "posts.csv",
  "account_days.csv",
  "conversions.csv",
  "touchpoints.csv",
  "traffic.csv",
  "value_rules.csv",
  "goals.csv",
];

/** A real server on a loopback port whose workspace holds every example file. */
export async function exampleServer(): Promise<TestServer> {
  const server = await startServer();
  for (const file of EXAMPLE_FILES)
    await importFile(server.store, server.workspace, { path: join(EXAMPLES, file) });
  return server;
}

/** The reads that every figure goes through, each as its status and body. */
export async function readAll(server: TestServer): Promise<Record<string, { status: number; body: string }>> {
  const reads: Record<string, { status: number; body: string }> = {};
  for (const path of [
    "/api/roi",
    "/api/roi?by=campaign",
    "/api/goals?at=2026-04-15",
    "/api/attribution",
    "/api/report?format=csv",
  ]) {
    const response = await server.api(path);
    reads[path] = { status: response.status, body: await response.text() };
  }
  return reads;
}
