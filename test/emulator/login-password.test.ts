import { expect } from 'chai';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { bigintToBytes, passwordCheck, TELEGRAM_DH_PRIME, type SrpAlgo } from '../../src/protocol/crypto/index.js';
import { PasswordInvalidError, PasswordNeededError } from '../../src/protocol/mtproto/rpc-errors.js';
import type { tl } from '../../src/schema/index.js';
import { expectRpcError, freshPhone, Links, sendCodeRequest, type RawLink } from './helpers.js';

describe('emulator: 2FA (account.getPassword, auth.checkPassword)', function () {
  this.timeout(60_000); // every SRP proof is a 100,000-round PBKDF2 on each side
  let emulator: Emulator;
  const links = new Links(() => emulator);
  const PASSWORD = 'correct horse battery staple';

  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => links.closeAll());
  after(() => emulator.close());

  /** A user with a password, a raw link on its DC, and signIn done up to SESSION_PASSWORD_NEEDED. */
  async function pendingLogin(dcId = 2) {
    const phone = freshPhone();
    const user = emulator.createUser({ phone, firstName: 'Sec', dcId, password: PASSWORD });
    const link = await links.raw(dcId);
    const sent = await link.invoke(sendCodeRequest(phone));
    if (sent._ !== 'auth.sentCode') throw new Error('unreachable');
    const e = await expectRpcError(link.invoke({ _: 'auth.signIn', phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: emulator.lastLoginCode(phone) }), 401, 'SESSION_PASSWORD_NEEDED');
    expect(e).to.be.instanceOf(PasswordNeededError);
    return { phone, user, link };
  }

  const proof = (p: tl.account.Password, password: string) => passwordCheck(p.currentAlgo as SrpAlgo, p.srpB!, p.srpId!, password);
  const check = (link: RawLink, password: tl.TypeInputCheckPasswordSRP) => link.invoke({ _: 'auth.checkPassword', password });

  it("account.getPassword: has_password, Telegram's algorithm (g = 3, its 2048-bit prime, salts), srp_B, srp_id, and the new-password settings", async () => {
    const { link } = await pendingLogin();
    const p = await link.invoke({ _: 'account.getPassword' });
    expect(p.hasPassword).to.equal(true);
    const algo = p.currentAlgo as SrpAlgo;
    expect(algo._).to.equal('passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow');
    expect(algo.g).to.equal(3);
    expect(Buffer.from(algo.p).equals(Buffer.from(bigintToBytes(TELEGRAM_DH_PRIME, 256)))).to.equal(true);
    expect(algo.salt1).to.have.length(40);
    expect(algo.salt2).to.have.length(16);
    expect(p.srpB).to.have.length(256);
    expect(p.srpId).to.be.a('bigint');
    expect(p.newAlgo._).to.equal('passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow');
    expect((p.newAlgo as SrpAlgo).salt1).to.have.length(8);
    expect(p.newSecureAlgo._).to.equal('securePasswordKdfAlgoPBKDF2HMACSHA512iter100000');
    expect(p.secureRandom).to.have.length(32);
    // Each call is a new exchange.
    const again = await link.invoke({ _: 'account.getPassword' });
    expect(again.srpId).to.not.equal(p.srpId);
    expect(Buffer.from(again.srpB!).equals(Buffer.from(p.srpB!))).to.equal(false);
  });

  it('while the password is pending, other methods answer 401 SESSION_PASSWORD_NEEDED', async () => {
    const { link } = await pendingLogin();
    await expectRpcError(link.invoke({ _: 'updates.getState' }), 401, 'SESSION_PASSWORD_NEEDED');
    await expectRpcError(link.invoke({ _: 'auth.exportAuthorization', dcId: 1 }), 401, 'SESSION_PASSWORD_NEEDED');
  });

  it('the right password (SRP, verified on the server side): auth.authorization, and the key is logged in', async () => {
    const { link, user } = await pendingLogin();
    const p = await link.invoke({ _: 'account.getPassword' });
    const auth = await check(link, proof(p, PASSWORD));
    if (auth._ !== 'auth.authorization') throw new Error(`unexpected ${auth._}`);
    expect(auth.user).to.include({ id: user.userId, self: true });
    expect(await link.invoke({ _: 'updates.getState' })).to.include({ _: 'updates.state' });
  });

  it('a wrong password: 400 PASSWORD_HASH_INVALID; the right one still works after it', async () => {
    const { link } = await pendingLogin();
    const p = await link.invoke({ _: 'account.getPassword' });
    const e = await expectRpcError(check(link, proof(p, 'wrong')), 400, 'PASSWORD_HASH_INVALID');
    expect(e).to.be.instanceOf(PasswordInvalidError);
    await expectRpcError(check(link, { _: 'inputCheckPasswordEmpty' }), 400, 'PASSWORD_HASH_INVALID');
    const fresh = await link.invoke({ _: 'account.getPassword' });
    expect(await check(link, proof(fresh, PASSWORD))).to.include({ _: 'auth.authorization' });
  });

  it('an srp_id that is not the latest exchange: 400 SRP_ID_INVALID', async () => {
    const { link } = await pendingLogin();
    const old = await link.invoke({ _: 'account.getPassword' });
    await link.invoke({ _: 'account.getPassword' });
    await expectRpcError(check(link, proof(old, PASSWORD)), 400, 'SRP_ID_INVALID');
    const forged = { ...proof(old, PASSWORD), srpId: 42n };
    await expectRpcError(check(link, forged), 400, 'SRP_ID_INVALID');
  });

  it('a tampered proof (A or M1): 400 PASSWORD_HASH_INVALID', async () => {
    const { link } = await pendingLogin();
    const p = await link.invoke({ _: 'account.getPassword' });
    const good = proof(p, PASSWORD);
    const M1 = Uint8Array.from(good.M1);
    M1[0] ^= 1;
    await expectRpcError(check(link, { ...good, M1 }), 400, 'PASSWORD_HASH_INVALID');
    await expectRpcError(check(link, { ...good, A: new Uint8Array(256) }), 400, 'PASSWORD_HASH_INVALID');
  });

  it('without a pending login: getPassword and checkPassword answer 401 AUTH_KEY_UNREGISTERED', async () => {
    const link = await links.raw(1);
    await expectRpcError(link.invoke({ _: 'account.getPassword' }), 401, 'AUTH_KEY_UNREGISTERED');
    await expectRpcError(check(link, { _: 'inputCheckPasswordEmpty' }), 401, 'AUTH_KEY_UNREGISTERED');
  });

  it('a logged-in account without a password: account.password without has_password or srp fields', async () => {
    const bot = emulator.createBot({ username: 'nopass_bot', dcId: 1 });
    const link = await links.raw(1);
    await link.invoke({ _: 'auth.importBotAuthorization', flags: 0, apiId: 1, apiHash: 'x', botAuthToken: bot.token });
    const p = await link.invoke({ _: 'account.getPassword' });
    expect(p.hasPassword).to.not.equal(true);
    expect(p.currentAlgo).to.equal(undefined);
    expect(p.srpB).to.equal(undefined);
    expect(p.newAlgo._).to.equal('passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow');
  });

  it('our Client: signIn throws PasswordNeededError, checkPassword logs in, a wrong one is PasswordInvalidError', async () => {
    const phone = freshPhone();
    const user = emulator.createUser({ phone, firstName: 'Guarded', password: PASSWORD });
    const client = await links.client(1);
    const sent = await client.sendCode(phone);
    expect(client.dcId).to.equal(user.dcId);
    const needed = await client.signIn(sent, emulator.lastLoginCode(phone)!).catch((x: unknown) => x);
    expect(needed).to.be.instanceOf(PasswordNeededError);
    expect(await client.checkPassword('nope').catch((x: unknown) => x)).to.be.instanceOf(PasswordInvalidError);
    expect(await client.checkPassword(PASSWORD)).to.include({ id: user.userId, self: true });
  });
});
