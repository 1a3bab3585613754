/**
 * Bounded memories of what was seen last (msg_ids, delivered messages,
 * random_ids, answers), in two generations: new keys go into the current
 * Map; when it holds `keep` keys, it becomes the previous one and the
 * previous one is dropped whole. So at least the newest `keep` keys are
 * remembered and never more than twice that, and nothing is ever deleted
 * one by one: a Map that forgets its oldest key at each new one walks the
 * holes its deletions left and keeps rebuilding its table (a tenth of the
 * emulator's time at 40,000 messages a second).
 */

/** A bounded map of the keys set last (see above). */
export class RecentMap<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  /** Remembers at least the newest `keep` keys. */
  constructor(private readonly keep: number) {
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`RecentMap: keep must be a positive integer, got ${keep}`);
  }

  /** How many keys are remembered now (between `keep` and twice that once full). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  has(key: K): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  get(key: K): V | undefined {
    // A key lives in one generation only (set() takes it out of the older), so a miss here is a miss there too.
    const value = this.current.get(key);
    return value !== undefined ? value : this.previous.get(key);
  }

  delete(key: K): boolean {
    const inCurrent = this.current.delete(key);
    return this.previous.delete(key) || inCurrent;
  }

  /** Sets `key` as the newest (a key set again is as new as its last write). */
  set(key: K, value: V): void {
    this.previous.delete(key);
    this.current.set(key, value);
    if (this.current.size >= this.keep) {
      this.previous = this.current;
      this.current = new Map();
    }
  }
}

/** A bounded set of the keys added last: recently delivered messages or msg_ids, to drop repeats. */
export class RecentSet<T = string> {
  private current = new Set<T>();
  private previous = new Set<T>();
  /**
   * Remembers at least the newest `keep` keys; `onForget` sees each older
   * generation as it is dropped (a msg_id window keeps its floor from it).
   */
  constructor(
    private readonly keep: number,
    private readonly onForget?: (forgotten: ReadonlySet<T>) => void,
  ) {
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`RecentSet: keep must be a positive integer, got ${keep}`);
  }

  has(key: T): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  add(key: T): void {
    const size = this.current.size;
    // One lookup, not has() then add(): these tables sit on hot paths (every message of a session).
    if (this.current.add(key).size === size || size + 1 < this.keep) return;
    this.onForget?.(this.previous);
    this.previous = this.current;
    this.current = new Set();
  }
}
