/** users.*: the accounts as the caller sees them. */
import type { tl } from '../../schema/index.js';
import { loggedIn, vectorOf, type CallContext } from './context.js';

/**
 * users.getUsers: inputUserSelf, or inputUser with the access_hash this
 * caller was given; ids that do not resolve are left out of the vector.
 */
export function getUsers(ctx: CallContext, req: tl.users.GetUsersRequest): Uint8Array {
  const me = loggedIn(ctx);
  const users: tl.TypeUser[] = [];
  for (const input of req.id) {
    if (input._ === 'inputUserSelf') users.push(ctx.world.user(me, me.id));
    else if (input._ === 'inputUser') {
      const target = ctx.world.accounts.get(input.userId);
      if (target && (target.id === me.id || ctx.world.accessHashOk(me.id, target, input.accessHash))) users.push(ctx.world.user(target, me.id));
    }
  }
  return vectorOf(users);
}
