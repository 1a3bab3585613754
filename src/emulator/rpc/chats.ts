/** Basic groups: messages.createChat, addChatUser, deleteChatUser, editChatTitle, and pinning (messages.updatePinnedMessage). */
import type { tl } from '../../schema/index.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';
import { chatOf, peerRefOf, requireMember, userOf } from './peers.js';
import { answerUpdates, asCaller } from './own-updates.js';

/** Telegram's limit on a chat title. */
export const MAX_TITLE_LENGTH = 128;

/** messages.createChat: CHAT_TITLE_EMPTY, USERS_TOO_FEW (nobody else), USER_ID_INVALID. */
export function createChat(ctx: CallContext, req: tl.messages.CreateChatRequest): tl.messages.InvitedUsers {
  const me = loggedIn(ctx);
  const title = checkedTitle(req.title);
  const users = [...new Set(req.users.map((u) => userOf(ctx, u).id))].filter((id) => id !== me.id);
  if (users.length === 0) throw new RpcFailure(400, 'USERS_TOO_FEW');
  const answered = asCaller(ctx, () => ctx.world.activity.chatActions.createChat(me.id, title, users));
  return { _: 'messages.invitedUsers', updates: answerUpdates(ctx, answered), missingInvitees: [] };
}

/** messages.addChatUser: a member adds someone (USER_ALREADY_PARTICIPANT if in already). */
export function addChatUser(ctx: CallContext, req: tl.messages.AddChatUserRequest): tl.messages.InvitedUsers {
  const me = loggedIn(ctx);
  const chat = chatOf(ctx, req.chatId);
  requireMember(ctx, { chat: chat.id });
  const user = userOf(ctx, req.userId);
  if (chat.members.has(user.id)) throw new RpcFailure(400, 'USER_ALREADY_PARTICIPANT');
  const answered = asCaller(ctx, () => ctx.world.activity.chatActions.addMembers(me.id, { chat: chat.id }, [user.id]));
  return { _: 'messages.invitedUsers', updates: answerUpdates(ctx, answered), missingInvitees: [] };
}

/** messages.deleteChatUser: leaving (oneself), or the creator removing someone (CHAT_ADMIN_REQUIRED otherwise). */
export function deleteChatUser(ctx: CallContext, req: tl.messages.DeleteChatUserRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  const chat = chatOf(ctx, req.chatId);
  const user = userOf(ctx, req.userId);
  if (!chat.members.has(me.id)) throw new RpcFailure(400, 'CHAT_ID_INVALID');
  if (!chat.members.has(user.id)) throw new RpcFailure(400, 'USER_NOT_PARTICIPANT');
  if (user.id !== me.id && chat.creator !== me.id) throw new RpcFailure(400, 'CHAT_ADMIN_REQUIRED');
  return answerUpdates(ctx, asCaller(ctx, () => ctx.world.activity.chatActions.removeMember(me.id, { chat: chat.id }, user.id)));
}

/** messages.editChatTitle: CHAT_NOT_MODIFIED for the same title. */
export function editChatTitle(ctx: CallContext, req: tl.messages.EditChatTitleRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  const chat = chatOf(ctx, req.chatId);
  requireMember(ctx, { chat: chat.id });
  const title = checkedTitle(req.title);
  if (title === chat.title) throw new RpcFailure(400, 'CHAT_NOT_MODIFIED');
  return answerUpdates(ctx, asCaller(ctx, () => ctx.world.activity.chatActions.editTitle(me.id, { chat: chat.id }, title)));
}

/**
 * messages.updatePinnedMessage: pins (updatePinnedMessages to every member, and
 * the messageActionPinMessage service message) or unpins. MESSAGE_ID_INVALID
 * for a message the caller does not have; in a broadcast channel only the creator.
 */
export function updatePinnedMessage(ctx: CallContext, req: tl.messages.UpdatePinnedMessageRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  const to = peerRefOf(ctx, req.peer);
  requireMember(ctx, to);
  if (!ctx.world.activity.messages.find(me.id, to, req.id)) throw new RpcFailure(400, 'MESSAGE_ID_INVALID');
  if ('channel' in to && ctx.world.conversations.channel(to.channel)!.broadcast && ctx.world.conversations.channel(to.channel)!.creator !== me.id) {
    throw new RpcFailure(400, 'CHAT_ADMIN_REQUIRED');
  }
  // The answer carries updatePinnedMessages and, for a pin, the service message.
  return answerUpdates(ctx, asCaller(ctx, () => ctx.world.activity.chatActions.pin(me.id, to, req.id, req.unpin ?? false)));
}

export function checkedTitle(title: string): string {
  const t = typeof title === 'string' ? title.trim() : '';
  if (!t) throw new RpcFailure(400, 'CHAT_TITLE_EMPTY');
  if (t.length > MAX_TITLE_LENGTH) throw new RpcFailure(400, 'CHAT_TITLE_TOO_LONG');
  return t;
}
