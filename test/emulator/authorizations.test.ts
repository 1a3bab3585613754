import { expect } from 'chai';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { UnauthorizedError } from '../../src/protocol/mtproto/rpc-errors.js';
import type { tl } from '../../src/schema/index.js';
import { API, expectRpcError, freshPhone, Links, sendCodeRequest, type RawLink } from './helpers.js';

describe('emulator: authorizations across DCs, logout, revocation, and the logged-in basics', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  const links = new Links(() => emulator);

  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => links.closeAll());
  after(() => emulator.close());

  /** A raw link on `dcId` logged in as a new user homed there. */
  async function loggedIn(dcId: number, name = 'Dana') {
    const phone = freshPhone();
    const user = emulator.createUser({ phone, firstName: name, dcId });
    const link = await links.raw(dcId);
    const sent = await link.invoke(sendCodeRequest(phone));
    if (sent._ !== 'auth.sentCode') throw new Error('unreachable');
    const auth = await link.invoke({ _: 'auth.signIn', phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: emulator.lastLoginCode(phone) });
    if (auth._ !== 'auth.authorization') throw new Error('unreachable');
    return { user, link, self: auth.user as tl.User };
  }

  const self = async (link: RawLink) => (await link.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }))[0] as tl.User;

  describe('auth.exportAuthorization / auth.importAuthorization', () => {
    it('exported at home, imported on another DC: that DC\'s key is logged in as the same user', async () => {
      const { user, link: home } = await loggedIn(1);
      const exported = await home.invoke({ _: 'auth.exportAuthorization', dcId: 3 });
      expect(exported).to.include({ _: 'auth.exportedAuthorization', id: user.userId });
      expect(exported.bytes.length).to.be.greaterThan(0);
      const other = await links.raw(3);
      await expectRpcError(other.invoke({ _: 'updates.getState' }), 401, 'AUTH_KEY_UNREGISTERED');
      const auth = await other.invoke({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes });
      if (auth._ !== 'auth.authorization') throw new Error('unreachable');
      expect(auth.user).to.include({ id: user.userId, self: true });
      expect(await self(other)).to.include({ id: user.userId, self: true });
    });

    it('wrong bytes, or bytes exported for another DC: 400 AUTH_BYTES_INVALID; a wrong id: 400 USER_ID_INVALID', async () => {
      const { user, link: home } = await loggedIn(2);
      const exported = await home.invoke({ _: 'auth.exportAuthorization', dcId: 3 });
      const dc3 = await links.raw(3);
      const flipped = Uint8Array.from(exported.bytes);
      flipped[0] ^= 0xff;
      await expectRpcError(dc3.invoke({ _: 'auth.importAuthorization', id: user.userId, bytes: flipped }), 400, 'AUTH_BYTES_INVALID');
      await expectRpcError(dc3.invoke({ _: 'auth.importAuthorization', id: user.userId, bytes: new Uint8Array(0) }), 400, 'AUTH_BYTES_INVALID');
      const dc1 = await links.raw(1);
      await expectRpcError(dc1.invoke({ _: 'auth.importAuthorization', id: user.userId, bytes: exported.bytes }), 400, 'AUTH_BYTES_INVALID');
      await expectRpcError(dc3.invoke({ _: 'auth.importAuthorization', id: user.userId + 1n, bytes: exported.bytes }), 400, 'USER_ID_INVALID');
      expect(await dc3.invoke({ _: 'auth.importAuthorization', id: user.userId, bytes: exported.bytes })).to.include({ _: 'auth.authorization' });
    });

    it('a DC that does not exist: 400 DC_ID_INVALID; without a login: 401 AUTH_KEY_UNREGISTERED', async () => {
      const { link } = await loggedIn(1);
      await expectRpcError(link.invoke({ _: 'auth.exportAuthorization', dcId: 9 }), 400, 'DC_ID_INVALID');
      const stranger = await links.raw(1);
      await expectRpcError(stranger.invoke({ _: 'auth.exportAuthorization', dcId: 2 }), 401, 'AUTH_KEY_UNREGISTERED');
    });

    it('our Client carries its authorization to another DC by itself (invoke with dcId)', async () => {
      const bot = emulator.createBot({ username: 'carry_bot', dcId: 1 });
      const client = await links.client(1);
      await client.signInBot(bot.token);
      const before = emulator.callCount('auth.importAuthorization');
      const [me] = await client.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }, { dcId: 2 });
      expect(me).to.include({ id: bot.userId, self: true, bot: true });
      expect(emulator.callCount('auth.importAuthorization') - before).to.equal(1);
    });
  });

  describe('auth.logOut and revokeAuthorization', () => {
    it('logOut answers auth.loggedOut; the key is a stranger again (401 AUTH_KEY_UNREGISTERED); logging out twice is 401 too', async () => {
      const { link } = await loggedIn(2);
      expect(await link.invoke({ _: 'auth.logOut' })).to.include({ _: 'auth.loggedOut' });
      await expectRpcError(link.invoke({ _: 'updates.getState' }), 401, 'AUTH_KEY_UNREGISTERED');
      await expectRpcError(link.invoke({ _: 'auth.logOut' }), 401, 'AUTH_KEY_UNREGISTERED');
    });

    it("revokeAuthorization ends every key of the account on every DC (401 SESSION_REVOKED); others' keys are untouched; a new login works", async () => {
      const { user, link: home } = await loggedIn(1);
      const exported = await home.invoke({ _: 'auth.exportAuthorization', dcId: 2 });
      const away = await links.raw(2);
      await away.invoke({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes });
      const { link: bystander } = await loggedIn(1, 'Bystander');

      expect(emulator.revokeAuthorization(user.userId)).to.equal(2);
      const e = await expectRpcError(home.invoke({ _: 'updates.getState' }), 401, 'SESSION_REVOKED');
      expect(e).to.be.instanceOf(UnauthorizedError);
      await expectRpcError(away.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }), 401, 'SESSION_REVOKED');
      await expectRpcError(home.invoke({ _: 'auth.exportAuthorization', dcId: 2 }), 401, 'SESSION_REVOKED');
      expect(await bystander.invoke({ _: 'updates.getState' })).to.include({ _: 'updates.state' });
      // help.* still answers on a revoked key, and so does a new login on it.
      expect(await home.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      const bot = emulator.createBot({ username: 'relogin_bot', dcId: 1 });
      await home.invoke({ _: 'auth.importBotAuthorization', flags: 0, ...API, botAuthToken: bot.token });
      expect(await self(home)).to.include({ id: bot.userId });
    });
  });

  describe('users.getUsers and updates.getState', () => {
    it('inputUserSelf: the user with self: true; inputUser with the access_hash this viewer got: the user, without self', async () => {
      const { user: a, link: linkA, self: selfA } = await loggedIn(1, 'Alice');
      const { link: linkB } = await loggedIn(1, 'Bob');
      // The same object as the login answered, but for the online status, which moves with the clock.
      expect({ ...(await self(linkA)), status: undefined }).to.deep.equal({ ...selfA, status: undefined });
      // B learns A's access_hash the way it would from any update: the emulator's user object for B.
      const seen = (await linkB.invoke({ _: 'users.getUsers', id: [{ _: 'inputUser', userId: a.userId, accessHash: 0n }] })) as tl.User[];
      expect(seen).to.deep.equal([]);
      const hashForB = await accessHashSeenBy(linkB, a.userId);
      const [alice] = (await linkB.invoke({ _: 'users.getUsers', id: [{ _: 'inputUser', userId: a.userId, accessHash: hashForB }] })) as tl.User[];
      expect(alice).to.include({ id: a.userId, firstName: 'Alice', self: false });
      expect(alice.phone).to.equal(undefined);
      // Unknown ids and inputUserEmpty are left out; order follows the request.
      const both = (await linkA.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserEmpty' }, { _: 'inputUserSelf' }, { _: 'inputUser', userId: 1n, accessHash: 1n }] })) as tl.User[];
      expect(both.map((u) => u.id)).to.deep.equal([a.userId]);
    });

    it('updates.getState: pts, qts, seq of the account, the emulator date, unread count', async () => {
      const { link } = await loggedIn(3);
      const before = Math.floor(Date.now() / 1000);
      const state = await link.invoke({ _: 'updates.getState' });
      const after = Math.floor(Date.now() / 1000);
      expect(state).to.include({ _: 'updates.state', pts: 1, qts: 0, seq: 0, unreadCount: 0 });
      expect(state.date).to.be.within(before, after);
    });
  });

  /** No RPC hands out another user's access_hash yet (contacts and chats come later): read it from the world, as a message would carry it. */
  async function accessHashSeenBy(viewer: RawLink, target: bigint): Promise<bigint> {
    const world = (emulator as unknown as { core: { world: { accounts: { get(id: bigint): unknown }; user(a: unknown, viewer: bigint): tl.User } } }).core.world;
    const me = await self(viewer);
    return world.user(world.accounts.get(target), me.id).accessHash!;
  }
});
