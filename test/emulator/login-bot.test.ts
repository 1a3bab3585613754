import { expect } from 'chai';
import { filter, firstValueFrom, toArray, takeUntil, Subject } from 'rxjs';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { FloodWaitError } from '../../src/protocol/mtproto/rpc-errors.js';
import { API, expectRpcError, Links } from './helpers.js';

describe('emulator: bot login (auth.importBotAuthorization)', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  const links = new Links(() => emulator);

  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    emulator.faults.reset();
    await links.closeAll();
  });
  after(() => emulator.close());

  const importBot = (token: string) => ({ _: 'auth.importBotAuthorization', flags: 0, ...API, botAuthToken: token }) as const;

  it("on the bot's home DC: auth.authorization with the bot as self, bot and bot_info_version set", async () => {
    const bot = emulator.createBot({ username: 'home_bot', firstName: 'Home', dcId: 2 });
    const link = await links.raw(2);
    const auth = await link.invoke(importBot(bot.token));
    expect(auth._).to.equal('auth.authorization');
    if (auth._ !== 'auth.authorization' || auth.user._ !== 'user') throw new Error('unreachable');
    expect(auth.user).to.include({ id: bot.userId, self: true, bot: true, botInfoVersion: 1, firstName: 'Home', username: 'home_bot' });
    expect(auth.user.accessHash).to.be.a('bigint');
    // Now logged in: methods beyond help/auth answer.
    const [me] = await link.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
    expect(me).to.deep.equal(auth.user);
  });

  it('on another DC: 303 USER_MIGRATE_X naming the home DC, and the key stays unauthorized', async () => {
    const bot = emulator.createBot({ username: 'far_bot', dcId: 3 });
    const link = await links.raw(1);
    await expectRpcError(link.invoke(importBot(bot.token)), 303, 'USER_MIGRATE_3');
    await expectRpcError(link.invoke({ _: 'updates.getState' }), 401, 'AUTH_KEY_UNREGISTERED');
  });

  it('a bad token: 400 ACCESS_TOKEN_INVALID (unknown, tampered, or malformed)', async () => {
    const bot = emulator.createBot({ username: 'real_bot', dcId: 1 });
    const link = await links.raw(1);
    const tampered = bot.token.slice(0, -1) + (bot.token.endsWith('A') ? 'B' : 'A');
    for (const token of [tampered, '123:abc', '', `${bot.userId + 1n}:${bot.token.split(':')[1]}`]) {
      await expectRpcError(link.invoke(importBot(token)), 400, 'ACCESS_TOKEN_INVALID');
    }
  });

  it('api_id 0 or an empty api_hash: 400 API_ID_INVALID', async () => {
    const bot = emulator.createBot({ username: 'api_bot', dcId: 1 });
    const link = await links.raw(1);
    await expectRpcError(link.invoke({ ...importBot(bot.token), apiId: 0 }), 400, 'API_ID_INVALID');
    await expectRpcError(link.invoke({ ...importBot(bot.token), apiHash: '' }), 400, 'API_ID_INVALID');
  });

  it('our Client, started on the wrong DC, follows USER_MIGRATE to the bot and signs in there', async () => {
    const bot = emulator.createBot({ username: 'wander_bot', dcId: 3 });
    const client = await links.client(1);
    const stop = new Subject<void>();
    const moves = firstValueFrom(client.events$.pipe(filter((e) => e.type === 'home-dc'), takeUntil(stop), toArray()));
    const me = await client.signInBot(bot.token);
    stop.next();
    expect(me).to.include({ id: bot.userId, bot: true, self: true });
    expect(client.dcId).to.equal(3);
    expect(await moves).to.deep.equal([{ type: 'home-dc', from: 1, to: 3 }]);
    const state = await client.invoke({ _: 'updates.getState' });
    expect(state).to.include({ _: 'updates.state', pts: 1, qts: 0, seq: 0 });
  });

  it('faults.failMethod reaches login methods: FLOOD_WAIT_X on importBotAuthorization is a FloodWaitError', async () => {
    const bot = emulator.createBot({ username: 'flood_bot', dcId: 1 });
    const client = await links.client(1, { floodSleepThreshold: 0 });
    emulator.faults.failMethod('auth.importBotAuthorization', 420, 'FLOOD_WAIT_30');
    const e = await expectRpcError(client.signInBot(bot.token), 420, 'FLOOD_WAIT_30');
    expect(e).to.be.instanceOf(FloodWaitError).and.include({ seconds: 30 });
    expect(await client.signInBot(bot.token)).to.include({ id: bot.userId });
  });
});
