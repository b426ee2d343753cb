/**
 * The entry module of a worker thread, `name` beside the module `caller` (its `import.meta.url`).
 * Built, it is the sibling .js file. Run from the sources through tsx (the tests), it is the .ts
 * file, and tsx registers its loader in the main thread only (Node 20): the worker is started by a
 * module that registers it first.
 */
export function workerUrl(caller: string, name: string): URL {
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
