/** State kept with the session (`sessionStore.stateStore()`): the conformance suite on each session store, and what sharing the session's backend means. */
import { expect } from 'chai';
import { MemorySessionStore, SqliteSessionStore, StateStoreClosedError, StringSession, SQLITE_SCHEMA_VERSION, type SessionStateStore } from '../../../src/protocol/storage/index.js';
import { key, tempDir, withRawDb } from './helpers.js';
import { stateStoreConformance } from './state-conformance.js';

stateStoreConformance('SqliteSessionStore.stateStore()', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  let session: SqliteSessionStore | undefined;
  const file = () => (dir ??= tempDir()).file('session.db');
  const open = async (now: () => number) => {
    session = await SqliteSessionStore.open(file());
    return session.stateStore({ now });
  };
  return {
    open,
    reopen: async (store, now) => {
      await store.close?.();
      await session!.close();
      return open(now);
    },
    count: (store) => (store as SessionStateStore).size(),
    cleanup: async () => {
      await session?.close();
      dir?.remove();
    },
  };
});

stateStoreConformance('MemorySessionStore.stateStore()', () => {
  const session = new MemorySessionStore();
  return {
    open: async (now) => session.stateStore({ now }),
    count: (store) => (store as SessionStateStore).size(),
    cleanup: () => session.close(),
  };
});

stateStoreConformance('StringSession.stateStore()', () => {
  const session = new StringSession({ onSave: () => {} });
  return {
    open: async (now) => session.stateStore({ now }),
    count: (store) => (store as SessionStateStore).size(),
    cleanup: () => session.close(),
  };
});

describe('state kept with the session', () => {
  const dir = tempDir();
  after(() => dir.remove());

  it('SQLite: state writes ride the session batches, in the same file, and flush() makes them durable', async () => {
    const file = dir.file('batched.db');
    const session = await SqliteSessionStore.open(file, { flushDelayMs: 60_000 });
    const state = session.stateStore();
    session.setAuthKey(2, key(2));
    await session.flush();
    await state.set('chat:1', { step: 'name' });
    session.setUpdateState({ pts: 5, qts: 0, seq: 1, date: 100 });
    expect(await state.get('chat:1')).to.deep.equal({ step: 'name' }); // seen through the queue
    await state.flush();
    await session.close();
    await withRawDb(file, async (db) => {
      const rows = (await db.execute('SELECT key, value FROM state')).rows.map((r) => [String(r[0]), String(r[1])]);
      expect(rows).to.deep.equal([['chat:1', '{"step":"name"}']]);
      expect(Number((await db.execute('SELECT pts FROM update_state')).rows[0][0])).to.equal(5);
    });
  });

  it('SQLite: a version 1 session file gets the state table on open, and keeps everything else', async () => {
    const file = dir.file('v1.db');
    const first = await SqliteSessionStore.open(file);
    first.setAuthKey(2, key(7));
    await first.close();
    await withRawDb(file, async (db) => {
      await db.batch(['DROP TABLE state', 'PRAGMA user_version = 1'], 'write');
    });
    const again = await SqliteSessionStore.open(file);
    try {
      expect(again.dc(2)?.authKey).to.deep.equal(key(7));
      const state = again.stateStore();
      await state.set('k', 1n);
      expect(await state.get('k')).to.equal(1n);
    } finally {
      await again.close();
    }
    await withRawDb(file, async (db) => {
      expect(Number((await db.execute('PRAGMA user_version')).rows[0][0])).to.equal(SQLITE_SCHEMA_VERSION);
    });
  });

  it('views share the entries; closing a view leaves the session and the others; closing the session closes them all', async () => {
    const session = await SqliteSessionStore.open(dir.file('views.db'));
    const a = session.stateStore();
    const b = session.stateStore();
    await a.set('shared', 'x');
    expect(await b.get('shared')).to.equal('x');
    await a.close();
    expect(await a.get('shared').catch((e: unknown) => e)).to.be.instanceOf(StateStoreClosedError);
    expect(await b.get('shared')).to.equal('x');
    await session.close();
    expect(await b.set('shared', 'y').catch((e: unknown) => e)).to.be.instanceOf(StateStoreClosedError);
    expect(() => session.stateStore()).to.throw(StateStoreClosedError);
  });

  it('a StringSession keeps its state in memory, out of the exported string', async () => {
    const session = new StringSession();
    session.setAuthKey(2, key(1));
    const before = session.export();
    await session.stateStore().set('chat:1', { long: 'x'.repeat(1000) });
    expect(session.export()).to.equal(before);
    expect(await session.stateStore().get('chat:1')).to.deep.equal({ long: 'x'.repeat(1000) });
  });
});
