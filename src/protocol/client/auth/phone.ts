import type { tl } from '../../../schema/index.js';
import type { Client } from '../client.js';
import { SignUpRequiredError, UnsupportedLoginError } from './errors.js';

export interface SentCode {
  phone: string;
  phoneCodeHash: string;
  /** How the code was delivered: app, sms, call, ... */
  type: tl.auth.TypeSentCodeType;
  /** Seconds before another way of delivery may be requested. */
  timeout?: number;
}

/** Asks Telegram to send a login code (PHONE_MIGRATE moves the home DC by itself). */
export async function sendCode(client: Client, apiId: number, apiHash: string, phone: string): Promise<SentCode> {
  const sent = await client.invoke({ _: 'auth.sendCode', phoneNumber: phone, apiId, apiHash, settings: { _: 'codeSettings' } });
  if (sent._ === 'auth.sentCodeSuccess') throw new UnsupportedLoginError('auth.sentCodeSuccess without a code');
  if (sent._ === 'auth.sentCodePaymentRequired') throw new UnsupportedLoginError('a paid login (auth.sentCodePaymentRequired)');
  return { phone, phoneCodeHash: sent.phoneCodeHash, type: sent.type, timeout: sent.timeout };
}

/**
 * Signs in with the code. Throws PasswordNeededError when the account has 2FA
 * (then call checkPassword), PhoneCodeError for a wrong or expired code, and
 * SignUpRequiredError for a number without an account.
 */
export async function signIn(client: Client, sent: Pick<SentCode, 'phone' | 'phoneCodeHash'>, code: string): Promise<tl.User> {
  const authorization = await client.invoke({ _: 'auth.signIn', phoneNumber: sent.phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: code });
  if (authorization._ === 'auth.authorizationSignUpRequired') throw new SignUpRequiredError(sent.phone);
  return client.setAuthorization(authorization);
}

/** Creates an account for a number that has none, after sendCode and signIn said so. */
export async function signUp(client: Client, sent: Pick<SentCode, 'phone' | 'phoneCodeHash'>, firstName: string, lastName = ''): Promise<tl.User> {
  const authorization = await client.invoke({ _: 'auth.signUp', phoneNumber: sent.phone, phoneCodeHash: sent.phoneCodeHash, firstName, lastName });
  return client.setAuthorization(authorization);
}
