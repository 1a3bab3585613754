import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../../../src/protocol/client/client.js';
import { SqliteSessionStore, StringSession } from '../../../src/protocol/storage/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';

describe('protocol/client: sessions survive a restart', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let dir: string;

  before(async () => {
    emulator = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'layer-client-session-'));
  });
  after(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newClient = (store: ConstructorParameters<typeof Client>[0]['session']) =>
    new Client({ ...emulator.clientOptions(), apiId: 1, apiHash: 'emulator', dcId: 1, session: store });

  /** A new client on `store` connects and is the bot again, on its home DC, without logging in. */
  async function expectResumed(store: ConstructorParameters<typeof Client>[0]['session'], bot: { userId: bigint; dcId: number }) {
    const second = newClient(store);
    try {
      await second.connect();
      expect(second.dcId).to.equal(bot.dcId);
      expect(second.self).to.include({ id: bot.userId });
    } finally {
      await second.close();
    }
  }

  it('SQLite: a logged-in bot restarts with no new auth key, on its home DC, logged in, with its update state', async () => {
    const bot = emulator.createBot({ username: 'layer_sqlite_bot', dcId: 2 });
    const file = join(dir, 'bot.session');

    const store = await SqliteSessionStore.open(file);
    const first = newClient(store);
    await first.connect();
    await first.signInBot(bot.token);
    await first.invoke({ _: 'updates.getState' });
    await first.close();
    await store.close();
    const keys = emulator.authKeyCount;

    const reopened = await SqliteSessionStore.open(file);
    expect(reopened.homeDc()).to.equal(2);
    expect(reopened.dc(2)?.authKey).to.have.length(256);
    expect(reopened.updateState(), 'the updates engine saved its state from getState').to.include({ qts: 0, seq: 0 });
    expect(await reopened.peer(bot.userId), 'the bot itself is in the peer cache').to.include({ kind: 'bot' });
    const second = newClient(reopened);
    try {
      await second.connect();
      expect(second.dcId).to.equal(2);
      expect(second.self).to.include({ id: bot.userId });
      expect(emulator.authKeyCount, 'no second handshake').to.equal(keys);
      expect(await second.invoke({ _: 'updates.getState' })).to.include({ _: 'updates.state' });
    } finally {
      await second.close();
      await reopened.close();
    }
  });

  it('a path as the session: the client opens the SQLite file itself, and closes it', async () => {
    const bot = emulator.createBot({ username: 'layer_path_bot', dcId: 3 });
    const file = join(dir, 'by-path.session');
    const first = newClient(file);
    await first.connect();
    await first.signInBot(bot.token);
    await first.close();
    await expectResumed(file, bot); // would be SessionInUseError had the first kept the file open
  });

  it('a string session: export after login, import into a new process-like client, still logged in', async () => {
    const bot = emulator.createBot({ username: 'layer_string_bot', dcId: 3 });
    const session = new StringSession();
    const first = newClient(session);
    await first.connect();
    await first.signInBot(bot.token);
    await first.close();
    const exported = session.export();
    expect(exported).to.match(/^layer1\./);

    await expectResumed(StringSession.import(exported), bot);
  });

  it('a stored auth key that is not logged in: connect works, and the client stays logged out', async () => {
    const session = new StringSession();
    const first = newClient(session);
    await first.connect();
    await first.close();
    const second = newClient(StringSession.import(session.export()));
    try {
      await second.connect();
      expect(second.self).to.equal(undefined);
    } finally {
      await second.close();
    }
  });
});
