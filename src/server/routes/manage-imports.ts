import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { ImportError } from "../../ingest/import-error.js";
import { importFile } from "../../ingest/import-file.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";

const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

const uploadQuerySchema = z.object({
  filename: z.string().min(1).max(255),
  format: z.string().max(100).optional(),
});

/** The importer names the file in its messages and detects spreadsheets by extension: keep a safe basename. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]/gu, "_").replace(/^\.+/, "");
  return cleaned === "" ? "upload.csv" : cleaned;
}

class UploadTooLarge extends Error {
  statusCode = 413;
}

function sizeLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > max ? new UploadTooLarge(`The file is larger than ${max / 1024 / 1024} MB`) : null, chunk);
    },
  });
}

/**
 * `POST /api/imports?filename=NAME[&format=NAME]` with the file as the raw body (what a browser's
 * `fetch(url, {body: file})` sends). The answer is the import report, or 400 with every problem found.
 */
export const manageImportRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/imports", TOKEN, async () => ({
    imports: await context.store.all(
      `SELECT import_id, regexp_extract(file, '[^/\\\\]+$') AS file, format, rows_read, inserted, updated, unchanged,
         strftime(imported_at, '%Y-%m-%dT%H:%M:%SZ') AS imported_at
       FROM import_runs WHERE workspace_id = $ws ORDER BY imported_at DESC LIMIT 50`,
      { ws: context.workspace.id },
    ),
  }));

  // Its own context, so the raw-body parser applies to this route only.
  await app.register(async (upload) => {
    upload.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    upload.post("/api/imports", TOKEN, async (request, reply) => {
      const query = parseQuery(uploadQuerySchema, request.query, reply);
      if (!query) return reply;
      const dir = await context.store.scratchFolder();
      try {
        const path = join(dir, safeFileName(query.filename));
        await pipeline(request.body as Readable, sizeLimit(MAX_UPLOAD_BYTES), createWriteStream(path));
        const format = query.format && query.format !== "auto" ? query.format : undefined;
        return await importFile(context.store, context.workspace, { path, ...(format ? { format } : {}) });
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        // Returned rather than sent, so that the answer goes out once the upload is removed.
        reply.status(400);
        return {
          error: `Nothing was imported from ${error.file}`,
          file: error.file,
          problems: error.problems,
          total_problems: error.totalProblems,
        };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
};
