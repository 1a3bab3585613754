import { expect } from 'chai';
import { Copies } from '../../../src/emulator/world/copies.js';

describe("emulator world: a post's copies, one per member's box", () => {
  it('reads like the Map it replaces, for one, two and many owners, in the order given', () => {
    for (const count of [1, 2, 3, 7]) {
      const owners = Array.from({ length: count }, (_, i) => 1_000_000_001n + BigInt(i));
      const idOf = (owner: bigint) => Number(owner % 1000n) * 10;
      const copies = new Copies(owners, idOf);
      const map = new Map(owners.map((o) => [o, idOf(o)]));
      expect(copies.size, `${count} owners`).to.equal(map.size);
      expect([...copies]).to.deep.equal([...map]);
      expect([...copies.keys()]).to.deep.equal([...map.keys()]);
      expect([...copies.values()]).to.deep.equal([...map.values()]);
      for (const o of owners) expect([copies.get(o), copies.has(o)]).to.deep.equal([map.get(o), true]);
      expect([copies.get(5n), copies.has(5n)], 'not a member').to.deep.equal([undefined, false]);
      const seen: [bigint, number][] = [];
      copies.forEach((id, owner) => seen.push([owner, id]));
      expect(seen).to.deep.equal([...map]);
    }
  });

  it('of(): the one copy of a message only one box holds', () => {
    expect([...Copies.of(42n, 7)]).to.deep.equal([[42n, 7]]);
  });
});
