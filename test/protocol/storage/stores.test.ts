/** Runs the conformance suite against every store. */
import { MemorySessionStore, SqliteSessionStore, StringSession, type SessionStore } from '../../../src/protocol/storage/index.js';
import { sessionStoreConformance } from './conformance.js';
import { tempDir } from './helpers.js';

sessionStoreConformance('MemorySessionStore', () => ({
  open: async () => new MemorySessionStore(),
  keeps: { peers: false, channelPts: false, tempKeys: false, futureSalts: false },
  cleanup: async () => {},
}));

sessionStoreConformance('StringSession', () => {
  let saved: string | undefined;
  const onSave = (s: string) => {
    saved = s;
  };
  return {
    open: async () => new StringSession({ onSave }),
    // What survives is exactly the last string handed to onSave.
    reopen: async (store: SessionStore) => {
      await store.close();
      return saved === undefined ? new StringSession({ onSave }) : StringSession.import(saved, { onSave });
    },
    keeps: { peers: false, channelPts: false, tempKeys: false, futureSalts: false },
    cleanup: async () => {},
  };
});

sessionStoreConformance('SqliteSessionStore', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  const file = () => (dir ??= tempDir()).file('session.db');
  return {
    open: () => SqliteSessionStore.open(file()),
    reopen: async (store: SessionStore) => {
      await store.close();
      return SqliteSessionStore.open(file());
    },
    keeps: { peers: true, channelPts: true, tempKeys: true, futureSalts: true },
    cleanup: async () => dir?.remove(),
  };
});
