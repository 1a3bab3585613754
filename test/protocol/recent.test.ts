import { expect } from 'chai';
import { RecentMap, RecentSet } from '../../src/protocol/recent.js';

describe('protocol: bounded recent maps and sets', () => {
  it('remembers at least the newest `keep` keys and never more than twice that', () => {
    const map = new RecentMap<number, string>(3);
    for (let i = 1; i <= 10; i++) {
      map.set(i, `v${i}`);
      expect(map.size, `after ${i}`).to.be.within(Math.min(i, 3), 6);
      for (let j = Math.max(1, i - 2); j <= i; j++) expect(map.get(j), `${j} after ${i}`).to.equal(`v${j}`);
    }
    expect(map.has(1), 'the oldest went').to.equal(false);
  });

  it('a key set again is as new as its last write, with its new value', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2); // a and b move to the older generation
    map.set('a', 3); // a is new again
    map.set('c', 4); // a and c move back; b goes
    map.set('d', 5);
    expect(map.get('a')).to.equal(3);
    expect(map.has('b')).to.equal(false);
    expect([map.get('c'), map.get('d')]).to.deep.equal([4, 5]);
    expect(map.delete('a')).to.equal(true);
    expect(map.delete('a')).to.equal(false);
    expect(map.has('a')).to.equal(false);
  });

  it('keeps undefined values apart from absent keys', () => {
    const map = new RecentMap<number, string | undefined>(2);
    map.set(1, 'one');
    map.set(2, undefined); // 1 and 2 go to the older generation
    map.set(1, undefined);
    expect(map.has(1)).to.equal(true);
    expect(map.get(1)).to.equal(undefined);
    expect(map.has(2)).to.equal(true);
  });

  it('stays bounded over a long run, keeping the newest keys', () => {
    const set = new RecentSet<number>(1000);
    for (let i = 0; i < 200_000; i++) set.add(i);
    expect(set.has(197_999), 'older than twice the keep').to.equal(false);
    for (const i of [199_000, 199_500, 199_999]) expect(set.has(i)).to.equal(true);
  });

  it('shows each generation it forgets, whole, as it forgets it', () => {
    const forgotten: number[][] = [];
    const set = new RecentSet<number>(3, (gone) => forgotten.push([...gone]));
    for (let i = 1; i <= 10; i++) set.add(i);
    set.add(10); // a repeat is not a new key
    expect(forgotten).to.deep.equal([[], [1, 2, 3], [4, 5, 6]]);
    expect([7, 8, 9, 10].map((i) => set.has(i))).to.deep.equal([true, true, true, true]);
    expect(set.has(6)).to.equal(false);
  });

  it('refuses a keep that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, NaN]) {
      expect(() => new RecentMap(bad), String(bad)).to.throw(RangeError, /keep/);
      expect(() => new RecentSet(bad), String(bad)).to.throw(RangeError, /keep/);
    }
  });
});
