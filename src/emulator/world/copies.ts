/**
 * A message's id in each member's box: private chats and basic groups number
 * messages per account, so one post is a copy per member (userId -> id there).
 * Kept as one flat array of pairs, not a Map: the emulator keeps one of these
 * per post for as long as the post, and a Map of two entries weighed more
 * than the message it indexed (the garbage collector copies every kept byte).
 */
export class Copies implements ReadonlyMap<bigint, number> {
  /** owner, id, owner, id, …, sized to fit (an array grown by push keeps room for 17). */
  private readonly pairs: (bigint | number)[];

  /** One copy per owner, in `owners`' order, with the ids `idOf` gives. */
  constructor(owners: readonly bigint[], idOf: (owner: bigint) => number) {
    this.pairs = new Array(owners.length * 2);
    owners.forEach((owner, i) => {
      this.pairs[2 * i] = owner;
      this.pairs[2 * i + 1] = idOf(owner);
    });
  }

  /** The copies of a message only one box holds. */
  static of(owner: bigint, id: number): Copies {
    return new Copies([owner], () => id);
  }

  get size(): number {
    return this.pairs.length >> 1;
  }

  get(owner: bigint): number | undefined {
    for (let i = 0; i < this.pairs.length; i += 2) if (this.pairs[i] === owner) return this.pairs[i + 1] as number;
    return undefined;
  }

  has(owner: bigint): boolean {
    return this.get(owner) !== undefined;
  }

  *entries(): MapIterator<[bigint, number]> {
    for (let i = 0; i < this.pairs.length; i += 2) yield [this.pairs[i] as bigint, this.pairs[i + 1] as number];
  }

  *keys(): MapIterator<bigint> {
    for (let i = 0; i < this.pairs.length; i += 2) yield this.pairs[i] as bigint;
  }

  *values(): MapIterator<number> {
    for (let i = 1; i < this.pairs.length; i += 2) yield this.pairs[i] as number;
  }

  forEach(fn: (id: number, owner: bigint, map: ReadonlyMap<bigint, number>) => void, thisArg?: unknown): void {
    for (const [owner, id] of this.entries()) fn.call(thisArg, id, owner, this);
  }

  [Symbol.iterator](): MapIterator<[bigint, number]> {
    return this.entries();
  }
}
