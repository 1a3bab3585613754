import { expect } from 'chai';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { passwordCheck, type SrpAlgo } from '../../src/protocol/crypto/index.js';
import type { tl } from '../../src/schema/index.js';
import { API, expectRpcError, freshPhone, Links, sendCodeRequest, TestClock, until, type RawLink } from './helpers.js';

describe('emulator: QR login (auth.exportLoginToken, acceptLoginToken, importLoginToken)', function () {
  this.timeout(60_000);
  const clock = new TestClock();
  let emulator: Emulator;
  const links = new Links(() => emulator, clock.now);

  before(async () => {
    emulator = await startEmulator({ now: clock.now });
  });
  afterEach(() => links.closeAll());
  after(() => emulator.close());

  const exportToken = (link: RawLink, exceptIds: bigint[] = []) => link.invoke({ _: 'auth.exportLoginToken', ...API, exceptIds });
  const accept = (link: RawLink, token: Uint8Array) => link.invoke({ _: 'auth.acceptLoginToken', token });
  const importToken = (link: RawLink, token: Uint8Array) => link.invoke({ _: 'auth.importLoginToken', token });

  /** An app logged in as a new user homed on `dcId` (its link is on that DC), through its 2FA password when it has one. */
  async function loggedInApp(dcId: number, password?: string) {
    const phone = freshPhone();
    const user = emulator.createUser({ phone, firstName: 'Scanner', dcId, password });
    const link = await links.raw(dcId);
    const sent = await link.invoke(sendCodeRequest(phone));
    if (sent._ !== 'auth.sentCode') throw new Error('unreachable');
    const signIn = link.invoke({ _: 'auth.signIn', phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: emulator.lastLoginCode(phone) });
    if (password) {
      await expectRpcError(signIn, 401, 'SESSION_PASSWORD_NEEDED');
      await checkPassword(link, password);
    } else await signIn;
    return { user, link };
  }

  async function checkPassword(link: RawLink, password: string) {
    const p = await link.invoke({ _: 'account.getPassword' });
    return link.invoke({ _: 'auth.checkPassword', password: passwordCheck(p.currentAlgo as SrpAlgo, p.srpB!, p.srpId!, password) });
  }

  async function qrToken(link: RawLink, exceptIds: bigint[] = []): Promise<tl.auth.LoginToken> {
    const t = await exportToken(link, exceptIds);
    if (t._ !== 'auth.loginToken') throw new Error(`unexpected ${t._}`);
    return t;
  }

  const isLoginTokenUpdate = (u: tl.TypeUpdates) => u._ === 'updateShort' && u.update._ === 'updateLoginToken';

  it('exportLoginToken: auth.loginToken with a token and an expiry about 30 seconds away', async () => {
    const link = await links.raw(1);
    const before = Math.floor(clock.now() / 1000);
    const t = await qrToken(link);
    const after = Math.floor(clock.now() / 1000);
    expect(t.token).to.have.length(32);
    expect(t.expires).to.be.within(before + 30, after + 30);
    // Asking about one's own token before anyone accepted it: the same token.
    expect(await importToken(link, t.token)).to.include({ _: 'auth.loginToken', expires: t.expires });
  });

  it('same DC: acceptLoginToken returns the new authorization and pushes updateLoginToken to the exporter; the next export logs it in', async () => {
    const { user, link: app } = await loggedInApp(2);
    const screen = await links.raw(2);
    const t = await qrToken(screen);
    const session = await accept(app, t.token);
    expect(session).to.include({ _: 'authorization', deviceModel: 'test device', systemVersion: 'test os', apiId: API.apiId, appVersion: '9.9' });
    expect(session.hash).to.not.equal(0n);
    await until(() => screen.updates.some(isLoginTokenUpdate), 'updateLoginToken on the exporting session');
    expect(app.updates.some(isLoginTokenUpdate)).to.equal(false);

    const done = await exportToken(screen);
    if (done._ !== 'auth.loginTokenSuccess' || done.authorization._ !== 'auth.authorization') throw new Error(`unexpected ${done._}`);
    expect(done.authorization.user).to.include({ id: user.userId, self: true });
    expect(await screen.invoke({ _: 'updates.getState' })).to.include({ _: 'updates.state' });
    // Used up: accepting it again is refused.
    await expectRpcError(accept(app, t.token), 400, 'AUTH_TOKEN_ALREADY_ACCEPTED');
  });

  it('the account lives on another DC: loginTokenMigrateTo, then importLoginToken there logs in', async () => {
    const { user, link: app } = await loggedInApp(3);
    const screen = await links.raw(1);
    const t = await qrToken(screen);
    await accept(app, t.token);
    await until(() => screen.updates.some(isLoginTokenUpdate), 'updateLoginToken');
    const move = await exportToken(screen);
    if (move._ !== 'auth.loginTokenMigrateTo') throw new Error(`unexpected ${move._}`);
    expect(move.dcId).to.equal(3);
    // Imported on the wrong DC, the token points to the right one again.
    expect(await importToken(screen, move.token)).to.include({ _: 'auth.loginTokenMigrateTo', dcId: 3 });

    const home = await links.raw(3);
    const done = await importToken(home, move.token);
    if (done._ !== 'auth.loginTokenSuccess' || done.authorization._ !== 'auth.authorization') throw new Error(`unexpected ${done._}`);
    expect(done.authorization.user).to.include({ id: user.userId, self: true });
    expect(await home.invoke({ _: 'updates.getState' })).to.include({ _: 'updates.state' });
    await expectRpcError(importToken(home, move.token), 400, 'AUTH_TOKEN_ALREADY_ACCEPTED');
  });

  it('a token past its 30 seconds (emulator clock): 400 AUTH_TOKEN_EXPIRED', async () => {
    const { link: app } = await loggedInApp(1);
    const screen = await links.raw(1);
    const t = await qrToken(screen);
    clock.advance(31);
    await expectRpcError(accept(app, t.token), 400, 'AUTH_TOKEN_EXPIRED');
    await expectRpcError(importToken(screen, t.token), 400, 'AUTH_TOKEN_EXPIRED');
  });

  it('a token that was never issued, or another key\'s: 400 AUTH_TOKEN_INVALID', async () => {
    const { link: app } = await loggedInApp(2);
    const bogus = new Uint8Array(32).fill(7);
    await expectRpcError(accept(app, bogus), 400, 'AUTH_TOKEN_INVALID');
    await expectRpcError(importToken(app, bogus), 400, 'AUTH_TOKEN_INVALID');
    const screen = await links.raw(2);
    const t = await qrToken(screen);
    const stranger = await links.raw(2);
    await expectRpcError(importToken(stranger, t.token), 400, 'AUTH_TOKEN_INVALID');
  });

  it('acceptLoginToken needs a logged-in user: 401 AUTH_KEY_UNREGISTERED without one, 400 BOT_METHOD_INVALID for a bot', async () => {
    const screen = await links.raw(1);
    const t = await qrToken(screen);
    const nobody = await links.raw(1);
    await expectRpcError(accept(nobody, t.token), 401, 'AUTH_KEY_UNREGISTERED');
    const bot = emulator.createBot({ username: 'qr_scanner_bot', dcId: 1 });
    await nobody.invoke({ _: 'auth.importBotAuthorization', flags: 0, ...API, botAuthToken: bot.token });
    await expectRpcError(accept(nobody, t.token), 400, 'BOT_METHOD_INVALID');
  });

  it('except_ids: an account the exporting app already has cannot accept (400 AUTH_TOKEN_EXCEPTION)', async () => {
    const { user, link: app } = await loggedInApp(2);
    const screen = await links.raw(2);
    const t = await qrToken(screen, [user.userId]);
    await expectRpcError(accept(app, t.token), 400, 'AUTH_TOKEN_EXCEPTION');
  });

  it('an account with 2FA: the login after acceptance answers 401 SESSION_PASSWORD_NEEDED, then checkPassword finishes it', async () => {
    const password = 'qr secret';
    const { link: app } = await loggedInApp(2, password);
    const screen = await links.raw(2);
    const t = await qrToken(screen);
    await accept(app, t.token);
    await until(() => screen.updates.some(isLoginTokenUpdate), 'updateLoginToken');
    await expectRpcError(exportToken(screen), 401, 'SESSION_PASSWORD_NEEDED');
    await expectRpcError(screen.invoke({ _: 'updates.getState' }), 401, 'SESSION_PASSWORD_NEEDED');
    expect(await checkPassword(screen, password)).to.include({ _: 'auth.authorization' });
    expect(await screen.invoke({ _: 'updates.getState' })).to.include({ _: 'updates.state' });
  });

  it('our Client: signInWithQr shows tg://login URLs, another app accepts, and it follows the account to its DC', async () => {
    const { user, link: app } = await loggedInApp(3);
    const client = await links.client(1);
    const urls: string[] = [];
    const me = await client.signInWithQr({
      onUrl: (url) => {
        urls.push(url);
        const token = Buffer.from(url.slice('tg://login?token='.length), 'base64url');
        void accept(app, token);
      },
    });
    expect(urls[0]).to.match(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/);
    expect(me).to.include({ id: user.userId, self: true });
    expect(client.dcId).to.equal(3);
  });
});
