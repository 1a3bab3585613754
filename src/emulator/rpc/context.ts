import { TlWriter, writeObject, type TlObject } from '../../schema/index.js';
import type { DcAddress } from '../options.js';
import type { World } from '../world/world.js';
import type { Account } from '../world/accounts.js';
import type { ClientInfo, KeyLogin } from '../world/authorizations.js';

/** What an RPC handler may know about the call it answers. */
export interface CallContext {
  dcId: number;
  dcs: readonly DcAddress[];
  now: () => number;
  authKeyId: bigint;
  /** The session the current call came in (set per call). */
  sessionId: bigint;
  /** The client's initConnection, once it has sent one. */
  layer?: number;
  client?: ClientInfo;
  world: World;
  /** Who this auth key is logged in as (per key, shared by its sessions). */
  login: KeyLogin;
}

/** A handler's answer: a TL object, or a result already encoded (a bare Vector<…> is not self-describing). */
export type Answer = TlObject | Uint8Array;

/** An error answer: becomes rpc_error on the wire. */
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`);
  }
}

/** Telegram's Vector<T> of boxed objects, encoded. */
export function vectorOf(items: readonly TlObject[]): Uint8Array {
  const w = new TlWriter();
  w.uint(0x1cb5c415);
  w.int(items.length);
  for (const item of items) writeObject(w, item);
  return w.result();
}

/** A Bool result (boolTrue / boolFalse), encoded: Bool is not an object of its own. */
export function boolAnswer(value: boolean): Uint8Array {
  const w = new TlWriter();
  w.bool(value);
  return w.result();
}

/** The account the key is logged in as, or the 401 Telegram answers without one. */
export function loggedIn(ctx: CallContext): Account {
  const account = ctx.login.userId === undefined ? undefined : ctx.world.accounts.get(ctx.login.userId);
  if (!account) throw unauthorized(ctx);
  return account;
}

/** The 401 for a key that is not logged in: why, as Telegram tells it. */
export function unauthorized(ctx: CallContext): RpcFailure {
  if (ctx.login.passwordPending !== undefined) return new RpcFailure(401, 'SESSION_PASSWORD_NEEDED');
  if (ctx.login.revoked) return new RpcFailure(401, 'SESSION_REVOKED');
  return new RpcFailure(401, 'AUTH_KEY_UNREGISTERED');
}

/** Seconds since the epoch, as TL dates are. */
export function unixNow(ctx: CallContext): number {
  return Math.floor(ctx.now() / 1000);
}
