import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { newId } from "../domain/ids.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { ClickLog } from "./click-log.js";
import { type DeviceDescription, UserAgentDescriber } from "./describe-user-agents.js";
import { RateLimiter } from "./rate-limit.js";
import { VisitorHasher } from "./visitor-hash.js";
import { WriteQueue } from "./write-queue.js";

/** Repeated clicks of one visitor on one link within this window count once. */
const DEDUPE_WINDOW_MS = 60 * 60 * 1000;
/** Visitors remembered for de-duplication at most (~150 bytes each): a flood cannot exhaust memory, its oldest visitors are forgotten early. */
const MAX_RECENT_VISITORS = 500_000;

export interface Visit {
  workspaceId: string;
  linkId: string;
  ip: string;
  userAgent: string;
  referrer: string | undefined;
  country: string | undefined;
}

/** A click as written to the log: the IP address is already reduced to the visitor hash. */
export interface ClickRecord {
  click_id: string;
  workspace_id: string;
  link_id: string;
  occurred_at: string;
  visitor_hash: string;
  user_agent: string;
  referrer_domain: string | null;
  country: string | null;
}

/** How DuckDB reads the log's lines: the columns of `ClickRecord`. */
const LOGGED_COLUMNS =
  "{click_id: 'VARCHAR', workspace_id: 'VARCHAR', link_id: 'VARCHAR', occurred_at: 'TIMESTAMPTZ', visitor_hash: 'VARCHAR', user_agent: 'VARCHAR', referrer_domain: 'VARCHAR', country: 'VARCHAR'}";

export interface ClickRecorderOptions {
  /** Flush when this many clicks wait… */
  batchSize?: number;
  /** …or this often. */
  intervalMs?: number;
}

let isoTimeOf = Number.NaN;
let isoTime = "";

/** The time as ISO text; clicks come many to the millisecond under load, so the last one is reused. */
function isoTimeAt(ms: number): string {
  if (ms !== isoTimeOf) {
    isoTimeOf = ms;
    isoTime = new Date(ms).toISOString();
  }
  return isoTime;
}

function referrerDomain(referrer: string | undefined): string | null {
  if (!referrer) return null;
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(referrer)?.[1]?.toLowerCase() ?? null;
}

function countryCode(header: string | undefined): string | null {
  const code = header?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) && code !== "XX" ? code : null;
}

/**
 * New user agents parsed per second at most (ua-parser-js takes ~0.1 ms each). A flood of agents
 * never seen before waits its turn in the database instead of taking the CPU from redirects.
 */
const DESCRIPTIONS_PER_SECOND = 250;

/**
 * Stores the clicks of log files: DuckDB reads them itself, so a batch costs the server's main
 * thread nothing. User agents already described get their device, browser and OS; the others
 * keep the agent until `describeWaitingClicks`. Replayed files are checked against the stored
 * clicks: a log replayed twice, or a batch stored just before a crash, inserts nothing twice; a
 * line cut short by a crash in the middle of a write (its redirect was never answered) is skipped.
 */
async function insertLoggedClicks(
  store: Store,
  files: readonly string[],
  known: ReadonlyMap<string, DeviceDescription>,
  origin: "new" | "replayed",
): Promise<void> {
  if (files.length === 0) return;
  // Leftover files are not trusted to hold each click once.
  const [distinct, notStoredYet] =
    origin === "replayed"
      ? ["DISTINCT ON (l.click_id)", "AND NOT EXISTS (SELECT 1 FROM clicks c WHERE c.click_id = l.click_id)"]
      : ["", ""];
  await store.run(
    `INSERT INTO clicks (click_id, workspace_id, link_id, occurred_at, visitor_hash, device, browser, os,
       referrer_domain, country, user_agent)
     SELECT ${distinct} l.click_id, l.workspace_id, l.link_id, l.occurred_at, l.visitor_hash, d.device, d.browser, d.os,
       l.referrer_domain, l.country, CASE WHEN d.agent IS NULL THEN l.user_agent END
     FROM read_json($files, format = 'newline_delimited', ignore_errors = true,
       columns = ${LOGGED_COLUMNS}) AS l
     LEFT JOIN (SELECT k.agent, k.device, k.browser, k.os
                FROM (SELECT unnest(from_json($known, '[{"agent":"VARCHAR","device":"VARCHAR","browser":"VARCHAR","os":"VARCHAR"}]')) AS k)) AS d
       ON d.agent = l.user_agent
     WHERE l.click_id IS NOT NULL AND l.workspace_id IS NOT NULL AND l.link_id IS NOT NULL
       AND l.occurred_at IS NOT NULL ${notStoredYet}`,
    { files, known: JSON.stringify([...known].map(([agent, description]) => ({ agent, ...description }))) },
  );
}

/** Parameters: $rows, how many at most. */
const clicksAwaitingDescription = defineQuery(
  "tracking/clicks-awaiting-description",
  z.object({ row: z.number(), user_agent: z.string() }),
  { duckdb: "SELECT rowid AS row, user_agent FROM clicks WHERE user_agent IS NOT NULL LIMIT $rows" },
);

/**
 * One pass over the clicks waiting for a description: up to `limit` new user agents parsed (what
 * it returns as `parsed`), the rows read filled in. The pass reads and updates a bounded number of
 * rows by rowid, however long the backlog, so a flood's backlog cannot slow the passes down.
 */
async function describeWaitingClicks(
  store: Store,
  describer: UserAgentDescriber,
  limit: number,
): Promise<{ parsed: number; more: boolean }> {
  const rows = limit * 4;
  const waiting = await runQuery(store, clicksAwaitingDescription, { rows });
  const unknown = [...new Set(waiting.map((w) => w.user_agent))].filter((agent) => !describer.known(agent));
  const parsed = unknown.slice(0, limit);
  if (parsed.length > 0) await describer.describe(parsed);
  const described = waiting.flatMap((w) => {
    const description = describer.known(w.user_agent);
    return description ? [{ row: w.row, ...description }] : [];
  });
  if (described.length > 0)
    await store.run(
      `UPDATE clicks SET device = d.device, browser = d.browser, os = d.os, user_agent = NULL
       FROM (SELECT unnest(from_json($rows, '[{"row":"BIGINT","device":"VARCHAR","browser":"VARCHAR","os":"VARCHAR"}]'), recursive := true)) AS d
       WHERE clicks.rowid = d.row`,
      { rows: JSON.stringify(described) },
    );
  return { parsed: parsed.length, more: waiting.length === rows || unknown.length > limit };
}

/**
 * Stores what an earlier run logged but did not commit, then opens the log among the process's
 * own files (a process without any gets a private temporary log).
 */
async function replayClickLog(store: Store, queue: WriteQueue): Promise<ClickLog> {
  if (store.localFiles === undefined)
    return new ClickLog(join(tmpdir(), `socialroi-${randomUUID()}.clicks.wal`));
  const path = `${store.localFiles}.clicks.wal`;
  const leftovers = ClickLog.leftovers(path);
  await queue.run(() => insertLoggedClicks(store, leftovers, new Map(), "replayed"));
  ClickLog.remove(leftovers);
  return new ClickLog(path);
}

const recentVisitors = defineQuery(
  "tracking/recent-visitors",
  z.object({ key: z.string(), click_id: z.string(), at: z.number() }),
  {
    duckdb: `SELECT visitor_hash || '|' || link_id AS key, click_id, epoch_ms(occurred_at) AS at FROM clicks
       WHERE occurred_at > now() - INTERVAL 1 HOUR AND visitor_hash IS NOT NULL ORDER BY occurred_at`,
  },
);

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
  private readonly descriptions = new RateLimiter(DESCRIPTIONS_PER_SECOND * 60, DESCRIPTIONS_PER_SECOND);
  /** Whether stored clicks may still wait for their user agent's description (an earlier run may have left some). */
  private clicksAwaitDescription = true;

  private constructor(
    private readonly store: Store,
    private readonly queue: WriteQueue,
    private readonly log: ClickLog,
    private readonly hasher: VisitorHasher,
    private readonly describer: UserAgentDescriber,
    options: ClickRecorderOptions,
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Replays what an earlier run logged but did not commit, then starts logging. */
  static async open(
    store: Store,
    queue: WriteQueue,
    options: ClickRecorderOptions = {},
  ): Promise<ClickRecorder> {
    const log = await replayClickLog(store, queue);
    const hasher = VisitorHasher.start(store.secrets);
    const recorder = new ClickRecorder(store, queue, log, hasher, new UserAgentDescriber(), options);
    await recorder.rememberRecentVisitors();
    return recorder;
  }

  private async rememberRecentVisitors(): Promise<void> {
    const rows = await runQuery(this.store, recentVisitors);
    for (const row of rows)
      this.recent.set(row.key, { clickId: row.click_id, expiresAt: row.at + DEDUPE_WINDOW_MS });
  }

  /**
   * Logs a click and answers its id once it is in the log; a visitor clicking the same link again
   * within the window gets the id of their first click and nothing is recorded. When the log
   * cannot be written the answer is undefined: the visitor is still redirected, uncounted.
   */
  record(visit: Visit, answer: (clickId: string | undefined) => void, now = Date.now()): void {
    const visitorHash = this.hasher.hash(visit.ip, visit.userAgent, now);
    const key = `${visitorHash}|${visit.linkId}`;
    const seen = this.recent.get(key);
    if (seen && seen.expiresAt > now) {
      answer(seen.clickId);
      return;
    }
    const record: ClickRecord = {
      click_id: newId("clk"),
      workspace_id: visit.workspaceId,
      link_id: visit.linkId,
      occurred_at: isoTimeAt(now),
      visitor_hash: visitorHash,
      user_agent: visit.userAgent,
      referrer_domain: referrerDomain(visit.referrer),
      country: countryCode(visit.country),
    };
    this.unsaved.set(record.click_id, record);
    // Deleting first moves the key to the end, keeping `recent` ordered by expiry.
    this.recent.delete(key);
    this.recent.set(key, { clickId: record.click_id, expiresAt: now + DEDUPE_WINDOW_MS });
    if (this.recent.size > MAX_RECENT_VISITORS) this.recent.delete(this.recent.keys().next().value!);
    this.log.append(record, (error) => {
      if (!error) return answer(record.click_id);
      this.unsaved.delete(record.click_id);
      this.recent.delete(key);
      answer(undefined);
    });
    if (this.unsaved.size >= this.batchSize) void this.flush().catch(() => undefined);
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
    const known = new Map<string, DeviceDescription>();
    let undescribed = false;
    for (const { user_agent } of batch) {
      const description = this.describer.known(user_agent);
      if (description) known.set(user_agent, description);
      else undescribed = true;
    }
    await this.queue.run(() => insertLoggedClicks(this.store, this.segments, known, "new"));
    if (undescribed) this.clicksAwaitDescription = true;
    for (const record of batch) this.unsaved.delete(record.click_id);
    ClickLog.remove(this.segments);
    this.segments = [];
    await this.describeWaitingClicks();
  }

  /** A pass each time the budget is whole again: under a flood, one a second rather than one a flush. */
  private async describeWaitingClicks(): Promise<void> {
    if (!this.clicksAwaitDescription || this.descriptions.available("") < DESCRIPTIONS_PER_SECOND) return;
    const { parsed, more } = await this.queue.run(() =>
      describeWaitingClicks(this.store, this.describer, DESCRIPTIONS_PER_SECOND),
    );
    this.descriptions.take("", Date.now(), parsed);
    this.clicksAwaitDescription = more;
  }

  private forgetExpiredVisitors(now: number): void {
    for (const [key, entry] of this.recent) {
      if (entry.expiresAt > now) break;
      this.recent.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.hasher.close();
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
