/** channels.*: creating, joining, leaving, inviting to and renaming channels, and deleting their messages. */
import type { tl } from '../../schema/index.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';
import { channelOf, requireMember, userOf } from './peers.js';
import { answerUpdates, asCaller } from './own-updates.js';
import { checkedTitle } from './chats.js';

/** channels.createChannel: a megagroup, or with `broadcast` a channel; bots cannot (BOT_METHOD_INVALID). */
export function createChannel(ctx: CallContext, req: tl.channels.CreateChannelRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  if (me.kind === 'bot') throw new RpcFailure(400, 'BOT_METHOD_INVALID');
  const title = checkedTitle(req.title);
  return answerUpdates(ctx, asCaller(ctx, () => ctx.world.activity.chatActions.createChannel(me.id, title, req.broadcast ?? !req.megagroup)));
}

/** channels.joinChannel: USER_ALREADY_PARTICIPANT if in already; a megagroup announces the join. */
export function joinChannel(ctx: CallContext, req: tl.channels.JoinChannelRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  const channel = channelOf(ctx, req.channel);
  if (channel.members.has(me.id)) throw new RpcFailure(400, 'USER_ALREADY_PARTICIPANT');
  return answerUpdates(ctx, asCaller(ctx, () => ctx.world.activity.chatActions.addMembers(me.id, { channel: channel.id }, [me.id])));
}

/** channels.leaveChannel: USER_NOT_PARTICIPANT if not in it. */
export function leaveChannel(ctx: CallContext, req: tl.channels.LeaveChannelRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  const channel = channelOf(ctx, req.channel);
  if (!channel.members.has(me.id)) throw new RpcFailure(400, 'USER_NOT_PARTICIPANT');
  return answerUpdates(ctx, asCaller(ctx, () => ctx.world.activity.chatActions.removeMember(me.id, { channel: channel.id }, me.id)));
}

/** channels.inviteToChannel: members add others (those in already are skipped); USERS_TOO_FEW when nobody is new. */
export function inviteToChannel(ctx: CallContext, req: tl.channels.InviteToChannelRequest): tl.messages.InvitedUsers {
  const me = loggedIn(ctx);
  const channel = channelOf(ctx, req.channel);
  requireMember(ctx, { channel: channel.id });
  if (channel.broadcast && channel.creator !== me.id) throw new RpcFailure(400, 'CHAT_ADMIN_REQUIRED');
  const users = [...new Set(req.users.map((u) => userOf(ctx, u).id))].filter((id) => !channel.members.has(id));
  if (users.length === 0) throw new RpcFailure(400, 'USER_ALREADY_PARTICIPANT');
  const answered = asCaller(ctx, () => ctx.world.activity.chatActions.addMembers(me.id, { channel: channel.id }, users));
  return { _: 'messages.invitedUsers', updates: answerUpdates(ctx, answered), missingInvitees: [] };
}

/** channels.editTitle: the creator only (CHAT_ADMIN_REQUIRED); CHAT_NOT_MODIFIED for the same title. */
export function editTitle(ctx: CallContext, req: tl.channels.EditTitleRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  const channel = channelOf(ctx, req.channel);
  requireMember(ctx, { channel: channel.id });
  if (channel.creator !== me.id) throw new RpcFailure(400, 'CHAT_ADMIN_REQUIRED');
  const title = checkedTitle(req.title);
  if (title === channel.title) throw new RpcFailure(400, 'CHAT_NOT_MODIFIED');
  return answerUpdates(ctx, asCaller(ctx, () => ctx.world.activity.chatActions.editTitle(me.id, { channel: channel.id }, title)));
}

/** channels.deleteMessages: one's own messages, or any for the creator (MESSAGE_DELETE_FORBIDDEN otherwise). */
export function deleteChannelMessages(ctx: CallContext, req: tl.channels.DeleteMessagesRequest): tl.messages.AffectedMessages {
  const me = loggedIn(ctx);
  const channel = channelOf(ctx, req.channel);
  requireMember(ctx, { channel: channel.id });
  for (const id of req.id) {
    const stored = channel.messages.get(id);
    if (stored && stored.author !== me.id && channel.creator !== me.id) throw new RpcFailure(403, 'MESSAGE_DELETE_FORBIDDEN');
  }
  const gone = asCaller(ctx, () => ctx.world.activity.messages.delete(me.id, { channel: channel.id }, req.id)).value;
  return { _: 'messages.affectedMessages', pts: channel.log.current, ptsCount: gone.length };
}
