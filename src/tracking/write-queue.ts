/**
 * Runs database writes one after another. The server has one DuckDB connection: a transaction
 * opened by one request must not take in statements of another, and read-then-write checks
 * (idempotency keys, a customer's first click) must not interleave.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
