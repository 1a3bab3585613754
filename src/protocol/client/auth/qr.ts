import { filter, firstValueFrom, race, timer, type Observable } from 'rxjs';
import type { tl } from '../../../schema/index.js';
import type { Client } from '../client.js';
import type { ClientEvent } from '../events.js';
import { UnsupportedLoginError } from './errors.js';

export interface QrLoginOptions {
  apiId: number;
  apiHash: string;
  /** Called with each `tg://login?token=...` URL to show as a QR code, and when it expires (unix seconds). */
  onUrl(url: string, expires: number): void;
  /** User ids already logged in on this device, which must not be offered again. */
  exceptIds?: bigint[];
  signal?: AbortSignal;
  /** The client's clock (ms), against which token expiry is measured. */
  now?: () => number;
}

/**
 * QR login: exports a login token, hands its URL to `onUrl`, and waits for
 * another logged-in app to accept it (updateLoginToken), renewing the token
 * as it expires. Follows loginTokenMigrateTo to the account's DC.
 * Throws PasswordNeededError when the account has 2FA (then checkPassword).
 */
export async function signInWithQr(client: Client, options: QrLoginOptions): Promise<tl.User> {
  const accepted = client.events$.pipe(filter(isLoginTokenUpdate));
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason;
    const token = await client.invoke({ _: 'auth.exportLoginToken', apiId: options.apiId, apiHash: options.apiHash, exceptIds: options.exceptIds ?? [] }, { signal: options.signal });
    const done = await follow(client, token, options.signal);
    if (done) return done;
    if (token._ !== 'auth.loginToken') throw new UnsupportedLoginError(token._);
    options.onUrl(`tg://login?token=${Buffer.from(token.token).toString('base64url')}`, token.expires);
    const untilExpiry = Math.max(0, token.expires * 1000 - (options.now ?? Date.now)());
    await waitFor(race(accepted, timer(untilExpiry)), options.signal);
  }
}

/** A loginTokenSuccess (directly, or after moving to the account's DC) ends the login. */
async function follow(client: Client, token: tl.auth.TypeLoginToken, signal?: AbortSignal): Promise<tl.User | undefined> {
  let current = token;
  if (current._ === 'auth.loginTokenMigrateTo') {
    client.useHome(current.dcId);
    current = await client.invoke({ _: 'auth.importLoginToken', token: current.token }, { signal });
  }
  return current._ === 'auth.loginTokenSuccess' ? client.setAuthorization(current.authorization) : undefined;
}

function isLoginTokenUpdate(e: ClientEvent): boolean {
  if (e.type !== 'updates') return false;
  const u = e.updates;
  if (u._ === 'updateShort') return u.update._ === 'updateLoginToken';
  if (u._ === 'updates' || u._ === 'updatesCombined') return u.updates.some((x) => x._ === 'updateLoginToken');
  return false;
}

function waitFor(source: Observable<unknown>, signal?: AbortSignal): Promise<unknown> {
  const wait = firstValueFrom(source, { defaultValue: undefined });
  if (!signal) return wait;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
