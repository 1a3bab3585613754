import { expect } from 'chai';
import { RecentMap, RecentSet } from '../../src/protocol/recent.js';

describe('protocol: bounded recent maps and sets', () => {
  it('forgets the oldest key, by first insertion, once past its capacity', () => {
    const map = new RecentMap<number, string>(3);
    map.set(1, 'a');
    map.set(2, 'b');
    map.set(3, 'c');
    map.set(1, 'a2'); // a known key: new value, same place in the order
    expect(map.size).to.equal(3);
    expect(map.get(1)).to.equal('a2');
    map.set(4, 'd');
    expect(map.has(1), 'the oldest goes first, even though it was set again').to.equal(false);
    expect([2, 3, 4].map((k) => map.get(k))).to.deep.equal(['b', 'c', 'd']);
    map.set(5, 'e');
    map.set(6, 'f');
    expect(map.size).to.equal(3);
    expect([4, 5, 6].every((k) => map.has(k))).to.equal(true);
    expect(map.delete(5)).to.equal(true);
    expect(map.delete(5)).to.equal(false);
    expect(map.has(5)).to.equal(false);
    expect(map.size).to.equal(2);
  });

  it('stays bounded over a long run, keeping exactly the newest keys', () => {
    const set = new RecentSet<number>(1000);
    for (let i = 0; i < 200_000; i++) set.add(i);
    expect(set.has(198_999)).to.equal(false);
    expect(set.has(199_000)).to.equal(true);
    expect(set.has(199_999)).to.equal(true);
  });
});
