import { closeSync, fchmodSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Called once the record is in the log, or with the error that kept it out. */
export type Logged = (error?: Error) => void;

/**
 * The clicks' write-ahead log: one JSON line per click, appended (O_APPEND) before the redirect
 * is answered. A write that returned is in the kernel's page cache and survives the process being
 * killed; fsync would only add protection against power loss, at a cost on every click.
 * The records of one turn of the event loop go out in one write (group commit): under load a
 * write per click cost more than the rest of the redirect, and a reply waits at most for the end
 * of its turn.
 * Flushing seals the file into a numbered segment and starts a fresh one, so clicks that arrive
 * while a batch is being written to the database are never in the batch's file.
 */
export class ClickLog {
  private fd: number;
  private written = false;
  private sealed = 0;
  private pendingLines = "";
  private pendingLogged: Logged[] = [];

  constructor(readonly path: string) {
    this.fd = openLog(path);
  }

  /** Appends one line (newline included) of JSON. */
  append(line: string, logged: Logged): void {
    if (this.pendingLogged.length === 0) setImmediate(() => this.writePending());
    this.pendingLines += line;
    this.pendingLogged.push(logged);
  }

  private writePending(): void {
    const lines = this.pendingLines;
    const waiting = this.pendingLogged;
    if (waiting.length === 0) return;
    this.pendingLines = "";
    this.pendingLogged = [];
    let failure: Error | undefined;
    try {
      writeSync(this.fd, lines);
      this.written = true;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    for (const logged of waiting) logged(failure);
  }

  /** Moves what was appended so far into a segment file and returns its path (undefined when nothing was). */
  seal(): string | undefined {
    this.writePending();
    if (!this.written) return undefined;
    closeSync(this.fd);
    const segment = `${this.path}.${Date.now()}-${++this.sealed}`;
    renameSync(this.path, segment);
    this.fd = openLog(this.path);
    this.written = false;
    return segment;
  }

  /** Closes the file, deleting it when everything appended has been sealed away. */
  close(): void {
    this.writePending();
    closeSync(this.fd);
    if (!this.written) unlinkSync(this.path);
  }

  /** The files earlier runs left: the active file and sealed segments. */
  static leftovers(path: string): string[] {
    const prefix = basename(path);
    return readdirSync(dirname(path))
      .filter(
        (name) =>
          name === prefix ||
          (name.startsWith(`${prefix}.`) && /^\d+-\d+$/.test(name.slice(prefix.length + 1))),
      )
      .map((name) => join(dirname(path), name));
  }

  static remove(files: readonly string[]): void {
    for (const file of files) unlinkSync(file);
  }
}

/** Owner-only whatever the umask: the log holds visitor hashes and user agents until they are stored. */
function openLog(path: string): number {
  const fd = openSync(path, "a", 0o600);
  fchmodSync(fd, 0o600);
  return fd;
}
