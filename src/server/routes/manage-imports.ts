import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ApiFailure } from "../../api/errors.js";
import { MAX_UPLOAD_BYTES, uploadQuerySchema } from "../../api/imports.js";
import { ImportError } from "../../ingest/import-error.js";
import { importFile } from "../../ingest/import-file.js";
import { listImportRuns } from "../../ingest/import-runs.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";

/** The importer names the file in its messages and detects spreadsheets by extension: keep a safe basename. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]/gu, "_").replace(/^\.+/, "");
  return cleaned === "" ? "upload.csv" : cleaned;
}

function sizeLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(
        seen > max
          ? new ApiFailure("payload_too_large", `The file is larger than ${max / 1024 / 1024} MB`)
          : null,
        chunk,
      );
    },
  });
}

/**
 * `POST /api/imports?filename=NAME[&format=NAME]` with the file as the raw body (what a browser's
 * `fetch(url, {body: file})` sends). The answer is the import report, or 400 with every problem found (in the error's details).
 */
export const manageImportRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/imports", ACCESS.read, async ({ workspace }) => ({
    imports: await listImportRuns(store, workspace.id),
  }));

  // Its own context, so the raw-body parser applies to this route only.
  await app.register(async (upload) => {
    upload.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    upload.post("/api/imports", ACCESS.write, async (request) => {
      const query = parseQuery(uploadQuerySchema, request.query);
      const dir = await store.scratchFolder();
      try {
        const path = join(dir, safeFileName(query.filename));
        await pipeline(request.body as Readable, sizeLimit(MAX_UPLOAD_BYTES), createWriteStream(path));
        const format = query.format && query.format !== "auto" ? query.format : undefined;
        return await importFile(store, request.workspace, { path, ...(format ? { format } : {}) });
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        // Thrown rather than sent, so that the answer goes out once the upload is removed.
        throw new ApiFailure("bad_request", `Nothing was imported from ${error.file}`, {
          file: error.file,
          problems: error.problems,
          total_problems: error.totalProblems,
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
};
