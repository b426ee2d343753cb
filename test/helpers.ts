import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type { ErrorBody, Issue } from "../src/api/errors.js";
import type { Workspace, WorkspaceInput } from "../src/domain/workspace.js";
import { importFile } from "../src/ingest/import-file.js";
import { DuckDbStore } from "../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../src/store/workspaces.js";
import { createApiToken } from "../src/tracking/api-tokens.js";
import type { TrackingDeps } from "../src/tracking/record-conversion.js";
import { WriteQueue } from "../src/tracking/write-queue.js";

export interface TestWorkspace {
  store: DuckDbStore;
  workspace: Workspace;
  dir: string;
  /** Writes a file into the test's folder and imports it. */
  load(name: string, content: string): ReturnType<typeof importFile>;
  file(name: string, content: string): string;
  close(): Promise<void>;
}

export async function testWorkspace(settings: Partial<WorkspaceInput> = {}): Promise<TestWorkspace> {
  const store = await DuckDbStore.open(":memory:");
  const workspace = await createWorkspace(store, {
    name: "Test",
    currency: "EUR",
    timezone: "UTC",
    locale: "en",
    ...settings,
  });
  const dir = mkdtempSync(join(tmpdir(), "socialroi-test-"));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  return {
    store,
    workspace,
    dir,
    file,
    load: (name, content) => importFile(store, workspace, { path: file(name, content) }),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const COST_HEADER = "date,end_date,category,amount,currency,network,campaign,description,recurrence";
export const CONVERSION_HEADER =
  "conversion_id,occurred_at,type,value,currency,network,campaign,customer_id,click_id";
export const POST_HEADER =
  "post_id,network,published_at,type,text,campaign,impressions,reach,engagements,likes,comments,shares,link_clicks";

export function near(actual: number | null | undefined, expected: number, tolerance = 1e-9): boolean {
  return (
    actual !== null &&
    actual !== undefined &&
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected))
  );
}

/** `app.inject` with a fresh workspace token, as the dashboard and API clients call the server. */
export async function authorizedInject(
  app: FastifyInstance,
  store: DuckDbStore,
  workspaceId: string,
): Promise<(options: InjectOptions | string) => Promise<LightMyRequestResponse>> {
  const authorization = `Bearer ${await createApiToken(store, workspaceId)}`;
  return (options) => {
    const base = typeof options === "string" ? { url: options } : options;
    return app.inject({ ...base, headers: { ...base.headers, authorization } });
  };
}

/** What recording a conversion needs, without a server: no click awaits storing. */
export function trackingDeps(store: DuckDbStore, workspaceId: string): TrackingDeps {
  return { store, queue: new WriteQueue(), clicks: { unsavedClick: () => undefined }, workspaceId };
}

/** The fields a refusal names, from its body (`{ error: { code, message, details: { issues } } }`). */
export function refusedFields(body: unknown): Issue[] {
  return (body as ErrorBody).error.details?.issues ?? [];
}
