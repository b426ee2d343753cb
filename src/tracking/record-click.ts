import { randomFillSync, randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { listWorkspaces } from "../store/workspaces.js";
import { ClickLog } from "./click-log.js";
import { type DeviceDescription, UserAgentDescriber } from "./describe-user-agents.js";
import { RateLimiter } from "./rate-limit.js";
import { RecentVisitors } from "./recent-visitors.js";
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
interface ClickRecord {
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

/** A click id's characters after `clk_`, as newId draws them (domain/ids.ts): 16 of 62, each equally likely. */
const CLICK_ID_ALPHABET = Buffer.from(
  "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "latin1",
);
const CLICK_ID_PREFIX = "clk_";
const CLICK_ID_LENGTH = CLICK_ID_PREFIX.length + 16;
/** The largest multiple of the alphabet's size below 256: bytes above it are skipped so every character is equally likely. */
const UNBIASED_BYTE_LIMIT = 256 - (256 % CLICK_ID_ALPHABET.length);
const CLICK_IDS_PER_DRAW = 512;

/**
 * Click ids (`clk_` and 16 letters or digits, as `newId("clk")` makes them), written a few hundred
 * at a time into one buffer from one draw of random bytes. Each id is one flat string cut from it:
 * built a character at a time, an id was a chain of 20 strings that every map it went into had
 * to copy again, and that cost more than the rest of recording a click.
 */
class ClickIds {
  private readonly ids = Buffer.alloc(CLICK_IDS_PER_DRAW * CLICK_ID_LENGTH);
  private readonly random = Buffer.alloc(CLICK_IDS_PER_DRAW * 20);
  private next = CLICK_IDS_PER_DRAW;

  take(): string {
    if (this.next === CLICK_IDS_PER_DRAW) this.draw();
    const start = this.next++ * CLICK_ID_LENGTH;
    return this.ids.toString("latin1", start, start + CLICK_ID_LENGTH);
  }

  private draw(): void {
    const { ids, random } = this;
    let used = random.length;
    for (let at = 0; at < ids.length; at += CLICK_ID_LENGTH) {
      ids.write(CLICK_ID_PREFIX, at, "latin1");
      for (let i = at + CLICK_ID_PREFIX.length; i < at + CLICK_ID_LENGTH; ) {
        if (used === random.length) {
          randomFillSync(random);
          used = 0;
        }
        const byte = random[used++]!;
        if (byte < UNBIASED_BYTE_LIMIT) ids[i++] = CLICK_ID_ALPHABET[byte % CLICK_ID_ALPHABET.length]!;
      }
    }
    this.next = 0;
  }
}

/**
 * The log's line of a click: what `JSON.stringify(record)` writes, the same fields in the same
 * order, with only the texts a visitor or a link can set going through it (click ids, times, visitor
 * hashes and country codes need no escaping).
 */
function logLine(record: ClickRecord): string {
  const { referrer_domain: referrer, country } = record;
  return `{"click_id":"${record.click_id}","workspace_id":${JSON.stringify(record.workspace_id)},"link_id":${JSON.stringify(record.link_id)},"occurred_at":"${record.occurred_at}","visitor_hash":"${record.visitor_hash}","user_agent":${JSON.stringify(record.user_agent)},"referrer_domain":${referrer === null ? "null" : JSON.stringify(referrer)},"country":${country === null ? "null" : `"${country}"`}}\n`;
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
/** Clicks keeping their user agent read at once: at most a minute's descriptions. */
const CLICKS_READ_AT_ONCE = DESCRIPTIONS_PER_SECOND * 60;
/**
 * …a page at a time: the rows of a query become objects on the main thread (~8 µs a row), and
 * 15,000 in one result held redirects for 120 ms; between pages they are answered.
 */
const CLICKS_READ_PER_PAGE = 1000;

/**
 * Stores the clicks of log files: DuckDB reads them itself, so a batch costs the server's main
 * thread nothing. User agents already described get their device, browser and OS; the others
 * keep the agent, described later in `user_agents` (`WaitingAgents`). Replayed files are checked
 * against the stored clicks: a log replayed twice, or a batch stored just before a crash, inserts
 * nothing twice; a line cut short by a crash in the middle of a write (its redirect was never
 * answered) is skipped.
 */
async function insertLoggedClicks(
  store: Store,
  files: readonly string[],
  known: ReadonlyMap<string, DeviceDescription>,
  origin: "new" | "replayed",
): Promise<void> {
  if (files.length === 0) return;
  // Leftover files are not trusted to hold each click once, nor to hold clicks not stored yet.
  const stored = origin === "replayed" ? await storedClicksOf(store, files) : [];
  await store.run(
    `INSERT INTO clicks (click_id, workspace_id, link_id, occurred_at, visitor_hash, device, browser, os,
       referrer_domain, country, user_agent)
     SELECT ${origin === "replayed" ? "DISTINCT ON (l.click_id)" : ""} l.click_id, l.workspace_id, l.link_id,
       l.occurred_at, l.visitor_hash, d.device, d.browser, d.os,
       l.referrer_domain, l.country, CASE WHEN d.agent IS NULL THEN l.user_agent END
     FROM ${LOGGED_CLICKS} AS l
     LEFT JOIN (SELECT k.agent, k.device, k.browser, k.os
                FROM (SELECT unnest(from_json($known, '[{"agent":"VARCHAR","device":"VARCHAR","browser":"VARCHAR","os":"VARCHAR"}]')) AS k)) AS d
       ON d.agent = l.user_agent
     WHERE l.click_id IS NOT NULL AND l.workspace_id IS NOT NULL AND l.link_id IS NOT NULL
       AND l.occurred_at IS NOT NULL AND NOT list_contains($stored, l.click_id)`,
    {
      files,
      known: JSON.stringify([...known].map(([agent, description]) => ({ agent, ...description }))),
      stored,
    },
  );
}

/** The log files' clicks, as DuckDB reads them. Parameters: $files. */
const LOGGED_CLICKS = `read_json($files, format = 'newline_delimited', ignore_errors = true, columns = ${LOGGED_COLUMNS})`;

/** Parameters: $files. */
const loggedClickKeys = defineQuery(
  "tracking/logged-click-keys",
  z.object({ workspace_id: z.string(), click_id: z.string() }),
  {
    duckdb: `SELECT DISTINCT workspace_id, click_id FROM ${LOGGED_CLICKS}
      WHERE click_id IS NOT NULL AND workspace_id IS NOT NULL`,
  },
);

/**
 * Of the clicks named, those stored already (a rollup, store/rollups.ts: in the cluster mode
 * ClickHouse looks them up by its sorting key, and no click is loaded). Parameters: $workspaces, $ids.
 */
const storedClicks = defineQuery(
  "tracking/stored-clicks",
  z.object({ click_id: z.string() }),
  { duckdb: "SELECT click_id FROM stored_click_ids" },
  {
    stored_click_ids: {
      duckdb: `SELECT click_id FROM clicks
        WHERE workspace_id IN (SELECT unnest($workspaces)) AND click_id IN (SELECT unnest($ids))`,
      clickhouse: `SELECT click_id FROM {clicks} WHERE {current clicks}
        AND workspace_id IN (SELECT arrayJoin($workspaces)) AND click_id IN (SELECT arrayJoin($ids))`,
      columns: { click_id: "VARCHAR" },
    },
  },
);

/** The clicks of leftover log files that were stored before the process that logged them stopped. */
async function storedClicksOf(store: Store, files: readonly string[]): Promise<string[]> {
  const logged = await runQuery(store, loggedClickKeys, { files });
  if (logged.length === 0) return [];
  const rows = await runQuery(store, storedClicks, {
    workspaces: [...new Set(logged.map((click) => click.workspace_id))],
    ids: logged.map((click) => click.click_id),
  });
  return rows.map((row) => row.click_id);
}

/**
 * Stored clicks that kept their user agent (it had no description when they were stored), in the
 * order they were stored, `$rows` at most after the click at `$position`/`$tiebreak`: each listing
 * reads on from where the last one stopped instead of comparing every waiting click with the
 * descriptions again, which took 1.6 s per million clicks. DuckDB's position is the row id, read in
 * table order (no sort: a query without ORDER BY keeps the order rows were inserted in, and its
 * LIMIT stops the scan); ClickHouse's is the version the store gave the insert, then the click id.
 * Should DuckDB renumber rows after a deletion (it may compact what it stored), a reading may pass
 * over some clicks: they keep their agent, and the next process, which reads from the first click,
 * describes it.
 */
const clicksKeepingAgents = defineQuery(
  "tracking/clicks-keeping-agents",
  z.object({ position: z.number(), tiebreak: z.string(), workspace_id: z.string(), agent: z.string() }),
  { duckdb: "SELECT position, tiebreak, workspace_id, agent FROM clicks_keeping_agents" },
  {
    clicks_keeping_agents: {
      duckdb: `SELECT rowid AS position, '' AS tiebreak, workspace_id, user_agent AS agent FROM clicks
        WHERE user_agent IS NOT NULL AND rowid > $position
        LIMIT $rows`,
      clickhouse: `SELECT _version AS position, click_id AS tiebreak, workspace_id, assumeNotNull(user_agent) AS agent
        FROM {clicks}
        WHERE isNotNull(user_agent) AND (_version > $position OR (_version = $position AND click_id > $tiebreak))
        ORDER BY _version, click_id LIMIT $rows`,
      columns: { position: "BIGINT", tiebreak: "VARCHAR", workspace_id: "VARCHAR", agent: "VARCHAR" },
    },
  },
);

/** Of the agents named in the workspaces named, those described already. Parameters: $workspaces, $agents. */
const describedAgents = defineQuery(
  "tracking/described-agents",
  z.object({ workspace_id: z.string(), agent: z.string() }),
  { duckdb: "SELECT workspace_id, agent FROM described_agents" },
  {
    described_agents: {
      duckdb: `SELECT DISTINCT workspace_id, agent FROM user_agents
        WHERE workspace_id IN (SELECT unnest($workspaces)) AND agent IN (SELECT unnest($agents))`,
      clickhouse: `SELECT DISTINCT workspace_id, agent FROM {user_agents}
        WHERE workspace_id IN (SELECT arrayJoin($workspaces)) AND agent IN (SELECT arrayJoin($agents))`,
      columns: { workspace_id: "VARCHAR", agent: "VARCHAR" },
    },
  },
);

interface WaitingAgent {
  workspace_id: string;
  agent: string;
}

/**
 * Stores the descriptions of the agents given, those of workspaces still there (one deleted since
 * its agents were listed keeps none). An insert that reads nothing of `user_agents`: in the cluster
 * mode it goes to ClickHouse as new rows, like the clicks themselves.
 */
async function storeDescriptions(
  store: Store,
  described: readonly (WaitingAgent & DeviceDescription)[],
): Promise<void> {
  const existing = new Set((await listWorkspaces(store)).map((workspace) => workspace.id));
  const rows = described.filter((row) => existing.has(row.workspace_id));
  if (rows.length === 0) return;
  await store.run(
    `INSERT INTO user_agents (workspace_id, agent, device, browser, os)
     SELECT d.workspace_id, d.agent, d.device, d.browser, d.os
     FROM (SELECT unnest(from_json($rows, '[{"workspace_id":"VARCHAR","agent":"VARCHAR","device":"VARCHAR","browser":"VARCHAR","os":"VARCHAR"}]'), recursive := true)) AS d`,
    { rows: JSON.stringify(rows) },
  );
}

/**
 * User agents of stored clicks waiting for a description: the clicks that kept their agent are
 * read a few thousand at a time, on from where the last reading stopped, and their agents
 * described a budget at a time. A process starts reading from the first click (an earlier run may
 * have left agents waiting); agents described already are left out of each list.
 */
class WaitingAgents {
  private list: WaitingAgent[] = [];
  /** The last click read: those stored after it have not been looked at. */
  private after = { position: -1, tiebreak: "" };
  /** Whether clicks stored after `after` may keep their agent. */
  private beyondList = true;

  /** Clicks were stored without a description: their agents are listed once the list is done. */
  markMore(): void {
    this.beyondList = true;
  }

  get pending(): boolean {
    return this.beyondList || this.list.length > 0;
  }

  /**
   * One pass: up to `limit` new user agents parsed (what it returns), the agents of the list whose
   * description is then known stored.
   */
  async describe(store: Store, describer: UserAgentDescriber, limit: number): Promise<number> {
    if (this.list.length === 0 && this.beyondList) await this.readOn(store);
    const unknown = [...new Set(this.list.map((w) => w.agent))].filter((agent) => !describer.known(agent));
    const parsed = unknown.slice(0, limit);
    if (parsed.length > 0) await describer.describe(parsed);
    const described: (WaitingAgent & DeviceDescription)[] = [];
    const left: WaitingAgent[] = [];
    for (const waiting of this.list) {
      const description = describer.known(waiting.agent);
      if (description) described.push({ ...waiting, ...description });
      else left.push(waiting);
    }
    if (described.length > 0) await storeDescriptions(store, described);
    this.list = left;
    return parsed.length;
  }

  /**
   * The agents of the next clicks that kept theirs, less those described since (by this or
   * another server), read a page at a time.
   */
  private async readOn(store: Store): Promise<void> {
    const agentKey = (row: WaitingAgent) => `${row.workspace_id}\u0000${row.agent}`;
    const waiting = new Map<string, WaitingAgent>();
    let read = 0;
    do {
      const clicks = await runQuery(store, clicksKeepingAgents, {
        ...this.after,
        rows: CLICKS_READ_PER_PAGE,
      });
      this.beyondList = clicks.length === CLICKS_READ_PER_PAGE;
      const last = clicks.at(-1);
      if (last === undefined) break;
      read += clicks.length;
      this.after = { position: last.position, tiebreak: last.tiebreak };
      const page = new Map(
        clicks.map((row) => [agentKey(row), { workspace_id: row.workspace_id, agent: row.agent }]),
      );
      const described = await runQuery(store, describedAgents, {
        workspaces: [...new Set(clicks.map((row) => row.workspace_id))],
        agents: [...new Set(clicks.map((row) => row.agent))],
      });
      for (const row of described) page.delete(agentKey(row));
      for (const [key, agent] of page) waiting.set(key, agent);
    } while (this.beyondList && read < CLICKS_READ_AT_ONCE);
    this.list = [...waiting.values()];
  }
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
  // An empty log (a process stopped before its first click) has nothing to check against the
  // stored clicks, a check that in the cluster mode reads every click.
  const withClicks = leftovers.filter((file) => statSync(file).size > 0);
  await queue.run(() => insertLoggedClicks(store, withClicks, new Map(), "replayed"));
  ClickLog.remove(leftovers);
  return new ClickLog(path);
}

/**
 * The clicks logged since a flush, as little of them as the flush needs: DuckDB reads the clicks
 * from the log's segments, so what stays in memory is their ids (for conversions naming a click
 * moments after its redirect) and their user agents' descriptions, gathered as they come. A click
 * kept whole until its flush, most of a second under load, made every minor garbage collection copy
 * it and then the major ones sweep it.
 */
class UnsavedClicks {
  readonly clickIds: string[] = [];
  readonly linkIds: string[] = [];
  /** Descriptions of the clicks' user agents known when they came. */
  readonly known = new Map<string, DeviceDescription>();
  /** User agents not described yet, as many as a flush may describe before storing them. */
  readonly unknown = new Set<string>();
  /** Whether a click came with a user agent beyond those. */
  moreUnknown = false;

  add(clickId: string, linkId: string, userAgent: string, description: DeviceDescription | undefined): void {
    this.clickIds.push(clickId);
    this.linkIds.push(linkId);
    if (description) this.known.set(userAgent, description);
    else if (this.unknown.size < DESCRIPTIONS_PER_SECOND) this.unknown.add(userAgent);
    else this.moreUnknown = true;
  }

  get size(): number {
    return this.clickIds.length;
  }

  linkOf(clickId: string): string | undefined {
    const at = this.clickIds.indexOf(clickId);
    return at < 0 ? undefined : this.linkIds[at];
  }

  remove(clickId: string): void {
    const at = this.clickIds.lastIndexOf(clickId);
    if (at < 0) return;
    this.clickIds.splice(at, 1);
    this.linkIds.splice(at, 1);
  }

  /** These clicks followed by `later`'s (a flush that failed gives its clicks back). */
  followedBy(later: UnsavedClicks): UnsavedClicks {
    const all = new UnsavedClicks();
    for (const part of [this, later]) {
      all.clickIds.push(...part.clickIds);
      all.linkIds.push(...part.linkIds);
      for (const [agent, description] of part.known) all.known.set(agent, description);
      for (const agent of part.unknown) {
        if (all.unknown.size < DESCRIPTIONS_PER_SECOND) all.unknown.add(agent);
        else all.moreUnknown = true;
      }
      all.moreUnknown ||= part.moreUnknown;
    }
    return all;
  }
}

const recentVisitors = defineQuery(
  "tracking/recent-visitors",
  z.object({ visitor_hash: z.string(), link_id: z.string(), click_id: z.string(), at: z.number() }),
  {
    duckdb:
      "SELECT visitor_hash, link_id, click_id, epoch_ms(occurred_at) AS at FROM recent_clicks ORDER BY occurred_at",
  },
  {
    recent_clicks: {
      duckdb: `SELECT visitor_hash, link_id, click_id, occurred_at FROM clicks
        WHERE occurred_at > now() - INTERVAL 1 HOUR AND visitor_hash IS NOT NULL`,
      clickhouse: `SELECT visitor_hash, link_id, click_id, occurred_at FROM {clicks}
        WHERE {current clicks} AND occurred_at > toInt64(toUnixTimestamp(now())) * 1000 - 3600000 AND isNotNull(visitor_hash)`,
      columns: {
        visitor_hash: "VARCHAR",
        link_id: "VARCHAR",
        click_id: "VARCHAR",
        occurred_at: "TIMESTAMPTZ",
      },
    },
  },
);

/**
 * Records clicks without waiting for the database (Plausible-style buffer): each click goes to the
 * write-ahead log before the redirect is answered, then to the database in batches.
 */
export class ClickRecorder {
  /** Clicks logged but not yet committed to the database. */
  private unsaved = new UnsavedClicks();
  /** The clicks of the flush under way, until they are committed. */
  private storing = new UnsavedClicks();
  /** The click id a visitor got for a link within the window. */
  private readonly recent = new RecentVisitors(MAX_RECENT_VISITORS);
  private readonly clickIds = new ClickIds();
  /** Sealed log segments whose clicks are not committed yet. */
  private segments: string[] = [];
  /**
   * A flush failed: its segments may be stored in part or in full (in the cluster mode ClickHouse
   * can hold an insert whose PostgreSQL transaction was lost after), so they are read again as a
   * replay is, leaving out the clicks already stored.
   */
  private segmentsMayBeStored = false;
  private flushing: Promise<void> = Promise.resolve();
  private queuedFlush: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly batchSize: number;
  private readonly descriptions = new RateLimiter(DESCRIPTIONS_PER_SECOND * 60, DESCRIPTIONS_PER_SECOND);
  private readonly waitingAgents = new WaitingAgents();

  private constructor(
    private readonly store: Store,
    private readonly queue: WriteQueue,
    private readonly log: ClickLog,
    private readonly hasher: VisitorHasher,
    private readonly describer: UserAgentDescriber,
    options: ClickRecorderOptions,
  ) {
    this.batchSize = options.batchSize ?? 50_000;
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
      this.recent.remember(row.visitor_hash, row.link_id, row.click_id, row.at + DEDUPE_WINDOW_MS);
  }

  /**
   * Logs a click and answers its id once it is in the log; a visitor clicking the same link again
   * within the window gets the id of their first click and nothing is recorded. When the log
   * cannot be written the answer is undefined: the visitor is still redirected, uncounted.
   */
  record(visit: Visit, answer: (clickId: string | undefined) => void, now = Date.now()): void {
    const visitorHash = this.hasher.hash(visit.ip, visit.userAgent, now);
    const seen = this.recent.clickId(visitorHash, visit.linkId, now);
    if (seen !== undefined) {
      answer(seen);
      return;
    }
    const record: ClickRecord = {
      click_id: this.clickIds.take(),
      workspace_id: visit.workspaceId,
      link_id: visit.linkId,
      occurred_at: isoTimeAt(now),
      visitor_hash: visitorHash,
      user_agent: visit.userAgent,
      referrer_domain: referrerDomain(visit.referrer),
      country: countryCode(visit.country),
    };
    const clickId = record.click_id;
    this.unsaved.add(clickId, visit.linkId, visit.userAgent, this.describer.known(visit.userAgent));
    this.recent.remember(visitorHash, visit.linkId, clickId, now + DEDUPE_WINDOW_MS);
    this.log.append(logLine(record), (error) => {
      if (!error) return answer(clickId);
      // The log is written before a flush takes the clicks: this one is still among the unsaved.
      this.unsaved.remove(clickId);
      this.recent.forget(visitorHash, visit.linkId);
      answer(undefined);
    });
    if (this.unsaved.size >= this.batchSize) void this.flush().catch(() => undefined);
  }

  /**
   * A click not yet in the database (a conversion may name it moments after the redirect). A
   * search through the clicks of at most a flush or two: conversions come far more rarely than
   * clicks, which are spared keeping an index.
   */
  unsavedClick(clickId: string): { link_id: string } | undefined {
    const linkId = this.unsaved.linkOf(clickId) ?? this.storing.linkOf(clickId);
    return linkId === undefined ? undefined : { link_id: linkId };
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
    this.recent.forgetExpired(Date.now());
    const segment = this.log.seal();
    if (segment) this.segments.push(segment);
    const batch = this.unsaved;
    this.unsaved = new UnsavedClicks();
    this.storing = batch;
    try {
      const undescribed = await this.describeNewAgents(batch);
      const origin = this.segmentsMayBeStored ? "replayed" : "new";
      await this.queue.run(() => insertLoggedClicks(this.store, this.segments, batch.known, origin));
      if (undescribed) this.waitingAgents.markMore();
    } catch (error) {
      // The next flush takes them again, with their segments.
      this.unsaved = batch.followedBy(this.unsaved);
      this.segmentsMayBeStored = true;
      throw error;
    } finally {
      this.storing = new UnsavedClicks();
    }
    ClickLog.remove(this.segments);
    this.segments = [];
    this.segmentsMayBeStored = false;
    await this.describeWaitingClicks();
  }

  /**
   * The batch's new user agents are described before it is stored, within the budget, and join
   * its known ones: a click stored with its description needs no row in `user_agents`. Under a
   * flood the budget goes to the new clicks, and the stored ones wait until it is whole again. True
   * when some clicks are left without a description.
   */
  private async describeNewAgents(batch: UnsavedClicks): Promise<boolean> {
    const unknown: string[] = [];
    for (const agent of batch.unknown) {
      const description = this.describer.known(agent);
      if (description) batch.known.set(agent, description);
      else unknown.push(agent);
    }
    const parsed = unknown.slice(0, this.descriptions.available(""));
    if (parsed.length > 0) {
      const described = await this.describer.describe(parsed);
      this.descriptions.take("", Date.now(), parsed.length);
      for (const [agent, description] of described) batch.known.set(agent, description);
    }
    return batch.moreUnknown || parsed.length < unknown.length;
  }

  /** A pass each time the budget is whole again: under a flood, one a second rather than one a flush. */
  private async describeWaitingClicks(): Promise<void> {
    if (!this.waitingAgents.pending || this.descriptions.available("") < DESCRIPTIONS_PER_SECOND) return;
    const parsed = await this.queue.run(() =>
      this.waitingAgents.describe(this.store, this.describer, DESCRIPTIONS_PER_SECOND),
    );
    this.descriptions.take("", Date.now(), parsed);
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
