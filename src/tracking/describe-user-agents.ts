import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface DeviceDescription {
  device: string;
  browser: string | null;
  os: string | null;
}

/** What a click keeps when its user agent could not be parsed. */
const UNDESCRIBED: DeviceDescription = { device: "unknown", browser: null, os: null };

/** Distinct user agents remembered; real traffic repeats a few thousand of them. */
const CACHE_SIZE = 10_000;

// ua-parser-js spends a few hundred microseconds per user agent: that runs in a worker, so the
// redirects answered meanwhile do not wait for it. The worker is plain CommonJS (eval) so it runs
// the same from src under tsx and from dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { UAParser } = require(workerData.parser);
parentPort.on("message", ({ id, agents }) => {
  const described = agents.map((agent) => {
    const parser = new UAParser(agent);
    return { device: parser.getDevice().type || "desktop", browser: parser.getBrowser().name || null, os: parser.getOS().name || null };
  });
  parentPort.postMessage({ id, described });
});`;

/** Device type, browser and operating system of user agents, parsed off the main thread. */
export class UserAgentDescriber {
  private readonly cache = new Map<string, DeviceDescription>();
  private readonly waiting = new Map<number, (described: DeviceDescription[]) => void>();
  private readonly worker: Worker;
  private nextId = 0;
  private failed = false;

  constructor() {
    const parser = createRequire(import.meta.url).resolve("ua-parser-js");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { parser } });
    this.worker.on("message", ({ id, described }: { id: number; described: DeviceDescription[] }) => {
      this.waiting.get(id)?.(described);
      this.waiting.delete(id);
      if (this.waiting.size === 0) this.worker.unref();
    });
    // An idle worker must not keep the process alive.
    this.worker.unref();
    // Clicks matter more than their device: without the parser they are stored undescribed. A
    // worker that stopped (error or exit) answers nothing more, so nobody may wait for it.
    const stopped = () => {
      this.failed = true;
      for (const resolve of this.waiting.values()) resolve([]);
      this.waiting.clear();
    };
    this.worker.on("error", stopped);
    this.worker.on("exit", stopped);
  }

  /** A description already at hand, without parsing. */
  known(agent: string): DeviceDescription | undefined {
    return this.cache.get(agent);
  }

  async describe(agents: Iterable<string>): Promise<Map<string, DeviceDescription>> {
    const unique = [...new Set(agents)];
    const unknown = unique.filter((agent) => !this.cache.has(agent));
    if (unknown.length > 0 && this.failed) {
      for (const agent of unknown) this.remember(agent, UNDESCRIBED);
    } else if (unknown.length > 0) {
      const id = this.nextId++;
      const described = await new Promise<DeviceDescription[]>((resolve) => {
        this.waiting.set(id, resolve);
        // Referenced while it works, so a last flush at shutdown is not cut short.
        this.worker.ref();
        this.worker.postMessage({ id, agents: unknown });
      });
      for (const [i, agent] of unknown.entries()) this.remember(agent, described[i] ?? UNDESCRIBED);
    }
    return new Map(unique.map((agent) => [agent, this.cache.get(agent)!]));
  }

  private remember(agent: string, description: DeviceDescription): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(agent, description);
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
