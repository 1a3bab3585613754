import { RpcError } from './errors.js';

/** FLOOD_WAIT_X, SLOWMODE_WAIT_X and the like: retry after `seconds`. */
export class FloodWaitError extends RpcError {
  override readonly name = 'FloodWaitError';
  constructor(
    code: number,
    errorMessage: string,
    method: string,
    readonly seconds: number,
  ) {
    super(code, errorMessage, method);
    this.message = `${method}: ${errorMessage}: Telegram asks to wait ${seconds} s before calling it again`;
  }
}

/** 303 X_MIGRATE_N: the request belongs on DC `dc`. */
export class MigrateError extends RpcError {
  override readonly name = 'MigrateError';
  constructor(
    code: number,
    errorMessage: string,
    method: string,
    readonly dc: number,
    /** PHONE, USER and NETWORK move the home DC; FILE and STATS send this one request elsewhere. */
    readonly kind: 'PHONE' | 'USER' | 'NETWORK' | 'FILE' | 'STATS',
  ) {
    super(code, errorMessage, method);
  }
}

/** The account has two-step verification: call checkPassword with the password. */
export class PasswordNeededError extends RpcError {
  override readonly name = 'PasswordNeededError';
  constructor(code: number, errorMessage: string, method: string) {
    super(code, errorMessage, method);
    this.message = `${method}: the account has a 2FA password; sign in with checkPassword(password)`;
  }
}

/** The login code is wrong or no longer valid. */
export class PhoneCodeError extends RpcError {
  override readonly name = 'PhoneCodeError';
  constructor(code: number, errorMessage: string, method: string) {
    super(code, errorMessage, method);
    this.message = `${method}: ${errorMessage}: ${errorMessage.endsWith('EXPIRED') ? 'the code expired; request a new one with sendCode' : 'the code is wrong; check it and try again'}`;
  }
}

/** The 2FA password is wrong. */
export class PasswordInvalidError extends RpcError {
  override readonly name = 'PasswordInvalidError';
  constructor(code: number, errorMessage: string, method: string) {
    super(code, errorMessage, method);
    this.message = `${method}: ${errorMessage}: the 2FA password is wrong`;
  }
}

/** The auth key is not (or no longer) logged in: revoked, logged out, or never signed in. */
export class UnauthorizedError extends RpcError {
  override readonly name = 'UnauthorizedError';
  constructor(code: number, errorMessage: string, method: string) {
    super(code, errorMessage, method);
    this.message = `${method}: ${errorMessage}: this session is not logged in (or was revoked); sign in again`;
  }
}

const MIGRATE = /^(PHONE|USER|NETWORK|FILE|STATS)_MIGRATE_(\d+)$/;
const WAIT = /^(?:FLOOD_WAIT|SLOWMODE_WAIT|FLOOD_PREMIUM_WAIT|FLOOD_TEST_PHONE_WAIT)_(\d+)$/;

/** The most specific RpcError class for an rpc_error the server sent. */
export function rpcError(code: number, message: string, method: string): RpcError {
  const wait = WAIT.exec(message);
  if (wait) return new FloodWaitError(code, message, method, Number(wait[1]));
  const migrate = code === 303 ? MIGRATE.exec(message) : null;
  if (migrate) return new MigrateError(code, message, method, Number(migrate[2]), migrate[1] as MigrateError['kind']);
  if (message === 'SESSION_PASSWORD_NEEDED') return new PasswordNeededError(code, message, method);
  if (message === 'PHONE_CODE_INVALID' || message === 'PHONE_CODE_EXPIRED' || message === 'PHONE_CODE_EMPTY') return new PhoneCodeError(code, message, method);
  if (message === 'PASSWORD_HASH_INVALID') return new PasswordInvalidError(code, message, method);
  if (code === 401) return new UnauthorizedError(code, message, method);
  return new RpcError(code, message, method);
}
