// The entry point of the thread that readInWorker (spreadsheet.ts) starts for each workbook, hardened
// first as the main thread is: a parser writing a hostile key into a plain object cannot reach the
// prototypes the rest of this thread relies on.
import "../harden-process.js";
import { parentPort, workerData } from "node:worker_threads";
import { type WorkbookJob, writeWorkbookCsv } from "./workbook-csv.js";

parentPort?.postMessage(await writeWorkbookCsv(workerData as WorkbookJob));
