/**
 * Spawned by sqlite.test.ts: `node session-child.js FILE hold|write`.
 * hold: opens the session, prints "ready", keeps it until stdin closes.
 * write: opens the session (saving an auth key on first use), prints
 * "ready PTS", then writes in a loop, printing each pts once its flush has
 * resolved, until killed.
 */
import { SqliteSessionStore, SessionStoreError } from '../../../src/protocol/storage/index.js';
import { key, scattered } from './helpers.js';

const [file, mode] = process.argv.slice(2);
let store: SqliteSessionStore;
try {
  store = await SqliteSessionStore.open(file);
} catch (e) {
  process.stdout.write(`error ${e instanceof SessionStoreError ? e.name : 'unexpected'} ${(e as Error).message}\n`);
  process.exit(2);
}

if (mode === 'hold') {
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => void store.close().then(() => process.exit(0)));
} else {
  if (!store.dc(2)?.authKey) {
    store.setAuthKey(2, key(2));
    store.setHomeDc(2);
    await store.flush();
  }
  let pts = store.updateState()?.pts ?? 0;
  process.stdout.write(`ready ${pts}\n`);
  for (;;) {
    pts++;
    // One step: the state, a channel's pts, the salt and a few peers, which must land together or not at all.
    store.setUpdateState({ pts, qts: pts * 2, seq: pts, date: 1_700_000_000 + pts });
    store.setChannelPts(1n, pts);
    store.setSalt(2, BigInt(pts));
    store.putPeers([
      { id: BigInt(pts), accessHash: BigInt(pts) * 7n, kind: 'user', min: false, username: `user${pts % 64}`, phone: `${pts % 97}` },
      { id: BigInt(-pts), accessHash: 0n, kind: 'chat', min: false },
      { id: 1n, accessHash: BigInt(pts), kind: 'user', min: pts % 2 === 0 },
      // Spread over the whole table, so that each commit writes many pages.
      ...scattered(pts).map((id) => ({ id, accessHash: BigInt(pts), kind: 'bot' as const, min: false })),
    ]);
    if (pts % 4 === 0) {
      await store.flush();
      process.stdout.write(`${pts}\n`);
    }
  }
}
