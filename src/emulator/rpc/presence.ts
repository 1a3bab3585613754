/** Presence: messages.setTyping (the others see who types) and account.updateStatus (online / offline). */
import type { tl } from '../../schema/index.js';
import { boolAnswer, loggedIn, RpcFailure, type CallContext } from './context.js';
import { peerRefOf, requireMember } from './peers.js';

/**
 * messages.setTyping: updateUserTyping to the other side of a private chat,
 * updateChatUserTyping / updateChannelUserTyping to the other members. Not
 * kept anywhere: a missed one is gone, as on Telegram.
 */
export function setTyping(ctx: CallContext, req: tl.messages.SetTypingRequest): Uint8Array {
  const me = loggedIn(ctx).id;
  const to = peerRefOf(ctx, req.peer);
  if (!req.action?._) throw new RpcFailure(400, 'TYPE_CONSTRUCTOR_INVALID');
  const messages = ctx.world.activity.messages;
  const conversations = ctx.world.conversations;
  const from: tl.PeerUser = { _: 'peerUser', userId: me };
  if ('user' in to) {
    if (to.user === me) return boolAnswer(true);
    messages.ephemeral(to.user, { _: 'updateUserTyping', userId: me, action: req.action }, [me]);
    return boolAnswer(true);
  }
  requireMember(ctx, to);
  const members = 'chat' in to ? conversations.get(to.chat)!.members : conversations.channel(to.channel)!.members;
  for (const member of members) {
    if (member === me) continue;
    if ('chat' in to) messages.ephemeral(member, { _: 'updateChatUserTyping', chatId: to.chat, fromId: from, action: req.action }, [me], [to.chat]);
    else messages.ephemeral(member, { _: 'updateChannelUserTyping', channelId: to.channel, fromId: from, action: req.action }, [me], [to.channel]);
  }
  return boolAnswer(true);
}

/** account.updateStatus: userStatusOnline (expiring) or userStatusOffline, pushed to those who share a private chat. */
export function updateStatus(ctx: CallContext, req: tl.account.UpdateStatusRequest): Uint8Array {
  const me = loggedIn(ctx).id;
  ctx.world.activity.statuses.set(me, req.offline ? 'offline' : 'online');
  return boolAnswer(true);
}
