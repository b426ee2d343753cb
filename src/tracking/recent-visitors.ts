/**
 * The click id each visitor got for each link within the window, for at most `capacity` clicks:
 * a flood cannot exhaust memory, its oldest visitors are forgotten early. The clicks are kept in
 * arrays used as a ring, in the order they were made (so by expiry), and found through a hash table
 * of typed arrays (open addressing, linear probing) keyed by the visitor hash and the link: a click
 * adds no object of its own. A map keyed by `visitor|link` with an entry object per click cost more
 * than the rest of recording it, in lookups among hundreds of thousands of keys and in garbage
 * collection.
 */
export class RecentVisitors {
  private readonly links: string[] = [];
  private readonly visitors: string[] = [];
  private readonly clickIds: string[] = [];
  private readonly expiries: number[] = [];
  /** The oldest slot in use, and how many are in use from it (wrapping round). */
  private oldest = 0;
  private count = 0;
  /** A small number per link, mixed into the table's hash. */
  private readonly linkNumbers = new Map<string, number>();
  /** The table: ring slot + 1 (0 for an empty place), and the hash of the place's click. */
  private places = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private used = 0;

  constructor(private readonly capacity: number) {}

  /** The click id `visitor` got for `link`, unless it has expired by `now`. */
  clickId(visitor: string, link: string, now: number): string | undefined {
    const number = this.linkNumbers.get(link);
    if (number === undefined) return undefined;
    const place = this.find(visitor, link, placeHash(visitor, number));
    if (place < 0) return undefined;
    const slot = this.places[place]! - 1;
    return this.expiries[slot]! > now ? this.clickIds[slot] : undefined;
  }

  remember(visitor: string, link: string, clickId: string, expiresAt: number): void {
    if (this.count === this.capacity) this.dropOldest();
    const slot = (this.oldest + this.count++) % this.capacity;
    this.links[slot] = link;
    this.visitors[slot] = visitor;
    this.clickIds[slot] = clickId;
    this.expiries[slot] = expiresAt;
    let number = this.linkNumbers.get(link);
    if (number === undefined) {
      number = this.linkNumbers.size;
      this.linkNumbers.set(link, number);
    }
    const hash = placeHash(visitor, number);
    const found = this.find(visitor, link, hash);
    // An expired click of the same visitor keeps its slot in the ring until it is dropped, unreferenced.
    if (found >= 0) {
      this.places[found] = slot + 1;
      return;
    }
    if (2 * (this.used + 1) > this.places.length) this.grow();
    const mask = this.places.length - 1;
    let place = hash & mask;
    while (this.places[place] !== 0) place = (place + 1) & mask;
    this.places[place] = slot + 1;
    this.hashes[place] = hash;
    this.used++;
  }

  forget(visitor: string, link: string): void {
    const number = this.linkNumbers.get(link);
    if (number === undefined) return;
    const place = this.find(visitor, link, placeHash(visitor, number));
    if (place >= 0) this.empty(place);
  }

  forgetExpired(now: number): void {
    while (this.count > 0 && this.expiries[this.oldest]! <= now) this.dropOldest();
  }

  private dropOldest(): void {
    const slot = this.oldest;
    const visitor = this.visitors[slot]!;
    const link = this.links[slot]!;
    const place = this.find(visitor, link, placeHash(visitor, this.linkNumbers.get(link)!));
    if (place >= 0 && this.places[place] === slot + 1) this.empty(place);
    // The strings go with the click; the slot is written again when the ring comes round.
    this.links[slot] = this.visitors[slot] = this.clickIds[slot] = "";
    this.oldest = (slot + 1) % this.capacity;
    this.count--;
  }

  /** The table's place of the visitor's click on the link, or -1. */
  private find(visitor: string, link: string, hash: number): number {
    const { places, hashes } = this;
    const mask = places.length - 1;
    for (let place = hash & mask; places[place] !== 0; place = (place + 1) & mask) {
      if (hashes[place] !== hash) continue;
      const slot = places[place]! - 1;
      if (this.visitors[slot] === visitor && this.links[slot] === link) return place;
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
    this.used--;
  }

  private grow(): void {
    const { places, hashes } = this;
    this.places = new Int32Array(places.length * 2);
    this.hashes = new Int32Array(places.length * 2);
    const mask = this.places.length - 1;
    for (let old = 0; old < places.length; old++) {
      if (places[old] === 0) continue;
      let place = hashes[old]! & mask;
      while (this.places[place] !== 0) place = (place + 1) & mask;
      this.places[place] = places[old]!;
      this.hashes[place] = hashes[old]!;
    }
  }
}

/** FNV-1a over the visitor hash's characters and the link's number. */
function placeHash(visitor: string, linkNumber: number): number {
  let hash = Math.imul(0x811c9dc5 ^ linkNumber, 0x01000193);
  for (let i = 0; i < visitor.length; i++) hash = Math.imul(hash ^ visitor.charCodeAt(i), 0x01000193);
  return hash;
}
