import { closeSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface ClickLogWriter {
  append(record: object): void;
  seal(): string | undefined;
  close(): void;
}

/** For an in-memory database, where nothing survives the process anyway. */
export const NO_CLICK_LOG: ClickLogWriter = { append() {}, seal: () => undefined, close() {} };

/**
 * The clicks' write-ahead log: one JSON line per click, appended (O_APPEND) before the redirect
 * is answered. A write that returned is in the kernel's page cache and survives the process being
 * killed; fsync would only add protection against power loss, at a cost on every click.
 * Flushing seals the file into a numbered segment and starts a fresh one, so clicks that arrive
 * while a batch is being written to the database are never in the batch's file.
 */
export class ClickLog implements ClickLogWriter {
  private fd: number;
  private written = false;
  private sealed = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "a");
  }

  append(record: object): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    this.written = true;
  }

  /** Moves what was appended so far into a segment file and returns its path (undefined when nothing was). */
  seal(): string | undefined {
    if (!this.written) return undefined;
    closeSync(this.fd);
    const segment = `${this.path}.${Date.now()}-${++this.sealed}`;
    renameSync(this.path, segment);
    this.fd = openSync(this.path, "a");
    this.written = false;
    return segment;
  }

  /** Closes the file, deleting it when everything appended has been sealed away. */
  close(): void {
    closeSync(this.fd);
    if (!this.written) unlinkSync(this.path);
  }

  /** Every record left by earlier runs (active file and segments), and the files that held them. */
  static readLeftovers(path: string): { records: unknown[]; files: string[] } {
    const prefix = basename(path);
    const files = readdirSync(dirname(path))
      .filter(
        (name) =>
          name === prefix ||
          (name.startsWith(`${prefix}.`) && /^\d+-\d+$/.test(name.slice(prefix.length + 1))),
      )
      .map((name) => join(dirname(path), name));
    const records: unknown[] = [];
    for (const file of files) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (line === "") continue;
        try {
          records.push(JSON.parse(line));
        } catch {
          // A line cut short by a crash in the middle of a write: its redirect was never answered.
        }
      }
    }
    return { records, files };
  }

  static remove(files: readonly string[]): void {
    for (const file of files) unlinkSync(file);
  }
}
