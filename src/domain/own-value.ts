/**
 * `table[key]` for a key that comes from data (a network, an outcome, an indicator): a plain object
 * answers `constructor`, `toString` or `__proto__` with what it inherits from Object.prototype
 * (a function, the prototype itself) where the caller means "no entry".
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
