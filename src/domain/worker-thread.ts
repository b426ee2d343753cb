import { Worker } from "node:worker_threads";

/**
 * The entry module of a worker thread, `name` beside the module `caller` (its `import.meta.url`).
 * Built, it is the sibling .js file. Run from the sources through tsx (the tests), it is the .ts
 * file, and tsx registers its loader in the main thread only (Node 20): the worker is started by a
 * module that registers it first.
 */
function workerUrl(caller: string, name: string): URL {
  const fromSource = caller.endsWith(".ts");
  const entry = new URL(`./${name}.${fromSource ? "ts" : "js"}`, caller);
  if (!fromSource) return entry;
  const boot = [
    `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))};`,
    "register();",
    `await import(${JSON.stringify(entry.href)});`,
  ].join("\n");
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

export interface WorkerLimits {
  /** The thread's own heap, capped. */
  memoryMb: number;
  /** Past this, the thread is stopped. */
  seconds: number;
}

/** Why a thread stopped without a result, in the caller's words. */
export interface WorkerStopReasons {
  deadline: string;
  error: (error: Error) => string;
  /** Said with the exit code after it. */
  exit: string;
}

/**
 * Runs the worker module `name` beside `caller` on `data`, with its heap capped and a deadline: the
 * message it posted, or why it stopped without one. Settled once the thread has stopped, so that
 * nothing it does outlives the call.
 */
export function runWorkerThread<T>(
  caller: string,
  name: string,
  data: unknown,
  limits: WorkerLimits,
  reasons: WorkerStopReasons,
): Promise<{ result: T } | { problem: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(workerUrl(caller, name), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    });
    let result: T | undefined;
    let problem: string | undefined;
    const deadline = setTimeout(() => {
      problem = reasons.deadline;
      void worker.terminate();
    }, limits.seconds * 1000);
    worker.once("message", (message: T) => {
      result = message;
    });
    worker.once("error", (error) => {
      problem ??= reasons.error(error);
    });
    worker.once("exit", (code) => {
      clearTimeout(deadline);
      resolve(result ? { result } : { problem: problem ?? `${reasons.exit} (exit code ${code})` });
    });
  });
}
