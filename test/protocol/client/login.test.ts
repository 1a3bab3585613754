import { expect } from 'chai';
import { SignUpRequiredError } from '../../../src/protocol/client/auth/errors.js';
import { PasswordInvalidError, PasswordNeededError, PhoneCodeError, UnauthorizedError } from '../../../src/protocol/mtproto/rpc-errors.js';
import { useEmulator } from './harness.js';

describe('protocol/client: login against the emulator, through the wire', function () {
  this.timeout(30_000);
  const h = useEmulator({ updates: false });
  let phones = 0;
  const phone = () => `+4477009${String(++phones).padStart(5, '0')}`;
  const client = (dcId = 1) => h.client({ dcId });
  const events = h.events;

  it('a bot token: USER_MIGRATE to the bot\'s DC is followed, and the bot is logged in there', async () => {
    const bot = h.emulator.createBot({ username: 'layer_test_bot', dcId: 2 });
    const c = client(1);
    await c.connect();
    const seen = events(c);
    const self = await c.signInBot(bot.token);
    expect(self).to.include({ id: bot.userId, bot: true });
    expect(c.dcId).to.equal(2);
    expect(seen).to.deep.include({ type: 'home-dc', from: 1, to: 2 });
    const [me] = await c.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
    expect(me).to.include({ id: bot.userId, self: true });
  });

  it('a phone login: PHONE_MIGRATE to the account\'s DC, the code from the emulator, then signIn', async () => {
    const number = phone();
    const user = h.emulator.createUser({ phone: number, firstName: 'Ada', dcId: 3 });
    const c = client(1);
    await c.connect();
    const sent = await c.sendCode(number);
    expect(c.dcId).to.equal(3);
    const code = h.emulator.lastLoginCode(number)!;
    expect(code).to.match(/^\d{5}$/);
    expect(await c.signIn(sent, code)).to.include({ id: user.userId, firstName: 'Ada' });
    expect(await c.invoke({ _: 'updates.getState' })).to.include({ _: 'updates.state' });
  });

  it('a wrong code is a PhoneCodeError that says what to do', async () => {
    const number = phone();
    h.emulator.createUser({ phone: number, firstName: 'Bo', dcId: 1 });
    const c = client(1);
    await c.connect();
    const sent = await c.sendCode(number);
    const wrong = h.emulator.lastLoginCode(number) === '00000' ? '11111' : '00000';
    const e = await c.signIn(sent, wrong).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(PhoneCodeError).and.include({ errorMessage: 'PHONE_CODE_INVALID' });
    expect((e as Error).message).to.match(/wrong/);
  });

  it('a number without an account: SignUpRequiredError, then signUp creates it', async () => {
    const number = phone();
    const c = client(2);
    await c.connect();
    const sent = await c.sendCode(number);
    const code = h.emulator.lastLoginCode(number)!;
    const e = await c.signIn(sent, code).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(SignUpRequiredError);
    const self = await c.signUp(sent, 'New', 'Person');
    expect(self).to.include({ firstName: 'New', lastName: 'Person' });
  });

  it('2FA: PasswordNeededError, a wrong password, then the right one over SRP', async () => {
    const number = phone();
    const user = h.emulator.createUser({ phone: number, firstName: 'Cy', password: 'correct horse', dcId: 1 });
    const c = client(1);
    await c.connect();
    const sent = await c.sendCode(number);
    const needed = await c.signIn(sent, h.emulator.lastLoginCode(number)!).catch((x: unknown) => x);
    expect(needed).to.be.instanceOf(PasswordNeededError);
    const wrong = await c.checkPassword('battery staple').catch((x: unknown) => x);
    expect(wrong).to.be.instanceOf(PasswordInvalidError);
    expect(await c.checkPassword('correct horse')).to.include({ id: user.userId });
  });

  it('QR login: the URL goes to onUrl, another logged-in app accepts it, and the waiting client is in', async () => {
    const number = phone();
    const user = h.emulator.createUser({ phone: number, firstName: 'Dee', dcId: 2 });
    const phoneApp = client(2);
    await phoneApp.connect();
    await phoneApp.signIn(await phoneApp.sendCode(number), h.emulator.lastLoginCode(number)!);

    const desktop = client(2);
    await desktop.connect();
    const urls: string[] = [];
    const loggedIn = desktop.signInWithQr({
      onUrl: (url) => {
        urls.push(url);
        const token = Buffer.from(url.slice('tg://login?token='.length), 'base64url');
        void phoneApp.invoke({ _: 'auth.acceptLoginToken', token });
      },
    });
    expect(await loggedIn).to.include({ id: user.userId });
    expect(urls[0]).to.match(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/);
  });

  it('QR login for an account on another DC: loginTokenMigrateTo, importLoginToken there, and the home DC moves', async () => {
    const number = phone();
    const user = h.emulator.createUser({ phone: number, firstName: 'Eve', dcId: 3 });
    const phoneApp = client(3);
    await phoneApp.connect();
    await phoneApp.signIn(await phoneApp.sendCode(number), h.emulator.lastLoginCode(number)!);

    const desktop = client(1);
    await desktop.connect();
    const self = await desktop.signInWithQr({
      onUrl: (url) => void phoneApp.invoke({ _: 'auth.acceptLoginToken', token: Buffer.from(url.slice('tg://login?token='.length), 'base64url') }),
    });
    expect(self).to.include({ id: user.userId });
    expect(desktop.dcId).to.equal(3);
    const [me] = await desktop.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
    expect(me).to.include({ id: user.userId });
  });

  it('a logged-in client uses another DC: the authorization is carried with export/importAuthorization', async () => {
    const bot = h.emulator.createBot({ username: 'layer_carry_bot', dcId: 1 });
    const c = client(1);
    await c.connect();
    await c.signInBot(bot.token);
    const [me] = await c.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }, { dcId: 3 });
    expect(me).to.include({ id: bot.userId });
  });

  it('a revoked authorization: UnauthorizedError naming the fix', async () => {
    const bot = h.emulator.createBot({ username: 'layer_revoked_bot', dcId: 1 });
    const c = client(1);
    await c.connect();
    await c.signInBot(bot.token);
    h.emulator.revokeAuthorization(bot.userId);
    const e = await c.invoke({ _: 'updates.getState' }).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(UnauthorizedError);
    expect((e as Error).message).to.match(/sign in again/);
  });
});
