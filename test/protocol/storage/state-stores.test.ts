/** Runs the state-store conformance suite against every state store, and the SQLite store's own file checks. */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { MemoryStateStore, SqliteSessionStore, SqliteStateStore, StateFileError } from '../../../src/protocol/storage/index.js';
import { tempDir } from './helpers.js';
import { stateStoreConformance } from './state-conformance.js';

stateStoreConformance('MemoryStateStore', () => ({
  open: async (now) => new MemoryStateStore({ now }),
  count: (store) => (store as MemoryStateStore).size(),
  cleanup: async () => {},
}));

stateStoreConformance('SqliteStateStore', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  const file = () => (dir ??= tempDir()).file('state.db');
  return {
    open: (now) => SqliteStateStore.open(file(), { now }),
    reopen: async (store, now) => {
      await store.close?.();
      return SqliteStateStore.open(file(), { now });
    },
    count: (store) => (store as SqliteStateStore).size(),
    cleanup: async () => dir?.remove(),
  };
});

describe('SqliteStateStore files', () => {
  const dir = tempDir();
  after(() => dir.remove());

  it('refuses a file that is not SQLite, and a session file', async () => {
    const junk = dir.file('junk.db');
    writeFileSync(junk, 'not a database at all, but long enough to look like a file '.repeat(20));
    const error = await SqliteStateStore.open(junk).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StateFileError);

    const sessionFile = dir.file('session.db');
    const session = await SqliteSessionStore.open(sessionFile);
    await session.close();
    const refused = await SqliteStateStore.open(sessionFile).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(StateFileError);
    expect((refused as Error).message).to.match(/not a layer state file/);
  });

  it('lets two stores share one state file', async () => {
    const file = dir.file('shared.db');
    const a = await SqliteStateStore.open(file);
    const b = await SqliteStateStore.open(file);
    try {
      await a.set('k', 1n);
      expect(await b.get('k')).to.equal(1n);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
