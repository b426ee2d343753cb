import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { type Secrets, StoreUnavailableError } from "./store.js";

/**
 * Secrets (webhook signing secrets, the visitor-hash salt) kept beside the database, in
 * `<database>.secrets` (mode 0600), never in it: DuckDB leaves what it deletes in its file, in
 * freed and partly reused blocks that neither CHECKPOINT, a rewrite of the table nor overwriting the
 * value first clears (test/store/secrets.test.ts greps for them), and a salt must be unreadable once
 * its day is over. Each change writes a new file, renames it over the old one and then overwrites
 * the old one's bytes, so a deleted secret is left in no file. An in-memory database keeps its
 * secrets in memory.
 */
export class SecretFile implements Secrets {
  private constructor(
    private readonly path: string | undefined,
    private readonly entries: Map<string, string>,
  ) {}

  static open(path: string | undefined): SecretFile {
    if (!path) return new SecretFile(undefined, new Map());
    // Left by a write that was interrupted before its rename: the file itself is still whole.
    rmSync(temporary(path), { force: true });
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return new SecretFile(path, new Map());
      throw new StoreUnavailableError(`Cannot read the secrets file ${path}: ${(error as Error).message}`);
    }
    try {
      return new SecretFile(path, new Map(JSON.parse(text) as [string, string][]));
    } catch (error) {
      throw new StoreUnavailableError(
        `The secrets file ${path} is damaged (${(error as Error).message}): restore it from a backup, or ` +
          "delete it and set the webhook secrets again (socialroi token webhook-secret)",
      );
    }
  }

  get(name: string): string | undefined {
    return this.entries.get(name);
  }

  names(prefix: string): string[] {
    return [...this.entries.keys()].filter((name) => name.startsWith(prefix));
  }

  /** Sets each entry to its value, or deletes it (undefined), then rewrites the file once. */
  update(changes: Iterable<[string, string | undefined]>): void {
    for (const [name, value] of changes) {
      if (value === undefined) this.entries.delete(name);
      else this.entries.set(name, value);
    }
    if (this.path) write(this.path, JSON.stringify([...this.entries]));
  }

  /** One process owns the file: what it holds is what is kept. */
  claim(name: string, value: string): Promise<string> {
    const kept = this.entries.get(name);
    if (kept !== undefined) return Promise.resolve(kept);
    this.update([[name, value]]);
    return Promise.resolve(value);
  }
}

function temporary(path: string): string {
  return `${path}.tmp`;
}

function write(path: string, content: string): void {
  const next = temporary(path);
  try {
    const fd = openSync(next, "w", 0o600);
    try {
      // The mode given to open is narrowed by the umask, never widened; fchmod makes it exact.
      fchmodSync(fd, 0o600);
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    let previous: number | undefined;
    try {
      previous = openSync(path, "r+");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    renameSync(next, path);
    if (previous !== undefined) {
      // Renamed away, the old file's blocks would be freed with the secrets still in them.
      try {
        const { size } = fstatSync(previous);
        writeSync(previous, Buffer.alloc(size), 0, size, 0);
        fsyncSync(previous);
      } finally {
        closeSync(previous);
      }
    }
  } catch (error) {
    throw new StoreUnavailableError(`Cannot write the secrets file ${path}: ${(error as Error).message}`);
  }
}

/** A day's visitor-hash salt's entry (tracking/visitor-hash.ts). */
export function saltName(day: string): string {
  return `${SALT_PREFIX}${day}`;
}

export const SALT_PREFIX = "salt:";

/** A workspace's webhook secret's entry (tracking/webhook-secrets.ts). */
export function webhookSecretName(workspaceId: string, provider: string): string {
  return `webhook:${workspaceId}:${provider}`;
}
