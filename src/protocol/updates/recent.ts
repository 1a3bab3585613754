/** A bounded set that forgets its oldest entries: recently delivered messages, to drop repeats. */
export class RecentSet<T = string> {
  private readonly items = new Set<T>();
  /**
   * Insertion order, as a ring: a Set's own oldest entry (values().next()) is
   * found by skipping the holes its deletions left, slower the longer it runs.
   */
  private readonly order: (T | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.order = new Array<T | undefined>(capacity).fill(undefined);
  }

  has(key: T): boolean {
    return this.items.has(key);
  }

  add(key: T): void {
    if (this.items.has(key)) return;
    const oldest = this.order[this.next];
    if (oldest !== undefined) this.items.delete(oldest);
    this.items.add(key);
    this.order[this.next] = key;
    this.next = (this.next + 1) % this.capacity;
  }
}
