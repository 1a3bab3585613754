/** contacts.resolveUsername, contacts.resolvePhone and users.getFullUser: finding people. */
import type { tl } from '../../schema/index.js';
import { normalizePhone, type Account } from '../world/accounts.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';
import { userOf } from './peers.js';

/** contacts.resolveUsername: USERNAME_INVALID for a malformed name, USERNAME_NOT_OCCUPIED for a free one. */
export function resolveUsername(ctx: CallContext, req: tl.contacts.ResolveUsernameRequest): tl.contacts.ResolvedPeer {
  const name = typeof req.username === 'string' ? req.username.replace(/^@/, '') : '';
  if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(name)) throw new RpcFailure(400, 'USERNAME_INVALID');
  const account = ctx.world.accounts.findUsername(name);
  if (!account) throw new RpcFailure(400, 'USERNAME_NOT_OCCUPIED');
  return resolved(ctx, account);
}

/** contacts.resolvePhone: PHONE_NOT_OCCUPIED when no account has the number (privacy settings are not emulated). */
export function resolvePhone(ctx: CallContext, req: tl.contacts.ResolvePhoneRequest): tl.contacts.ResolvedPeer {
  if (normalizePhone(req.phone) === undefined) throw new RpcFailure(400, 'PHONE_NUMBER_INVALID');
  const account = ctx.world.accounts.findPhone(req.phone);
  if (!account) throw new RpcFailure(400, 'PHONE_NOT_OCCUPIED');
  return resolved(ctx, account);
}

/** users.getFullUser: the user, with an empty profile (no about, photos or bot info are kept). */
export function getFullUser(ctx: CallContext, req: tl.users.GetFullUserRequest): tl.users.UserFull {
  const me = loggedIn(ctx);
  const account = userOf(ctx, req.id);
  const fullUser: tl.UserFull = {
    _: 'userFull',
    id: account.id,
    settings: { _: 'peerSettings' },
    notifySettings: { _: 'peerNotifySettings' },
    commonChatsCount: 0,
  };
  return { _: 'users.userFull', fullUser, chats: [], users: [ctx.world.user(account, me.id)] };
}

function resolved(ctx: CallContext, account: Account): tl.contacts.ResolvedPeer {
  const me = loggedIn(ctx);
  return { _: 'contacts.resolvedPeer', peer: { _: 'peerUser', userId: account.id }, chats: [], users: [ctx.world.user(account, me.id)] };
}
