/** updates.*: the account's update state (the world's pts/qts/seq counters). */
import type { tl } from '../../schema/index.js';
import { loggedIn, type CallContext } from './context.js';

/** updates.getState: where the account's update sequences stand now. */
export function getState(ctx: CallContext): tl.updates.State {
  return ctx.world.updates.getState(loggedIn(ctx).id);
}
