/** The state-store conformance suite, written once and run against every state store (`state-stores.test.ts`). */
import { expect } from 'chai';
import { StateStoreClosedError, StateValueError, type StateStore } from '../../../src/protocol/storage/index.js';

export interface StateHarness {
  /** A fresh store on the given clock. */
  open(now: () => number): Promise<StateStore>;
  /** Closes `store` and opens what it kept, on the given clock; absent for a store that keeps nothing. */
  reopen?(store: StateStore, now: () => number): Promise<StateStore>;
  /** How many entries the store holds, expired ones not yet swept included. */
  count(store: StateStore): Promise<number>;
  cleanup(): Promise<void>;
}

export function stateStoreConformance(name: string, makeHarness: () => StateHarness): void {
  describe(`StateStore conformance: ${name}`, () => {
    let harness: StateHarness;
    let store: StateStore;
    let clock: number;
    const now = () => clock;
    beforeEach(async () => {
      clock = 1_000_000;
      harness = makeHarness();
      store = await harness.open(now);
    });
    afterEach(async () => {
      await store.close?.();
      await harness.cleanup();
    });

    it('answers undefined for a missing key; keeps, replaces and deletes values', async () => {
      expect(await store.get('k')).to.equal(undefined);
      await store.set('k', { step: 1 });
      await store.set('other', 'x');
      expect(await store.get('k')).to.deep.equal({ step: 1 });
      await store.set('k', [1, 2]);
      expect(await store.get('k')).to.deep.equal([1, 2]);
      await store.delete('k');
      await store.delete('never-set');
      expect(await store.get('k')).to.equal(undefined);
      expect(await store.get('other')).to.equal('x');
      await store.set('other', undefined);
      expect(await store.get('other')).to.equal(undefined);
    });

    it('keeps what JSON would lose: bigint, bytes, dates, odd numbers, $ keys, undefined in arrays', async () => {
      const value = {
        id: -9_223_372_036_854_775_808n,
        big: 2n ** 100n,
        bytes: new Uint8Array([0, 1, 254, 255]),
        when: new Date(1_700_000_000_123),
        odd: [NaN, Infinity, -Infinity, -0, 0, 1.5],
        holes: [undefined, null, 'x'],
        $bigint: 'a key that looks like a tag',
        $$x: { $bytes: 'also not a tag' },
        nested: { deep: [{ k: 'v', n: null, t: true, f: false }] },
        text: '👨‍👩‍👧‍👦 "quotes" \\ \n',
        gone: undefined,
      };
      await store.set('v', value);
      const back = await store.get<typeof value>('v');
      const { gone: _, ...expected } = value;
      expect(back).to.deep.equal(expected);
      expect(back).to.not.have.property('gone');
      expect(Object.is(back!.odd[3], -0)).to.equal(true);
      expect(back!.bytes).to.be.instanceOf(Uint8Array);
      for (const scalar of [0, '', false, null, 7n, 'plain']) {
        await store.set('s', scalar);
        expect(await store.get('s')).to.equal(scalar);
      }
    });

    it('answers a copy: changing what get or set saw changes nothing stored', async () => {
      const value = { list: [1] };
      await store.set('c', value);
      value.list.push(2);
      const first = await store.get<{ list: number[] }>('c');
      first!.list.push(3);
      expect(await store.get('c')).to.deep.equal({ list: [1] });
    });

    it('refuses what it could not give back unchanged, with where it is', async () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      const cases: [unknown, RegExp][] = [
        [{ f: () => 1 }, /\$\.f: a function/],
        [{ s: Symbol('x') }, /\$\.s: a symbol/],
        [{ m: new Map() }, /\$\.m: a Map instance/],
        [[1, new (class Custom {})()], /\$\[1\]: a Custom instance/],
        [cyclic, /\$\.self: a cycle/],
      ];
      for (const [value, message] of cases) {
        let error: unknown;
        await store.set('bad', value).catch((e: unknown) => (error = e));
        expect(error, String(message)).to.be.instanceOf(StateValueError);
        expect((error as Error).message).to.match(message);
      }
      expect(await store.get('bad')).to.equal(undefined);
      // The same object twice (not a cycle) is fine.
      const shared = { n: 1 };
      await store.set('dag', [shared, shared]);
      expect(await store.get('dag')).to.deep.equal([{ n: 1 }, { n: 1 }]);
    });

    it('expires an entry after its TTL by the injected clock; a later set without TTL keeps it', async () => {
      await store.set('t', 'soon', 1000);
      await store.set('forever', 'f');
      clock += 999;
      expect(await store.get('t')).to.equal('soon');
      clock += 1;
      expect(await store.get('t')).to.equal(undefined);
      expect(await store.get('forever')).to.equal('f');
      await store.set('t', 'again', 10);
      await store.set('t', 'kept');
      clock += 1_000_000;
      expect(await store.get('t')).to.equal('kept');
    });

    it('refuses a TTL that is not a positive number', async () => {
      for (const ttl of [0, -5, NaN, Infinity]) {
        let error: unknown;
        await store.set('x', 1, ttl).catch((e: unknown) => (error = e));
        expect(error, String(ttl)).to.be.instanceOf(StateValueError);
      }
    });

    it('sweeps expired entries as it writes', async () => {
      for (let i = 0; i < 300; i++) await store.set(`old${i}`, i, 10);
      clock += 10;
      for (let i = 0; i < 300; i++) await store.set(`new${i}`, i);
      // 600 written, 300 expired: a sweep has run since they expired, so fewer than 600 are held.
      expect(await harness.count(store)).to.be.below(600).and.at.least(300);
      for (let i = 0; i < 300; i += 37) expect(await store.get(`old${i}`)).to.equal(undefined);
      expect(await store.get('new299')).to.equal(299);
    });

    it('refuses use after close', async () => {
      await store.close?.();
      if (!store.close) return;
      let error: unknown;
      await store.get('k').catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(StateStoreClosedError);
      store = { get: async () => undefined, set: async () => {}, delete: async () => {} };
    });

    it('keeps values and their TTLs across a reopen, where it persists', async function () {
      if (!harness.reopen) this.skip();
      await store.set('a', { n: 1n, b: new Uint8Array([9]) });
      await store.set('t', 'x', 500);
      store = await harness.reopen!(store, now);
      expect(await store.get('a')).to.deep.equal({ n: 1n, b: new Uint8Array([9]) });
      expect(await store.get('t')).to.equal('x');
      clock += 500;
      expect(await store.get('t')).to.equal(undefined);
    });
  });
}
