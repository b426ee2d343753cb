// The entry point of the thread that runMmmJob (run-in-worker.ts) starts for each fit or plan,
// hardened first as the main thread is.
import "../harden-process.js";
import { parentPort, workerData } from "node:worker_threads";
import { type MmmJob, runMmmJobHere } from "./run-in-worker.js";

parentPort?.postMessage(runMmmJobHere(workerData as MmmJob));
