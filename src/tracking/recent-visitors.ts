import { hash } from "node:crypto";

/**
 * A visitor's place in the ring, in 32-bit words (compared and hashed a word at a time): its
 * length, then up to 44 characters, four to a word, so a visitor hash (sha256 in base64url, 43
 * characters, visitor-hash.ts) is stored as it is.
 */
const VISITOR_WORDS = 12;
const VISITOR_CHARACTERS = 4 * (VISITOR_WORDS - 1);
/** The length word of a visitor stored as the hash of its text (longer, or not ASCII). */
const HASHED_VISITOR = 0xffff;
/** A click id's place: a length byte, then up to 23 characters (`clk_` and 16 make 20). */
const CLICK_ID_WIDTH = 24;
const CLICK_ID_CHARACTERS = CLICK_ID_WIDTH - 1;

/**
 * The click id each visitor got for each link within the window, for at most `capacity` clicks:
 * a flood cannot exhaust memory, its oldest visitors are forgotten early. The clicks are kept in
 * a ring, in the order they were made (so by expiry), found through a hash table (open
 * addressing, linear probing) keyed by the visitor and the link, and all of it lives in typed
 * arrays: visitors and click ids as bytes, links as numbers. Kept as strings, half a million
 * clicks were a million strings that every major garbage collection marked and moved, pausing
 * redirects for 30–50 ms; bytes in typed arrays are not looked at by the collector. The arrays are
 * made whole at the start (their pages are taken from the system as they are first written):
 * grown as clicks came, each doubling copied them in one go, a pause of up to 100 ms.
 */
export class RecentVisitors {
  private readonly visitors: Uint32Array;
  private readonly clickIds: Uint8Array;
  private readonly links: Int32Array;
  private readonly expiries: Float64Array;
  /** Click ids that do not fit their place (an imported click's own id), by slot. */
  private readonly longClickIds = new Map<number, string>();
  /** The oldest slot in use, and how many are in use from it (wrapping round). */
  private oldest = 0;
  private count = 0;
  /** A small number per link, mixed into the table's hash. */
  private readonly linkNumbers = new Map<string, number>();
  /**
   * The table, at most half full: ring slot + 1 (0 for an empty place), and the hash of the
   * place's click.
   */
  private readonly places: Int32Array;
  private readonly hashes: Int32Array;
  /** The visitor last looked up, in its stored form: a click is looked up, then remembered. */
  private readonly key = new Uint32Array(VISITOR_WORDS);
  private keyText: string | undefined;

  constructor(private readonly capacity: number) {
    this.visitors = new Uint32Array(capacity * VISITOR_WORDS);
    this.clickIds = new Uint8Array(capacity * CLICK_ID_WIDTH);
    this.links = new Int32Array(capacity);
    this.expiries = new Float64Array(capacity);
    const places = 2 ** Math.ceil(Math.log2(2 * capacity + 1));
    this.places = new Int32Array(places);
    this.hashes = new Int32Array(places);
  }

  /** The click id `visitor` got for `link`, unless it has expired by `now`. */
  clickId(visitor: string, link: string, now: number): string | undefined {
    const number = this.linkNumbers.get(link);
    if (number === undefined) return undefined;
    const place = this.find(this.keyOf(visitor), number);
    if (place < 0) return undefined;
    const slot = this.places[place]! - 1;
    return this.expiries[slot]! > now ? this.clickIdAt(slot) : undefined;
  }

  remember(visitor: string, link: string, clickId: string, expiresAt: number): void {
    if (this.count === this.capacity) this.dropOldest();
    const slot = (this.oldest + this.count++) % this.capacity;
    let number = this.linkNumbers.get(link);
    if (number === undefined) {
      number = this.linkNumbers.size;
      this.linkNumbers.set(link, number);
    }
    const key = this.keyOf(visitor);
    this.visitors.set(key, slot * VISITOR_WORDS);
    this.links[slot] = number;
    this.expiries[slot] = expiresAt;
    this.storeClickId(slot, clickId);
    const hash = placeHash(key, 0, number);
    const found = this.find(key, number, 0, hash);
    // An expired click of the same visitor keeps its slot in the ring until it is dropped, unreferenced.
    if (found >= 0) {
      this.places[found] = slot + 1;
      return;
    }
    const mask = this.places.length - 1;
    let place = hash & mask;
    while (this.places[place] !== 0) place = (place + 1) & mask;
    this.places[place] = slot + 1;
    this.hashes[place] = hash;
  }

  forget(visitor: string, link: string): void {
    const number = this.linkNumbers.get(link);
    if (number === undefined) return;
    const place = this.find(this.keyOf(visitor), number);
    if (place >= 0) this.empty(place);
  }

  forgetExpired(now: number): void {
    while (this.count > 0 && this.expiries[this.oldest]! <= now) this.dropOldest();
  }

  private dropOldest(): void {
    const slot = this.oldest;
    const place = this.find(this.visitors, this.links[slot]!, slot * VISITOR_WORDS);
    if (place >= 0 && this.places[place] === slot + 1) this.empty(place);
    if (this.longClickIds.size > 0) this.longClickIds.delete(slot);
    this.oldest = (slot + 1) % this.capacity;
    this.count--;
  }

  /**
   * A visitor as stored: its length and characters, or, when it does not fit or is not ASCII (a
   * visitor of an imported click), the marker and the sha256 of its text, whose 43 characters
   * fit: two visitors would share a key only if sha256 collided.
   */
  private keyOf(visitor: string): Uint32Array {
    const { key } = this;
    if (visitor === this.keyText) return key;
    this.keyText = visitor;
    const stored = visitor.length <= VISITOR_CHARACTERS && isAscii(visitor);
    const text = stored ? visitor : hash("sha256", visitor, "base64url");
    key.fill(0);
    key[0] = stored ? visitor.length : HASHED_VISITOR;
    for (let i = 0; i < text.length; i++) key[1 + (i >> 2)]! |= text.charCodeAt(i) << ((i & 3) << 3);
    return key;
  }

  private storeClickId(slot: number, clickId: string): void {
    const at = slot * CLICK_ID_WIDTH;
    if (this.longClickIds.size > 0) this.longClickIds.delete(slot);
    if (clickId.length <= CLICK_ID_CHARACTERS && isAscii(clickId)) {
      this.clickIds[at] = clickId.length;
      for (let i = 0; i < clickId.length; i++) this.clickIds[at + 1 + i] = clickId.charCodeAt(i);
    } else {
      this.clickIds[at] = 0;
      this.longClickIds.set(slot, clickId);
    }
  }

  private clickIdAt(slot: number): string {
    const at = slot * CLICK_ID_WIDTH;
    const length = this.clickIds[at]!;
    if (length === 0) return this.longClickIds.get(slot) ?? "";
    return Buffer.from(this.clickIds.buffer, this.clickIds.byteOffset + at + 1, length).toString("latin1");
  }

  /** The table's place of the click on the link of the visitor stored in `words` from `from`, or -1. */
  private find(
    words: Uint32Array,
    linkNumber: number,
    from = 0,
    hash = placeHash(words, from, linkNumber),
  ): number {
    const { places, hashes, visitors } = this;
    const mask = places.length - 1;
    for (let place = hash & mask; places[place] !== 0; place = (place + 1) & mask) {
      if (hashes[place] !== hash) continue;
      const slot = places[place]! - 1;
      if (this.links[slot] !== linkNumber) continue;
      const at = slot * VISITOR_WORDS;
      let same = true;
      for (let i = 0; i < VISITOR_WORDS && same; i++) same = visitors[at + i] === words[from + i];
      if (same) return place;
    }
    return -1;
  }

  /** Empties a place, moving back the places after it that probing would no longer reach. */
  private empty(place: number): void {
    const { places, hashes } = this;
    const mask = places.length - 1;
    let hole = place;
    for (let next = (hole + 1) & mask; places[next] !== 0; next = (next + 1) & mask) {
      const home = hashes[next]! & mask;
      // Whether `home` lies cyclically in (hole, next]: then the entry stays where it is.
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      places[hole] = places[next]!;
      hashes[hole] = hashes[next]!;
      hole = next;
    }
    places[hole] = 0;
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** FNV-1a over the words of the visitor as stored and the link's number. */
function placeHash(words: Uint32Array, from: number, linkNumber: number): number {
  let hash = Math.imul(0x811c9dc5 ^ linkNumber, 0x01000193);
  for (let i = from; i < from + VISITOR_WORDS; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
  return hash;
}
