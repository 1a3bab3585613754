/** A bounded set that forgets its oldest entries: recently delivered messages, to drop repeats. */
export class RecentSet {
  private readonly items = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.items.has(key);
  }

  add(key: string): void {
    this.items.add(key);
    if (this.items.size > this.capacity) this.items.delete(this.items.values().next().value!);
  }
}
