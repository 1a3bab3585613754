/**
 * The messages of one box (an account's, or a channel's), by id. Each box
 * numbers its own messages upwards from 1, so pages of a plain array hold
 * them: no hashing, one pointer a slot, and id order for free. A Map of
 * hundreds of thousands of messages (a bot's box under load) cost the
 * emulator a fifth of its time in rehashing and in the garbage collector
 * walking its table.
 */

const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
/** Message ids are positive TL `int`s (`id | 0` keeps exactly those). */
const MAX_ID = 0x7fffffff;

export class MessageStore<T> {
  /** Pages below this one were dropped whole by the limit. */
  private first = 0;

  /** Page n holds ids n * PAGE_SIZE .. + PAGE_SIZE - 1; a page is made when an id in it is first set. */
  private readonly pages: ((T | undefined)[] | undefined)[] = [];
  /** How many messages each page holds. */
  private readonly live: number[] = [];
  private count = 0;

  /**
   * `limit`: how many messages to keep at least; past it the oldest go, a
   * page of 1024 ids at a time (a box that lives for days under load must
   * not grow forever). Read at each new message, so it can change.
   */
  constructor(private readonly limit: () => number = () => Infinity) {}

  get size(): number {
    return this.count;
  }

  get(id: number): T | undefined {
    // Ids from the wire may be anything: only a stored slot answers.
    if ((id | 0) !== id || id < 1) return undefined;
    return this.pages[id >>> PAGE_BITS]?.[id & PAGE_MASK];
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, value: T): void {
    if ((id | 0) !== id || id < 1) throw new RangeError(`MessageStore: a message id is an integer in 1..${MAX_ID}, got ${id}`);
    const index = id >>> PAGE_BITS;
    const page = (this.pages[index] ??= new Array<T | undefined>(PAGE_SIZE).fill(undefined));
    if (page[id & PAGE_MASK] === undefined) {
      this.count++;
      this.live[index] = (this.live[index] ?? 0) + 1;
    }
    page[id & PAGE_MASK] = value;
    if (this.count > this.limit()) this.dropOldest(index);
  }

  /** Drops whole pages, oldest first, while what is left stays at the limit or more; never page `upTo` or later. */
  private dropOldest(upTo: number): void {
    const limit = this.limit();
    for (; this.first < upTo; this.first++) {
      if (!this.pages[this.first]) continue;
      const live = this.live[this.first]!;
      if (this.count - live < limit) return;
      this.count -= live;
      this.pages[this.first] = undefined;
    }
  }

  delete(id: number): boolean {
    if (!this.has(id)) return false;
    this.pages[id >>> PAGE_BITS]![id & PAGE_MASK] = undefined;
    this.live[id >>> PAGE_BITS]!--;
    this.count--;
    return true;
  }

  /** [id, message] pairs, oldest (lowest id) first. */
  *entries(): IterableIterator<[number, T]> {
    for (let p = this.first; p < this.pages.length; p++) {
      const page = this.pages[p];
      if (!page) continue;
      for (let i = 0; i < PAGE_SIZE; i++) {
        const value = page[i];
        if (value !== undefined) yield [(p << PAGE_BITS) | i, value];
      }
    }
  }

  *values(): IterableIterator<T> {
    for (const [, value] of this.entries()) yield value;
  }

  *keys(): IterableIterator<number> {
    for (const [id] of this.entries()) yield id;
  }

  /** The newest (highest id) message, if any. */
  newest(): T | undefined {
    for (let p = this.pages.length - 1; p >= this.first; p--) {
      const page = this.pages[p];
      if (!page) continue;
      for (let i = PAGE_SIZE - 1; i >= 0; i--) if (page[i] !== undefined) return page[i];
    }
    return undefined;
  }
}
