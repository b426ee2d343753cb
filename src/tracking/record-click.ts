import { z } from "zod";
import { newId } from "../domain/ids.js";
import type { Store } from "../store/store.js";
import { ClickLog, type ClickLogWriter, NO_CLICK_LOG } from "./click-log.js";
import { UserAgentDescriber } from "./describe-user-agents.js";
import { VisitorHasher } from "./visitor-hash.js";
import { WriteQueue } from "./write-queue.js";

/** Repeated clicks of one visitor on one link within this window count once. */
export const DEDUPE_WINDOW_MS = 60 * 60 * 1000;

export interface Visit {
  workspaceId: string;
  linkId: string;
  ip: string;
  userAgent: string;
  referrer: string | undefined;
  country: string | undefined;
}

/** A click as written to the log: the IP address is already reduced to the visitor hash. */
const clickRecordSchema = z.object({
  click_id: z.string(),
  workspace_id: z.string(),
  link_id: z.string(),
  occurred_at: z.string(),
  visitor_hash: z.string(),
  user_agent: z.string(),
  referrer_domain: z.string().nullable(),
  country: z.string().nullable(),
});
export type ClickRecord = z.infer<typeof clickRecordSchema>;

export interface ClickRecorderOptions {
  /** Flush when this many clicks wait… */
  batchSize?: number;
  /** …or this often. */
  intervalMs?: number;
}

function referrerDomain(referrer: string | undefined): string | null {
  if (!referrer) return null;
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(referrer)?.[1]?.toLowerCase() ?? null;
}

function countryCode(header: string | undefined): string | null {
  const code = header?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) && code !== "XX" ? code : null;
}

const DESCRIBED_COLUMNS =
  '[{"click_id":"VARCHAR","workspace_id":"VARCHAR","link_id":"VARCHAR","occurred_at":"VARCHAR","visitor_hash":"VARCHAR","device":"VARCHAR","browser":"VARCHAR","os":"VARCHAR","referrer_domain":"VARCHAR","country":"VARCHAR"}]';

/** Replaying a log twice, or a batch that was stored just before a crash, inserts nothing twice. */
async function insertClicks(
  store: Store,
  describer: UserAgentDescriber,
  records: readonly ClickRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const devices = await describer.describe(records.map((r) => r.user_agent));
  const rows = records.map(({ user_agent, ...record }) => ({ ...record, ...devices.get(user_agent) }));
  await store.run(
    `INSERT OR IGNORE INTO clicks (click_id, workspace_id, link_id, occurred_at, visitor_hash, device, browser, os,
       referrer_domain, country)
     SELECT r.click_id, r.workspace_id, r.link_id, CAST(r.occurred_at AS TIMESTAMPTZ), r.visitor_hash, r.device, r.browser,
       r.os, r.referrer_domain, r.country
     FROM (SELECT unnest(from_json($rows, '${DESCRIBED_COLUMNS}')) AS r)`,
    { rows: JSON.stringify(rows) },
  );
}

/** Stores what an earlier run logged but did not commit, then opens the log beside the database. */
async function replayClickLog(
  store: Store,
  describer: UserAgentDescriber,
  queue: WriteQueue,
): Promise<ClickLog> {
  const path = `${store.location}.clicks.wal`;
  const leftovers = ClickLog.readLeftovers(path);
  const records = leftovers.records.flatMap((r) => {
    const parsed = clickRecordSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
  await queue.run(() => insertClicks(store, describer, records));
  ClickLog.remove(leftovers.files);
  return new ClickLog(path);
}

/**
 * Records clicks without waiting for the database (Plausible-style buffer): each click goes to the
 * write-ahead log before the redirect is answered, then to the database in batches.
 */
export class ClickRecorder {
  /** Clicks logged but not yet committed to the database, by click id. */
  private readonly unsaved = new Map<string, ClickRecord>();
  /** The click id a visitor got for a link, by `visitor hash|link id`, in the order they were made. */
  private readonly recent = new Map<string, { clickId: string; expiresAt: number }>();
  /** Sealed log segments whose clicks are not committed yet. */
  private segments: string[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private queuedFlush: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly batchSize: number;

  private constructor(
    private readonly store: Store,
    private readonly queue: WriteQueue,
    private readonly log: ClickLogWriter,
    private readonly hasher: VisitorHasher,
    private readonly describer: UserAgentDescriber,
    options: ClickRecorderOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Replays what an earlier run logged but did not commit, then starts logging. */
  static async open(
    store: Store,
    queue: WriteQueue,
    options: ClickRecorderOptions = {},
  ): Promise<ClickRecorder> {
    const describer = new UserAgentDescriber();
    const log = store.location === ":memory:" ? NO_CLICK_LOG : await replayClickLog(store, describer, queue);
    const hasher = await queue.run(() => VisitorHasher.load(store));
    const recorder = new ClickRecorder(store, queue, log, hasher, describer, options);
    await recorder.rememberRecentVisitors();
    return recorder;
  }

  private async rememberRecentVisitors(): Promise<void> {
    const rows = await this.store.all<{ key: string; click_id: string; at: number }>(
      `SELECT visitor_hash || '|' || link_id AS key, click_id, epoch_ms(occurred_at) AS at FROM clicks
       WHERE occurred_at > now() - INTERVAL 1 HOUR AND visitor_hash IS NOT NULL ORDER BY occurred_at`,
    );
    for (const row of rows)
      this.recent.set(row.key, { clickId: row.click_id, expiresAt: row.at + DEDUPE_WINDOW_MS });
  }

  /**
   * Logs a click and returns its id; a visitor clicking the same link again within the window gets
   * the id of their first click and nothing is recorded.
   */
  record(visit: Visit, now = Date.now()): string {
    const visitorHash = this.hasher.hash(visit.ip, visit.userAgent, now);
    const key = `${visitorHash}|${visit.linkId}`;
    const seen = this.recent.get(key);
    if (seen && seen.expiresAt > now) return seen.clickId;
    const record: ClickRecord = {
      click_id: newId("clk"),
      workspace_id: visit.workspaceId,
      link_id: visit.linkId,
      occurred_at: new Date(now).toISOString(),
      visitor_hash: visitorHash,
      user_agent: visit.userAgent,
      referrer_domain: referrerDomain(visit.referrer),
      country: countryCode(visit.country),
    };
    this.log.append(record);
    this.unsaved.set(record.click_id, record);
    // Deleting first moves the key to the end, keeping `recent` ordered by expiry.
    this.recent.delete(key);
    this.recent.set(key, { clickId: record.click_id, expiresAt: now + DEDUPE_WINDOW_MS });
    if (this.unsaved.size >= this.batchSize) void this.flush().catch(() => undefined);
    return record.click_id;
  }

  /** A click not yet in the database (a conversion may name it moments after the redirect). */
  unsavedClick(clickId: string): ClickRecord | undefined {
    return this.unsaved.get(clickId);
  }

  /**
   * Commits the logged clicks. Flushes run one at a time; calls made while one runs share the
   * single flush queued after it, so a burst of clicks cannot pile up flushes.
   */
  flush(): Promise<void> {
    if (this.queuedFlush) return this.queuedFlush;
    const queued = this.flushing
      .catch(() => undefined)
      .then(() => {
        this.queuedFlush = undefined;
        return this.flushNow();
      });
    this.queuedFlush = queued;
    this.flushing = queued;
    return queued;
  }

  private async flushNow(): Promise<void> {
    this.forgetExpiredVisitors(Date.now());
    const segment = this.log.seal();
    if (segment) this.segments.push(segment);
    const batch = [...this.unsaved.values()];
    await this.queue.run(async () => {
      await this.hasher.save(this.store);
      await insertClicks(this.store, this.describer, batch);
    });
    for (const record of batch) this.unsaved.delete(record.click_id);
    ClickLog.remove(this.segments);
    this.segments = [];
  }

  private forgetExpiredVisitors(now: number): void {
    for (const [key, entry] of this.recent) {
      if (entry.expiresAt > now) break;
      this.recent.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.log.close();
    await this.describer.close();
  }
}

/** Stores clicks a server logged but could not commit (it was killed), for reading the database without one. */
export async function replayUncommittedClicks(store: Store): Promise<void> {
  const recorder = await ClickRecorder.open(store, new WriteQueue());
  await recorder.close();
}
