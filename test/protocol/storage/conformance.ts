/**
 * The session-store conformance suite, written once and run against every
 * store (`stores.test.ts`). A harness opens a fresh store and, for stores that
 * persist, closes one and opens what it left behind.
 */
import { expect } from 'chai';
import {
  SessionClosedError,
  type DcRecord,
  type PeerEntry,
  type PeerKind,
  type SessionStore,
  type UpdateState,
} from '../../../src/protocol/storage/index.js';
import { key } from './helpers.js';

export { key };

/** Made once per test; making one must not touch the disk (open() does). */
export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<SessionStore>;
  /** Closes `store` and opens what it persisted; absent for a store that keeps nothing. */
  reopen?(store: SessionStore): Promise<SessionStore>;
  /** What survives `reopen` beyond auth keys, addresses, salts, home DC, time offset and update state. */
  keeps: { peers: boolean; channelPts: boolean; tempKeys: boolean; futureSalts: boolean };
  /** Removes what the harness made. */
  cleanup(): Promise<void>;
}

/** Deterministic randomness, so a failure replays (xorshift32). */
export function prng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}


const peer = (id: bigint, accessHash: bigint, extra: Partial<PeerEntry> = {}): PeerEntry => ({ id, accessHash, kind: 'user', min: false, ...extra });

/**
 * The peer rules restated from the interface's documentation, independently
 * of the stores' code: the reference the randomized test compares with.
 */
class ReferencePeers {
  readonly rows = new Map<bigint, PeerEntry>();
  put(p: PeerEntry): void {
    const old = this.rows.get(p.id);
    let next: PeerEntry = p;
    if (old && p.min) {
      next = {
        id: p.id,
        kind: p.kind,
        accessHash: old.min ? p.accessHash : old.accessHash,
        min: old.min,
        ...(p.username ?? old.username ? { username: p.username ?? old.username } : {}),
        ...(p.phone ?? old.phone ? { phone: p.phone ?? old.phone } : {}),
      };
    }
    // Whoever claims a username or phone takes it from everyone else.
    for (const [id, row] of this.rows) {
      if (id === p.id) continue;
      let r = row;
      if (p.username !== undefined && r.username?.toLowerCase() === p.username.toLowerCase()) r = strip(r, 'username');
      if (p.phone !== undefined && r.phone === p.phone) r = strip(r, 'phone');
      if (r !== row) this.rows.set(id, r);
    }
    this.rows.set(p.id, next);
  }
  byUsername(u: string): PeerEntry | undefined {
    return [...this.rows.values()].find((r) => r.username?.toLowerCase() === u.toLowerCase());
  }
  byPhone(p: string): PeerEntry | undefined {
    return [...this.rows.values()].find((r) => r.phone === p);
  }
}

function strip(p: PeerEntry, field: 'username' | 'phone'): PeerEntry {
  const out = { ...p };
  delete out[field];
  return out;
}

export function sessionStoreConformance(name: string, makeHarness: () => StoreHarness): void {
  describe(`SessionStore conformance: ${name}`, () => {
    let h: StoreHarness;
    let store: SessionStore;
    const open: SessionStore[] = [];
    const track = (s: SessionStore) => (open.push(s), s);

    beforeEach(async () => {
      h = makeHarness();
      store = track(await h.open());
    });
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      await h.cleanup();
    });
    /** Closes and reopens when the store persists; otherwise keeps the same store (its view must hold anyway). */
    const cycle = async (s: SessionStore): Promise<SessionStore> => (h.reopen ? track(await h.reopen(s)) : s);

    it('starts empty', async () => {
      expect(store.homeDc()).to.equal(undefined);
      expect(store.dcs()).to.deep.equal([]);
      expect(store.dc(2)).to.equal(undefined);
      expect(store.timeOffset()).to.equal(0);
      expect(store.updateState()).to.equal(undefined);
      expect(store.channelPts(1n)).to.equal(undefined);
      expect(store.allChannelPts().size).to.equal(0);
      expect(await store.peer(1n)).to.equal(undefined);
      expect(await store.peerByUsername('nobody')).to.equal(undefined);
      expect(await store.peerByPhone('100')).to.equal(undefined);
      expect(store.closed).to.equal(false);
    });

    it('round-trips DCs: auth keys, addresses, salts, temp keys, future salts', async () => {
      store.setAuthKey(2, key(2));
      store.setDcAddress(2, { host: '149.154.167.51', port: 443 });
      store.setSalt(2, -0x7edc_ba98_7654_3210n, [
        { validSince: 100, validUntil: 1900, salt: 1n },
        { validSince: 1900, validUntil: 3700, salt: -(1n << 63n) },
      ]);
      store.setTempAuthKey(2, { key: key(9), expiresAt: 1_900_000_000 });
      store.setAuthKey(4, key(4));
      store.setDcAddress(1, { host: '2001:b28:f23d:f001::a', port: 80 });
      store.setHomeDc(4);
      store.setTimeOffset(-17);
      const want = (keepAll: boolean): DcRecord[] => [
        { id: 1, address: { host: '2001:b28:f23d:f001::a', port: 80 } },
        {
          id: 2,
          address: { host: '149.154.167.51', port: 443 },
          authKey: key(2),
          salt: -0x7edc_ba98_7654_3210n,
          ...(keepAll || h.keeps.futureSalts
            ? { futureSalts: [{ validSince: 100, validUntil: 1900, salt: 1n }, { validSince: 1900, validUntil: 3700, salt: -(1n << 63n) }] }
            : {}),
          ...(keepAll || h.keeps.tempKeys ? { tempAuthKey: { key: key(9), expiresAt: 1_900_000_000 } } : {}),
        },
        { id: 4, authKey: key(4) },
      ];
      expect(store.dcs()).to.deep.equal(want(true));
      expect(store.dc(4)).to.deep.equal({ id: 4, authKey: key(4) });
      const again = await cycle(store);
      expect(again.dcs()).to.deep.equal(want(!h.reopen));
      expect(again.homeDc()).to.equal(4);
      expect(again.timeOffset()).to.equal(-17);
    });

    it('forgets an auth key, a temp key and an address given null, and a DC left with nothing', async () => {
      store.setAuthKey(2, key(2));
      store.setTempAuthKey(2, { key: key(3), expiresAt: 5 });
      store.setDcAddress(2, { host: 'a', port: 1 });
      store.setAuthKey(3, key(3));
      store.setAuthKey(2, null);
      store.setTempAuthKey(2, null);
      store.setAuthKey(3, null);
      expect(store.dcs()).to.deep.equal([{ id: 2, address: { host: 'a', port: 1 } }]);
      store.setDcAddress(2, null);
      expect(store.dcs()).to.deep.equal([]);
      const again = await cycle(store);
      expect(again.dcs()).to.deep.equal([]);
    });

    it('keeps its own copy of an auth key', async () => {
      const k = key(1);
      store.setAuthKey(1, k);
      k.fill(0);
      expect(store.dc(1)?.authKey).to.deep.equal(key(1));
    });

    it('refuses bad values with a TypeError naming the field, and changes nothing', async () => {
      expect(() => store.setAuthKey(2, new Uint8Array(255))).to.throw(TypeError, /authKey: expected 256 bytes, got 255 bytes/);
      expect(() => store.setHomeDc(0)).to.throw(TypeError, /dcId/);
      expect(() => store.setSalt(2, 1n << 64n)).to.throw(TypeError, /salt: expected a signed 64-bit bigint/);
      expect(() => store.setDcAddress(2, { host: '', port: 443 })).to.throw(TypeError, /address.host/);
      expect(() => store.setUpdateState({ pts: 1.5, qts: 0, seq: 0, date: 0 })).to.throw(TypeError, /updateState.pts/);
      expect(() => store.setChannelPts(1n, -1.5)).to.throw(TypeError, /pts/);
      expect(() =>
        store.putPeers([peer(1n, 1n), { ...peer(2n, 2n), kind: 'robot' as PeerKind }]),
      ).to.throw(TypeError, /peers\[1\].kind/);
      expect(store.dcs()).to.deep.equal([]);
      expect(store.homeDc()).to.equal(undefined);
      expect(await store.peer(1n), 'a bad entry rejects the whole call').to.equal(undefined);
    });

    it('round-trips the update state and per-channel pts', async () => {
      const state: UpdateState = { pts: 1_234_567, qts: 89, seq: 4_000, date: 1_700_000_000 };
      store.setUpdateState(state);
      state.pts = 0; // the store keeps its own copy
      store.setChannelPts(1_000_000_001n, 77);
      store.setChannelPts(2n, 5);
      store.setChannelPts(2n, 6);
      expect(store.updateState()).to.deep.equal({ pts: 1_234_567, qts: 89, seq: 4_000, date: 1_700_000_000 });
      expect(store.channelPts(2n)).to.equal(6);
      const again = await cycle(store);
      expect(again.updateState()).to.deep.equal({ pts: 1_234_567, qts: 89, seq: 4_000, date: 1_700_000_000 });
      if (!h.reopen || h.keeps.channelPts) {
        expect(again.channelPts(1_000_000_001n)).to.equal(77);
        expect([...again.allChannelPts()].sort((a, b) => Number(a[0] - b[0]))).to.deep.equal([
          [2n, 6],
          [1_000_000_001n, 77],
        ]);
      }
    });

    it('finds peers by id, by username (any case, with or without @) and by phone (any formatting)', async () => {
      store.putPeers([
        peer(777000n, -5n, { username: 'Telegram', phone: '+42 777' }),
        { id: -1_000_000_000_123n, accessHash: 1n << 62n, kind: 'megagroup', min: false, username: 'SomeGroup' },
        { id: -55n, accessHash: 0n, kind: 'chat', min: false },
        { id: 93n, accessHash: 3n, kind: 'bot', min: false, username: 'a_bot' },
      ]);
      const check = async (s: SessionStore) => {
        expect(await s.peer(777000n)).to.deep.equal(peer(777000n, -5n, { username: 'Telegram', phone: '42777' }));
        expect((await s.peerByUsername('telegram'))?.id).to.equal(777000n);
        expect((await s.peerByUsername('@TELEGRAM'))?.id).to.equal(777000n);
        expect((await s.peerByUsername('somegroup'))?.kind).to.equal('megagroup');
        expect((await s.peerByPhone('42-777'))?.id).to.equal(777000n);
        expect(await s.peer(-55n)).to.deep.equal({ id: -55n, accessHash: 0n, kind: 'chat', min: false });
        expect((await s.peer(93n))?.kind).to.equal('bot');
        expect(await s.peerByUsername('telegra')).to.equal(undefined);
        expect(await s.peerByPhone('')).to.equal(undefined);
      };
      await check(store);
      await store.flush();
      await check(store);
      if (h.keeps.peers) await check(await cycle(store));
    });

    it('moves a username and a phone to the last peer that claims them, and frees an old username', async () => {
      store.putPeers([peer(1n, 1n, { username: 'Name', phone: '100' })]);
      await store.flush();
      store.putPeers([peer(2n, 2n, { username: 'name', phone: '100' })]);
      const check = async (s: SessionStore) => {
        expect((await s.peerByUsername('NAME'))?.id).to.equal(2n);
        expect((await s.peerByPhone('100'))?.id).to.equal(2n);
        expect(await s.peer(1n)).to.deep.equal(peer(1n, 1n));
      };
      await check(store);
      await store.flush();
      await check(store);
      store.putPeers([peer(2n, 2n, { username: 'renamed' })]);
      expect(await store.peerByUsername('name')).to.equal(undefined);
      expect(await store.peerByPhone('100'), 'a full entry without a phone clears it').to.equal(undefined);
      expect((await store.peerByUsername('renamed'))?.id).to.equal(2n);
      if (h.keeps.peers) {
        const again = await cycle(store);
        expect(await again.peerByUsername('name')).to.equal(undefined);
        expect((await again.peerByUsername('renamed'))?.id).to.equal(2n);
        expect(await again.peer(1n)).to.deep.equal(peer(1n, 1n));
      }
    });

    it('never lets a min entry overwrite a full entry access hash', async () => {
      store.putPeers([peer(10n, 1010n, { username: 'full', phone: '5' })]);
      store.putPeers([peer(10n, 9999n, { min: true, username: 'fuller' })]);
      const want = peer(10n, 1010n, { username: 'fuller', phone: '5' });
      expect(await store.peer(10n)).to.deep.equal(want);
      await store.flush();
      store.putPeers([peer(10n, 8888n, { min: true })]);
      expect(await store.peer(10n), 'a min entry without a username keeps the stored one').to.deep.equal(want);
      await store.flush();
      expect(await store.peer(10n)).to.deep.equal(want);
      if (h.keeps.peers) expect(await (await cycle(store)).peer(10n)).to.deep.equal(want);
    });

    it('stores a min entry when nothing better is known, lets a newer min replace it, and a full one upgrade it', async () => {
      store.putPeers([peer(20n, 1n, { min: true, kind: 'channel' })]);
      expect(await store.peer(20n)).to.deep.equal(peer(20n, 1n, { min: true, kind: 'channel' }));
      await store.flush();
      store.putPeers([peer(20n, 2n, { min: true, kind: 'channel', username: 'ch' })]);
      expect(await store.peer(20n)).to.deep.equal(peer(20n, 2n, { min: true, kind: 'channel', username: 'ch' }));
      await store.flush();
      store.putPeers([peer(20n, 3n, { kind: 'channel' })]);
      expect(await store.peer(20n)).to.deep.equal(peer(20n, 3n, { kind: 'channel' }));
      store.putPeers([peer(20n, 4n, { min: true, kind: 'channel' })]);
      expect((await store.peer(20n))?.accessHash).to.equal(3n);
      if (h.keeps.peers) expect(await (await cycle(store)).peer(20n)).to.deep.equal(peer(20n, 3n, { kind: 'channel' }));
    });

    it('applies writes in call order, flushes or not in between (last write wins)', async () => {
      const rnd = prng(7);
      const flushes: Promise<void>[] = [];
      for (let i = 1; i <= 600; i++) {
        store.setUpdateState({ pts: i, qts: i * 2, seq: i % 7, date: 1_700_000_000 + i });
        store.setChannelPts(BigInt(i % 5), i);
        store.setSalt(2, BigInt(i));
        store.putPeers([peer(BigInt(i % 9), BigInt(i), { username: `u${i % 4}` })]);
        if (rnd(10) === 0) flushes.push(store.flush()); // not awaited: flushes overlap the writes
      }
      await Promise.all(flushes);
      const check = async (s: SessionStore) => {
        expect(s.updateState()).to.deep.equal({ pts: 600, qts: 1200, seq: 600 % 7, date: 1_700_000_600 });
        expect(s.dc(2)?.salt).to.equal(600n);
        if (s === store || h.keeps.channelPts) for (let c = 0; c < 5; c++) expect(s.channelPts(BigInt(c))).to.equal(600 - ((600 - c) % 5));
        if (s === store || h.keeps.peers) {
          // u0..u3 last claimed by i = 597..600, ids i % 9
          for (let i = 597; i <= 600; i++) expect((await s.peerByUsername(`u${i % 4}`))?.id).to.equal(BigInt(i % 9));
          expect((await s.peer(600n % 9n))?.accessHash).to.equal(600n);
        }
      };
      await check(store);
      await check(await cycle(store));
    });

    it('takes a batch of thousands of peers and channels', async () => {
      const n = 1234;
      store.putPeers(Array.from({ length: n }, (_, i) => peer(BigInt(i + 1), BigInt(-i), { username: `Bulk_${i}`, phone: `7${i}` })));
      for (let i = 0; i < n; i++) store.setChannelPts(BigInt(i), i);
      // Claims in bulk too: every third name moves to a new peer.
      store.putPeers(Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === 0).map((i) => peer(BigInt(100_000 + i), 1n, { username: `bulk_${i}` })));
      await store.flush();
      const check = async (s: SessionStore) => {
        for (const i of [0, 1, 2, 500, 501, 1233]) {
          expect((await s.peerByUsername(`BULK_${i}`))?.id, `bulk_${i}`).to.equal(BigInt(i % 3 === 0 ? 100_000 + i : i + 1));
          expect((await s.peerByPhone(`7${i}`))?.id).to.equal(BigInt(i + 1));
        }
        if (s === store || h.keeps.channelPts) expect(s.allChannelPts().size).to.equal(n);
      };
      await check(store);
      if (h.keeps.peers) await check(await cycle(store));
    });

    it('answers lookups made while a flush is in flight with the latest writes', async () => {
      store.putPeers([peer(1n, 1n, { username: 'x' })]);
      const flushing = store.flush();
      store.putPeers([peer(2n, 2n, { username: 'x', min: true })]);
      expect((await store.peerByUsername('x'))?.id).to.equal(2n);
      expect(await store.peer(1n)).to.deep.equal(peer(1n, 1n));
      await flushing;
      expect((await store.peerByUsername('x'))?.id).to.equal(2n);
    });

    for (const seed of [4242, 7, 99]) it(`agrees with the reference rules over a random run of peer writes, flushes and lookups (seed ${seed})`, async () => {
      const rnd = prng(seed);
      const ref = new ReferencePeers();
      const names = ['alpha', 'Beta', 'GAMMA', 'delta'];
      const kinds: PeerKind[] = ['user', 'bot', 'channel'];
      const pending: Promise<void>[] = [];
      for (let step = 0; step < 300; step++) {
        const id = BigInt(rnd(8) + 1);
        const p: PeerEntry = {
          id,
          accessHash: BigInt(step),
          kind: kinds[rnd(3)],
          min: rnd(3) === 0,
          ...(rnd(2) ? { username: rnd(2) ? names[rnd(4)] : names[rnd(4)].toUpperCase() } : {}),
          ...(rnd(3) === 0 ? { phone: String(100 + rnd(3)) } : {}),
        };
        store.putPeers([p]);
        ref.put(p);
        const r = rnd(20);
        if (r === 0) pending.push(store.flush());
        else if (r === 1) await store.flush();
        if (rnd(4) === 0) {
          const probe = BigInt(rnd(8) + 1);
          expect(await store.peer(probe), `step ${step}: peer ${probe}`).to.deep.equal(ref.rows.get(probe));
          const u = names[rnd(4)];
          expect(await store.peerByUsername(u), `step ${step}: @${u}`).to.deep.equal(ref.byUsername(u));
          const ph = String(100 + rnd(3));
          expect(await store.peerByPhone(ph), `step ${step}: phone ${ph}`).to.deep.equal(ref.byPhone(ph));
        }
      }
      await Promise.all(pending);
      const final = h.keeps.peers ? await cycle(store) : store;
      for (let i = 1n; i <= 8n; i++) expect(await final.peer(i), `peer ${i}`).to.deep.equal(ref.rows.get(i));
      for (const u of names) expect(await final.peerByUsername(u), `@${u}`).to.deep.equal(ref.byUsername(u));
    });

    it('refuses writes and peer lookups after close, and closes twice without harm', async () => {
      store.setHomeDc(2);
      await store.close();
      await store.close();
      expect(store.closed).to.equal(true);
      expect(store.homeDc(), 'the last view stays readable').to.equal(2);
      expect(() => store.setHomeDc(3)).to.throw(SessionClosedError, /setHomeDc: the session store is closed/);
      expect(() => store.putPeers([])).to.throw(SessionClosedError);
      try {
        await store.peer(1n);
        expect.fail('peer() after close resolved');
      } catch (e) {
        expect(e).to.be.instanceOf(SessionClosedError);
      }
    });

    if (makeHarness().reopen) {
      it('persists what close() flushes, without an explicit flush', async () => {
        store.setAuthKey(5, key(5));
        store.setHomeDc(5);
        store.setUpdateState({ pts: 9, qts: 8, seq: 7, date: 6 });
        store.putPeers([peer(3n, 33n, { username: 'three' })]);
        const again = await cycle(store);
        expect(again.dc(5)?.authKey).to.deep.equal(key(5));
        expect(again.homeDc()).to.equal(5);
        expect(again.updateState()).to.deep.equal({ pts: 9, qts: 8, seq: 7, date: 6 });
        if (h.keeps.peers) expect((await again.peerByUsername('THREE'))?.accessHash).to.equal(33n);
      });
    }
  });
}
