/**
 * A message's id in each member's box: private chats and basic groups number
 * messages per account, so one post is a copy per member (userId -> id there).
 * Not a Map: the emulator keeps one of these per post for as long as the
 * post, and a Map of two entries weighed more than the message it indexed
 * (the garbage collector copies every kept byte).
 */
export class Copies implements ReadonlyMap<bigint, number> {
  // A private chat's two copies in fields of their own (most posts); a group's
  // further members as owner, id, owner, id, … in one array sized to fit.
  private readonly owner0: bigint;
  private readonly id0: number;
  private readonly owner1: bigint | undefined;
  private readonly id1: number | undefined;
  private readonly rest: (bigint | number)[] | undefined;

  /** One copy per owner, in `owners`' order, with the ids `idOf` gives (at least one owner). */
  constructor(owners: readonly bigint[], idOf: (owner: bigint) => number) {
    this.owner0 = owners[0]!;
    this.id0 = idOf(this.owner0);
    if (owners.length > 1) {
      this.owner1 = owners[1]!;
      this.id1 = idOf(this.owner1);
    }
    if (owners.length > 2) {
      this.rest = new Array((owners.length - 2) * 2);
      for (let i = 2; i < owners.length; i++) {
        this.rest[2 * i - 4] = owners[i]!;
        this.rest[2 * i - 3] = idOf(owners[i]!);
      }
    }
  }

  /** The copies of a message only one box holds. */
  static of(owner: bigint, id: number): Copies {
    return new Copies([owner], () => id);
  }

  get size(): number {
    return this.owner1 === undefined ? 1 : 2 + (this.rest?.length ?? 0) / 2;
  }

  get(owner: bigint): number | undefined {
    if (owner === this.owner0) return this.id0;
    if (owner === this.owner1) return this.id1;
    const rest = this.rest;
    if (rest) for (let i = 0; i < rest.length; i += 2) if (rest[i] === owner) return rest[i + 1] as number;
    return undefined;
  }

  has(owner: bigint): boolean {
    return this.get(owner) !== undefined;
  }

  *entries(): MapIterator<[bigint, number]> {
    yield [this.owner0, this.id0];
    if (this.owner1 === undefined) return;
    yield [this.owner1, this.id1!];
    const rest = this.rest ?? [];
    for (let i = 0; i < rest.length; i += 2) yield [rest[i] as bigint, rest[i + 1] as number];
  }

  *keys(): MapIterator<bigint> {
    for (const [owner] of this.entries()) yield owner;
  }

  *values(): MapIterator<number> {
    for (const [, id] of this.entries()) yield id;
  }

  forEach(fn: (id: number, owner: bigint, map: ReadonlyMap<bigint, number>) => void, thisArg?: unknown): void {
    for (const [owner, id] of this.entries()) fn.call(thisArg, id, owner, this);
  }

  [Symbol.iterator](): MapIterator<[bigint, number]> {
    return this.entries();
  }
}
