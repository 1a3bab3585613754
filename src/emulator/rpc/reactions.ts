/** messages.sendReaction: set (or clear) the caller's reactions on a message. */
import type { tl } from '../../schema/index.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';
import { answerUpdates, asCaller } from './own-updates.js';
import { peerRefOf, requireMember } from './peers.js';

/** How many different reactions one account may put on a message (Telegram Premium's limit). */
const MAX_REACTIONS = 3;

/**
 * messages.sendReaction: MESSAGE_ID_INVALID, REACTION_INVALID (an empty or
 * paid reaction), REACTIONS_TOO_MANY. The members (the caller's other
 * sessions too) get updateMessageReactions; the calling session gets it as the answer.
 */
export function sendReaction(ctx: CallContext, req: tl.messages.SendReactionRequest): tl.TypeUpdates {
  const me = loggedIn(ctx).id;
  const to = peerRefOf(ctx, req.peer);
  requireMember(ctx, to);
  const activity = ctx.world.activity;
  if (!activity.messages.find(me, to, req.msgId)) throw new RpcFailure(400, 'MESSAGE_ID_INVALID');
  const reactions = (req.reaction ?? []).filter((r) => r._ !== 'reactionEmpty');
  for (const r of reactions) {
    if ((r._ === 'reactionEmoji' && !r.emoticon) || r._ === 'reactionPaid') throw new RpcFailure(400, 'REACTION_INVALID');
  }
  if (reactions.length > MAX_REACTIONS) throw new RpcFailure(400, 'REACTIONS_TOO_MANY');
  return answerUpdates(ctx, asCaller(ctx, () => activity.reactions.set(me, to, req.msgId, reactions)));
}
