import { expect } from 'chai';
import { filter, firstValueFrom } from 'rxjs';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { SignUpRequiredError } from '../../src/protocol/client/auth/errors.js';
import { PhoneCodeError } from '../../src/protocol/mtproto/rpc-errors.js';
import { expectRpcError, freshPhone, Links, sendCodeRequest, TestClock, type RawLink } from './helpers.js';

describe('emulator: phone login (auth.sendCode, auth.signIn, auth.signUp)', function () {
  this.timeout(30_000);
  const clock = new TestClock();
  let emulator: Emulator;
  const links = new Links(() => emulator, clock.now);

  before(async () => {
    emulator = await startEmulator({ now: clock.now });
  });
  afterEach(async () => {
    emulator.faults.reset();
    await links.closeAll();
  });
  after(() => emulator.close());

  /** A user on `dcId`, a raw link there, and a code sent to it. */
  async function codeSent(dcId = 2, extra: { password?: string } = {}) {
    const phone = freshPhone();
    const user = emulator.createUser({ phone, firstName: 'Pat', dcId, ...extra });
    const link = await links.raw(dcId);
    const sent = await link.invoke(sendCodeRequest(phone));
    if (sent._ !== 'auth.sentCode') throw new Error(`unexpected ${sent._}`);
    return { phone, user, link, sent, code: emulator.lastLoginCode(phone)! };
  }

  const signIn = (link: RawLink, phone: string, phoneCodeHash: string, phoneCode?: string) => link.invoke({ _: 'auth.signIn', phoneNumber: phone, phoneCodeHash, phoneCode });

  describe('auth.sendCode', () => {
    it("on the phone's home DC: auth.sentCode, type app with length 5, a phone_code_hash; the code is in lastLoginCode", async () => {
      const { sent, code, phone } = await codeSent(2);
      expect(sent.type).to.deep.equal({ _: 'auth.sentCodeTypeApp', length: 5 });
      expect(sent.phoneCodeHash).to.match(/^[0-9a-f]{18}$/);
      expect(code).to.match(/^\d{5}$/);
      // Any spelling of the number reaches the same account.
      expect(emulator.lastLoginCode(phone.replace('+', '').replace(/(\d{3})/, '$1 '))).to.equal(code);
    });

    it('on another DC: 303 PHONE_MIGRATE_X naming the home DC, and no code is sent', async () => {
      const phone = freshPhone();
      emulator.createUser({ phone, firstName: 'Far', dcId: 3 });
      const link = await links.raw(1);
      await expectRpcError(link.invoke(sendCodeRequest(phone)), 303, 'PHONE_MIGRATE_3');
      expect(emulator.lastLoginCode(phone)).to.equal(undefined);
    });

    it('a number without an account still gets a code (by SMS), on the DC it asked', async () => {
      const phone = freshPhone();
      for (const dcId of [1, 3]) {
        const link = await links.raw(dcId);
        const sent = await link.invoke(sendCodeRequest(phone));
        expect(sent).to.include({ _: 'auth.sentCode' });
        if (sent._ === 'auth.sentCode') expect(sent.type).to.deep.equal({ _: 'auth.sentCodeTypeSms', length: 5 });
      }
    });

    it('a malformed number: 406 PHONE_NUMBER_INVALID (Telegram\'s code for it); a bad api_id: 400 API_ID_INVALID', async () => {
      const link = await links.raw(1);
      for (const phone of ['', 'phone', '+1', '+12345678901234567']) {
        await expectRpcError(link.invoke(sendCodeRequest(phone)), 406, 'PHONE_NUMBER_INVALID');
      }
      await expectRpcError(link.invoke({ ...sendCodeRequest(freshPhone()), apiId: -1 }), 400, 'API_ID_INVALID');
    });

    it('our Client, started on DC 1, follows PHONE_MIGRATE to the account and signs in there', async () => {
      const phone = freshPhone();
      const user = emulator.createUser({ phone, firstName: 'Roamer', dcId: 2 });
      const client = await links.client(1);
      const moved = firstValueFrom(client.events$.pipe(filter((e) => e.type === 'home-dc')));
      const sent = await client.sendCode(phone);
      expect(await moved).to.deep.equal({ type: 'home-dc', from: 1, to: 2 });
      const me = await client.signIn(sent, emulator.lastLoginCode(phone)!);
      expect(me).to.include({ id: user.userId, self: true, firstName: 'Roamer' });
      expect(client.dcId).to.equal(2);
    });
  });

  describe('auth.signIn', () => {
    it('the right code: auth.authorization with the user (self, phone), and the key is logged in', async () => {
      const { link, phone, sent, code, user } = await codeSent(1);
      const auth = await signIn(link, phone, sent.phoneCodeHash, code);
      if (auth._ !== 'auth.authorization' || auth.user._ !== 'user') throw new Error(`unexpected ${auth._}`);
      expect(auth.user).to.include({ id: user.userId, self: true, firstName: 'Pat', phone: phone.slice(1) });
      expect(await link.invoke({ _: 'updates.getState' })).to.include({ _: 'updates.state' });
    });

    it('a wrong code: 400 PHONE_CODE_INVALID, and the right one still works after it', async () => {
      const { link, phone, sent, code } = await codeSent(2);
      const wrong = code === '00000' ? '11111' : '00000';
      const e = await expectRpcError(signIn(link, phone, sent.phoneCodeHash, wrong), 400, 'PHONE_CODE_INVALID');
      expect(e).to.be.instanceOf(PhoneCodeError);
      expect(await signIn(link, phone, sent.phoneCodeHash, code)).to.include({ _: 'auth.authorization' });
    });

    it('a code past its 5 minutes (emulator clock): 400 PHONE_CODE_EXPIRED', async () => {
      const { link, phone, sent, code } = await codeSent(2);
      clock.advance(5 * 60 + 1);
      await expectRpcError(signIn(link, phone, sent.phoneCodeHash, code), 400, 'PHONE_CODE_EXPIRED');
    });

    it('a code replaced by a newer sendCode, or already used: 400 PHONE_CODE_EXPIRED', async () => {
      const { link, phone, sent, code } = await codeSent(1);
      const again = await link.invoke(sendCodeRequest(phone));
      if (again._ !== 'auth.sentCode') throw new Error('unreachable');
      await expectRpcError(signIn(link, phone, sent.phoneCodeHash, code), 400, 'PHONE_CODE_EXPIRED');
      const fresh = emulator.lastLoginCode(phone)!;
      await signIn(link, phone, again.phoneCodeHash, fresh);
      await expectRpcError(signIn(link, phone, again.phoneCodeHash, fresh), 400, 'PHONE_CODE_EXPIRED');
    });

    it('a code asked for by another auth key: 400 PHONE_CODE_EXPIRED (Telegram binds it to the key)', async () => {
      const { phone, sent, code } = await codeSent(2);
      const other = await links.raw(2);
      await expectRpcError(signIn(other, phone, sent.phoneCodeHash, code), 400, 'PHONE_CODE_EXPIRED');
    });

    it('an empty hash: PHONE_CODE_HASH_EMPTY; an unknown one, or one for another number: PHONE_CODE_HASH_INVALID; no code: PHONE_CODE_EMPTY', async () => {
      const { link, phone, sent, code } = await codeSent(1);
      await expectRpcError(signIn(link, phone, '', code), 400, 'PHONE_CODE_HASH_EMPTY');
      await expectRpcError(signIn(link, phone, 'abcdef0123456789ab', code), 400, 'PHONE_CODE_HASH_INVALID');
      const stranger = freshPhone();
      emulator.createUser({ phone: stranger, firstName: 'S', dcId: 1 });
      await expectRpcError(signIn(link, stranger, sent.phoneCodeHash, code), 400, 'PHONE_CODE_HASH_INVALID');
      await expectRpcError(signIn(link, phone, sent.phoneCodeHash), 400, 'PHONE_CODE_EMPTY');
      await expectRpcError(signIn(link, 'nonsense', sent.phoneCodeHash, code), 406, 'PHONE_NUMBER_INVALID');
    });

    it('on a DC that is not the account\'s: 303 PHONE_MIGRATE_X', async () => {
      const { phone, sent, code } = await codeSent(3);
      const elsewhere = await links.raw(1);
      await expectRpcError(signIn(elsewhere, phone, sent.phoneCodeHash, code), 303, 'PHONE_MIGRATE_3');
    });

    it('faults.failMethod: FLOOD_WAIT_X on auth.sendCode reaches the caller as Telegram sends it', async () => {
      const link = await links.raw(1);
      emulator.faults.failMethod('auth.sendCode', 420, 'FLOOD_WAIT_120');
      await expectRpcError(link.invoke(sendCodeRequest(freshPhone())), 420, 'FLOOD_WAIT_120');
    });
  });

  describe('sign-up (a number without an account)', () => {
    async function signUpFlow(dcId: number) {
      const phone = freshPhone();
      const link = await links.raw(dcId);
      const sent = await link.invoke(sendCodeRequest(phone));
      if (sent._ !== 'auth.sentCode') throw new Error('unreachable');
      return { phone, link, hash: sent.phoneCodeHash, code: emulator.lastLoginCode(phone)! };
    }
    const signUp = (link: RawLink, phone: string, hash: string, firstName = 'New', lastName = 'Comer') =>
      link.invoke({ _: 'auth.signUp', phoneNumber: phone, phoneCodeHash: hash, firstName, lastName });

    it('signIn answers auth.authorizationSignUpRequired; signUp creates the account on this DC and logs in', async () => {
      const { phone, link, hash, code } = await signUpFlow(3);
      expect(await signIn(link, phone, hash, code)).to.include({ _: 'auth.authorizationSignUpRequired' });
      const auth = await signUp(link, phone, hash);
      if (auth._ !== 'auth.authorization' || auth.user._ !== 'user') throw new Error(`unexpected ${auth._}`);
      expect(auth.user).to.include({ self: true, firstName: 'New', lastName: 'Comer', phone: phone.slice(1) });
      // The account now lives on DC 3: a code asked on DC 1 is sent back there.
      const elsewhere = await links.raw(1);
      await expectRpcError(elsewhere.invoke(sendCodeRequest(phone)), 303, 'PHONE_MIGRATE_3');
      // And the number is taken.
      await expectRpcError(signUp(link, phone, hash), 400, 'PHONE_CODE_EXPIRED');
    });

    it('signUp before signIn checked the code: 400 PHONE_CODE_EMPTY; an empty first name: 400 FIRSTNAME_INVALID', async () => {
      const { phone, link, hash, code } = await signUpFlow(1);
      await expectRpcError(signUp(link, phone, hash), 400, 'PHONE_CODE_EMPTY');
      await signIn(link, phone, hash, code);
      await expectRpcError(signUp(link, phone, hash, '  '), 400, 'FIRSTNAME_INVALID');
      await expectRpcError(signUp(link, phone, hash, 'A', 'x'.repeat(65)), 400, 'LASTNAME_INVALID');
      await expectRpcError(signUp(link, phone, ''), 400, 'PHONE_CODE_HASH_EMPTY');
      expect(await signUp(link, phone, hash)).to.include({ _: 'auth.authorization' });
    });

    it('a number someone registered meanwhile: 400 PHONE_NUMBER_OCCUPIED', async () => {
      const { phone, link, hash, code } = await signUpFlow(2);
      await signIn(link, phone, hash, code);
      emulator.createUser({ phone, firstName: 'Quick', dcId: 2 });
      await expectRpcError(signUp(link, phone, hash), 400, 'PHONE_NUMBER_OCCUPIED');
    });

    it('our Client: signIn throws SignUpRequiredError, signUp logs in', async () => {
      const phone = freshPhone();
      const client = await links.client(2);
      const sent = await client.sendCode(phone);
      const e = await client.signIn(sent, emulator.lastLoginCode(phone)!).catch((x: unknown) => x);
      expect(e).to.be.instanceOf(SignUpRequiredError);
      const me = await client.signUp(sent, 'Client', 'Made');
      expect(me).to.include({ self: true, firstName: 'Client', lastName: 'Made' });
    });
  });
});
