import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { tl } from '../../src/schema/index.js';
import { World } from '../../src/emulator/world/world.js';
import { normalizePhone } from '../../src/emulator/world/accounts.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

const newWorld = (delivered: { key: bigint; updates: tl.TypeUpdates; sessionId?: bigint }[] = []) =>
  new World({
    now: () => 1_700_000_000_000,
    random: (n) => randomBytes(n),
    dcIds: () => [1, 2, 3],
    deliver: (key, updates, sessionId) => delivered.push({ key, updates, sessionId }),
  });

describe('emulator/world: accounts, logins and update state', function () {
  this.timeout(20_000); // a 2FA password costs a 100,000-round PBKDF2

  describe('accounts', () => {
    it('bot tokens look like Telegram\'s: "<userId>:<35 characters>"', () => {
      const world = newWorld();
      const bot = world.accounts.createBot({ username: 'echo_bot' });
      expect(bot.botToken).to.match(/^\d+:[A-Za-z0-9_-]{35}$/);
      expect(bot.botToken!.split(':')[0]).to.equal(String(bot.id));
      expect(bot.firstName).to.equal('echo_bot');
      expect(world.accounts.findToken(bot.botToken!)).to.equal(bot);
    });

    it('without a dcId, accounts are spread over the DCs by a hash of the phone (stable)', () => {
      const world = newWorld();
      const homes = new Set<number>();
      for (let i = 0; i < 30; i++) {
        const phone = `+99966${String(i).padStart(5, '0')}`;
        const user = world.accounts.createUser({ phone, firstName: 'U' });
        expect(user.dcId).to.equal(world.accounts.homeDc(normalizePhone(phone)!));
        homes.add(user.dcId);
      }
      expect([...homes].sort()).to.deep.equal([1, 2, 3]);
    });

    it('a dcId homes the account there; an unknown DC is a clear error', () => {
      const world = newWorld();
      expect(world.accounts.createUser({ phone: '+999660000001', firstName: 'A', dcId: 3 }).dcId).to.equal(3);
      expect(() => world.accounts.createUser({ phone: '+999660000002', firstName: 'B', dcId: 7 })).to.throw(RangeError, /no DC 7/);
    });

    it('bad input to createUser / createBot is a clear error, not an odd account', () => {
      const world = newWorld();
      world.accounts.createUser({ phone: '+99966 000 0003', firstName: 'A', username: 'alice' });
      expect(() => world.accounts.createUser({ phone: 'not a phone', firstName: 'A' })).to.throw(TypeError, /international number/);
      expect(() => world.accounts.createUser({ phone: '999660000003', firstName: 'A' })).to.throw(/already belongs/);
      expect(() => world.accounts.createUser({ phone: '999660000004', firstName: '' })).to.throw(TypeError, /firstName/);
      expect(() => world.accounts.createUser({ phone: '999660000005', firstName: 'B', username: 'ALICE' })).to.throw(/taken/);
      expect(() => world.accounts.createBot({ username: '1bot' })).to.throw(TypeError, /start with a letter/);
      expect(() => world.accounts.createBot({} as never)).to.throw(TypeError, /username/);
    });

    it('phones are compared by their digits: +, spaces, dashes and brackets do not matter', () => {
      expect(normalizePhone('+1 (555) 010-2030')).to.equal('15550102030');
      expect(normalizePhone('12')).to.equal(undefined);
      expect(normalizePhone('+1555abc')).to.equal(undefined);
      const world = newWorld();
      const user = world.accounts.createUser({ phone: '+44 7700 900123', firstName: 'A' });
      expect(world.accounts.findPhone('447700900123')).to.equal(user);
    });

    it('a password is kept as an SRP verifier with Telegram\'s algorithm, never in the clear', () => {
      const world = newWorld();
      const user = world.accounts.createUser({ phone: '+999660000010', firstName: 'A', password: 'hunter2' });
      const algo = user.password!.algo;
      expect(algo._).to.equal('passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow');
      expect(algo.g).to.equal(3);
      expect(algo.salt1).to.have.length(40);
      expect(algo.salt2).to.have.length(16);
      expect(user.password!.verifier).to.have.length(256);
      expect(JSON.stringify(user, (_, v) => (typeof v === 'bigint' ? String(v) : v))).to.not.include('hunter2');
    });
  });

  describe('user objects', () => {
    it('bots carry bot and bot_info_version (they share flags.14); users a status; only self sees its phone', () => {
      const world = newWorld();
      const bot = world.accounts.createBot({ username: 'flags_bot' });
      const user = world.accounts.createUser({ phone: '+999660000020', firstName: 'Ann', lastName: 'Lee', username: 'ann' });
      const botSeen = world.user(bot, user.id);
      expect(botSeen).to.include({ bot: true, botInfoVersion: 1, username: 'flags_bot' });
      expect(botSeen.self).to.equal(undefined);
      const self = world.user(user, user.id);
      expect(self).to.include({ self: true, phone: '999660000020', firstName: 'Ann', lastName: 'Lee', username: 'ann' });
      expect(self.status?._).to.equal('userStatusOnline');
      expect(world.user(user, bot.id).phone).to.equal(undefined);
    });

    it('access_hash differs per viewer and is stable', () => {
      const world = newWorld();
      const a = world.accounts.createUser({ phone: '+999660000030', firstName: 'A' });
      const b = world.accounts.createUser({ phone: '+999660000031', firstName: 'B' });
      const c = world.accounts.createUser({ phone: '+999660000032', firstName: 'C' });
      const seenByA = world.user(c, a.id).accessHash!;
      expect(world.user(c, a.id).accessHash).to.equal(seenByA);
      expect(world.user(c, b.id).accessHash).to.not.equal(seenByA);
      expect(world.accessHashOk(a.id, c, seenByA)).to.equal(true);
      expect(world.accessHashOk(b.id, c, seenByA)).to.equal(false);
    });
  });

  describe('update state', () => {
    it('pts/qts/seq per account; push reaches every auth key logged in as the account, except the one named', () => {
      const delivered: { key: bigint; updates: tl.TypeUpdates }[] = [];
      const world = newWorld(delivered);
      const user = world.accounts.createUser({ phone: '+999660000040', firstName: 'A' });
      const other = world.accounts.createUser({ phone: '+999660000041', firstName: 'B' });
      for (const [key, dc] of [
        [11n, 1],
        [12n, 2],
      ] as const)
        world.authorizations.logIn(world.authorizations.key(key, dc), user.id);
      world.authorizations.logIn(world.authorizations.key(13n, 1), other.id);

      expect(world.updates.getState(user.id)).to.deep.equal({ _: 'updates.state', pts: 1, qts: 0, date: 1_700_000_000, seq: 0, unreadCount: 0 });
      expect(world.updates.nextPts(user.id, 2)).to.equal(3);
      expect(world.updates.nextQts(user.id)).to.equal(1);
      expect(world.updates.nextSeq(user.id)).to.equal(1);
      expect(world.updates.state(other.id)).to.deep.equal({ pts: 1, qts: 0, seq: 0 });

      const updates: tl.TypeUpdates = { _: 'updatesTooLong' };
      world.updates.push(user.id, updates);
      expect(delivered.map((d) => d.key).sort()).to.deep.equal([11n, 12n]);
      delivered.length = 0;
      world.updates.push(user.id, updates, 11n);
      expect(delivered.map((d) => d.key)).to.deep.equal([12n]);
    });

    it('a revoked or logged-out key no longer receives the account\'s updates', () => {
      const delivered: { key: bigint }[] = [];
      const world = newWorld(delivered as never);
      const user = world.accounts.createUser({ phone: '+999660000050', firstName: 'A' });
      const a = world.authorizations.key(21n, 1);
      const b = world.authorizations.key(22n, 2);
      world.authorizations.logIn(a, user.id);
      world.authorizations.logIn(b, user.id);
      world.authorizations.logOut(a);
      world.updates.push(user.id, { _: 'updatesTooLong' });
      expect(delivered.map((d) => d.key)).to.deep.equal([22n]);
      expect(world.authorizations.revoke(user.id)).to.equal(1);
      expect(b).to.include({ revoked: true, userId: undefined });
      delivered.length = 0;
      world.updates.push(user.id, { _: 'updatesTooLong' });
      expect(delivered).to.deep.equal([]);
    });
  });

  describe('the public knobs on Emulator', () => {
    let emulator: Emulator;
    before(async () => {
      emulator = await startEmulator();
    });
    after(() => emulator.close());

    it('createBot and createUser return the id and the home DC; lastLoginCode is undefined before any code', () => {
      const bot = emulator.createBot({ username: 'knob_bot', dcId: 2 });
      expect(bot).to.include({ dcId: 2 });
      expect(bot.token.startsWith(`${bot.userId}:`)).to.equal(true);
      const user = emulator.createUser({ phone: '+999661110000', firstName: 'K' });
      expect(user.userId).to.be.a('bigint');
      expect([1, 2, 3]).to.include(user.dcId);
      expect(emulator.lastLoginCode('+999661110000')).to.equal(undefined);
      expect(emulator.lastLoginCode('garbage')).to.equal(undefined);
      expect(emulator.revokeAuthorization(user.userId)).to.equal(0);
    });
  });
});
