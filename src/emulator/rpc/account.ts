/** account.*: the 2FA password state. */
import type { tl } from '../../schema/index.js';
import { srpServer } from '../../protocol/crypto/index.js';
import { unauthorized, type CallContext } from './context.js';

/**
 * account.getPassword: for a login waiting on its password (or a logged-in
 * account), the current algorithm, a fresh srp_B and the srp_id that
 * auth.checkPassword must name; newAlgo & co. for setting a password.
 */
export function getPassword(ctx: CallContext): tl.account.Password {
  const userId = ctx.login.passwordPending ?? ctx.login.userId;
  const account = userId === undefined ? undefined : ctx.world.accounts.get(userId);
  if (!account) throw unauthorized(ctx);
  const answer: tl.account.Password = {
    _: 'account.password',
    newAlgo: ctx.world.accounts.newAlgo(),
    newSecureAlgo: { _: 'securePasswordKdfAlgoPBKDF2HMACSHA512iter100000', salt: Uint8Array.from(ctx.world.random(8)) },
    secureRandom: Uint8Array.from(ctx.world.random(32)),
  };
  const password = account.password;
  if (!password) return answer;
  // Each call starts a new exchange; only the latest srp_id is accepted.
  const server = srpServer(password.algo, password.verifier);
  const id = new DataView(Uint8Array.from(ctx.world.random(8)).buffer).getBigInt64(0, true);
  ctx.login.srp = { id, server };
  return { ...answer, hasPassword: true, currentAlgo: password.algo, srpB: server.B, srpId: id };
}
