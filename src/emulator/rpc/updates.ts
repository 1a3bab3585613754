/** updates.*: the account's update state, and the differences served from the update logs. */
import type { tl } from '../../schema/index.js';
import { DifferenceError, getChannelDifference as channelDifference, getDifference as difference } from '../world/difference.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';

/** updates.getState: where the account's update sequences stand now. */
export function getState(ctx: CallContext): tl.updates.State {
  return ctx.world.updates.getState(loggedIn(ctx).id);
}

/** updates.getDifference: what happened in the account's common box (pts) and qts since the client's state. */
export function getDifference(ctx: CallContext, req: tl.updates.GetDifferenceRequest): tl.updates.TypeDifference {
  return difference(ctx.world.updates, loggedIn(ctx), req);
}

/** updates.getChannelDifference: what happened in a channel since the client's pts for it. */
export function getChannelDifference(ctx: CallContext, req: tl.updates.GetChannelDifferenceRequest): tl.updates.TypeChannelDifference {
  try {
    return channelDifference(ctx.world.updates, ctx.world.conversations, loggedIn(ctx), req);
  } catch (e) {
    if (e instanceof DifferenceError) throw new RpcFailure(e.code, e.errorMessage);
    throw e;
  }
}
