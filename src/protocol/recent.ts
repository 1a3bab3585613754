/**
 * Bounded memories of what was seen last (msg_ids, delivered messages,
 * random_ids, answers): the oldest go first once `capacity` is reached, in
 * O(1). A Map's own oldest entry (keys().next()) is found by skipping the
 * holes its deletions left, slower the longer it runs: hence the ring.
 */

/** A bounded map that forgets its oldest entries (by first insertion) beyond `capacity`. */
export class RecentMap<K, V> {
  private readonly items = new Map<K, V>();
  /** Insertion order, as a ring. */
  private readonly order: K[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.size;
  }

  has(key: K): boolean {
    return this.items.has(key);
  }

  get(key: K): V | undefined {
    return this.items.get(key);
  }

  /** Forgets `key` now. Its place in the order stays taken until it comes round: keys set again after a delete may go early. */
  delete(key: K): boolean {
    return this.items.delete(key);
  }

  /** Sets `key` (a known key keeps its place in the order), forgetting the oldest key when full. */
  set(key: K, value: V): void {
    if (!this.items.has(key)) {
      // The ring grows to `capacity` as keys come, then overwrites its oldest.
      if (this.order.length < this.capacity) this.order.push(key);
      else {
        this.items.delete(this.order[this.next]!);
        this.order[this.next] = key;
        this.next = (this.next + 1) % this.capacity;
      }
    }
    this.items.set(key, value);
  }
}

/** A bounded set that forgets its oldest entries: recently delivered messages, to drop repeats. */
export class RecentSet<T = string> {
  private readonly items: RecentMap<T, true>;

  constructor(capacity: number) {
    this.items = new RecentMap(capacity);
  }

  has(key: T): boolean {
    return this.items.has(key);
  }

  add(key: T): void {
    this.items.set(key, true);
  }
}
