import type { tl } from '../../../schema/index.js';
import { passwordCheck } from '../../crypto/index.js';
import type { Client } from '../client.js';
import { UnsupportedLoginError } from './errors.js';

/** Finishes a login that needs the 2FA password: SRP, so the password itself never leaves the machine. */
export async function checkPassword(client: Client, password: string): Promise<tl.User> {
  const settings = await client.invoke({ _: 'account.getPassword' });
  const algo = settings.currentAlgo;
  if (!settings.hasPassword || !algo || !settings.srpB || settings.srpId === undefined) {
    throw new UnsupportedLoginError('checkPassword on an account without a 2FA password');
  }
  if (algo._ !== 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow') {
    throw new UnsupportedLoginError(`password algorithm ${algo._}`);
  }
  const check = passwordCheck(algo, settings.srpB, settings.srpId, password);
  const authorization = await client.invoke({ _: 'auth.checkPassword', password: check });
  return client.setAuthorization(authorization);
}
