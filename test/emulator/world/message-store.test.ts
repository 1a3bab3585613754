import { expect } from 'chai';
import { MessageStore } from '../../../src/emulator/world/message-store.js';

describe('emulator world: a box of messages by id', () => {
  it('gets, replaces and deletes what was set, across pages, and counts it', () => {
    const store = new MessageStore<string>();
    const ids = [1, 2, 1023, 1024, 1025, 5000, 70_000];
    for (const id of ids) store.set(id, `m${id}`);
    expect(store.size).to.equal(ids.length);
    for (const id of ids) expect(store.get(id)).to.equal(`m${id}`);
    expect(store.has(3)).to.equal(false);
    expect(store.get(4096), 'a page never made').to.equal(undefined);

    store.set(1024, 'edited');
    expect(store.size, 'replacing does not count twice').to.equal(ids.length);
    expect(store.get(1024)).to.equal('edited');

    expect(store.delete(1025)).to.equal(true);
    expect(store.delete(1025), 'already gone').to.equal(false);
    expect(store.delete(3), 'never there').to.equal(false);
    expect(store.has(1025)).to.equal(false);
    expect(store.size).to.equal(ids.length - 1);
  });

  it('iterates in id order, skipping deleted ids, and knows the newest', () => {
    const store = new MessageStore<number>();
    expect(store.newest()).to.equal(undefined);
    expect([...store.values()]).to.deep.equal([]);
    for (const id of [3000, 1, 2, 1500]) store.set(id, id * 10);
    store.delete(2);
    expect([...store.keys()]).to.deep.equal([1, 1500, 3000]);
    expect([...store.values()]).to.deep.equal([10, 15000, 30000]);
    expect([...store.entries()]).to.deep.equal([[1, 10], [1500, 15000], [3000, 30000]]);
    expect(store.newest()).to.equal(30000);
    store.delete(3000);
    expect(store.newest(), 'the newest left after a delete').to.equal(15000);
  });

  it('answers ids from the wire that cannot be stored with nothing, and refuses to store them', () => {
    const store = new MessageStore<string>();
    store.set(1, 'a');
    for (const id of [0, -1, 1.5, NaN, 2 ** 31, Infinity]) {
      expect(store.get(id), `get(${id})`).to.equal(undefined);
      expect(store.has(id), `has(${id})`).to.equal(false);
      expect(store.delete(id), `delete(${id})`).to.equal(false);
      expect(() => store.set(id, 'x'), `set(${id})`).to.throw(RangeError, /message id/);
    }
    expect(store.size).to.equal(1);
  });

  it('with a limit, keeps at least the newest messages and drops the oldest a page at a time, never the newest page', () => {
    let limit = 2000;
    const store = new MessageStore<number>(() => limit);
    for (let id = 1; id <= 5000; id++) store.set(id, id);
    expect(store.size).to.be.within(2000, 2000 + 1024);
    expect(store.get(5000)).to.equal(5000);
    expect(store.get(5000 - 1999), 'the newest 2000 are kept').to.equal(5000 - 1999);
    expect(store.get(1), 'the oldest went').to.equal(undefined);
    expect([...store.keys()][0]! % 1024, 'whole pages go').to.equal(0);
    expect(store.size).to.equal([...store.values()].length);
    limit = 10;
    store.set(5001, 5001);
    expect(store.size, 'a limit below a page keeps the page being written').to.be.within(10, 1024);
    expect(store.get(5001)).to.equal(5001);
  });

  it('keeps a bot box of a million messages', () => {
    const store = new MessageStore<{ id: number }>();
    for (let id = 1; id <= 1_000_000; id++) store.set(id, { id });
    expect(store.size).to.equal(1_000_000);
    expect(store.get(654_321)!.id).to.equal(654_321);
    expect(store.newest()!.id).to.equal(1_000_000);
  });
});
