import LRU from "zrender/lib/core/LRU.js";

/**
 * zrender's LRU caches (text widths by text, colours, fonts) keep their entries in a plain object
 * keyed by the text itself, so a chart label such as `__proto__` or `constructor` finds
 * Object.prototype or the Object function there, and the cache then writes its list links
 * (`prev`, `next`) onto them: Object.prototype gains enumerable properties and every `for…in` of
 * the process (DuckDB's result reader among them) goes wrong. The caches get an object without a
 * prototype instead, through the one assignment every instance makes (`this._map = {}`, in the
 * constructor and in `clear`). This module must load before echarts creates its module-level
 * caches: chart-svg.ts imports it first, and the report tests render hostile labels to prove it.
 */
const map = Symbol("entries");

interface Patched {
  [map]: Record<string, unknown>;
}

Object.defineProperty(LRU.prototype, "_map", {
  get(this: Patched) {
    return this[map];
  },
  set(this: Patched, entries: Record<string, unknown>) {
    this[map] = Object.assign(Object.create(null), entries);
  },
});
