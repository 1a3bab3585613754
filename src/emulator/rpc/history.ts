/** Reading messages back: messages.getHistory, getMessages, getDialogs and channels.getMessages. */
import type { tl } from '../../schema/index.js';
import type { PeerRef } from '../world/activity.js';
import { mentioned, type AnyMessage } from '../world/messages.js';
import { viewed } from '../world/history.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';
import { channelOf, peerOf, peerRefOf, peersFor, requireMember } from './peers.js';

/**
 * messages.getHistory: newest first, paged by offset_id / add_offset / limit
 * within min_id..max_id. A full answer is messages.messages; a partial one
 * messages.messagesSlice with the count; a channel's messages.channelMessages.
 */
export function getHistory(ctx: CallContext, req: tl.messages.GetHistoryRequest): tl.messages.TypeMessages {
  const me = loggedIn(ctx).id;
  const to = peerRefOf(ctx, req.peer);
  requireMember(ctx, to);
  const page = ctx.world.activity.history.page(me, to, req);
  const { users, chats } = named(page.messages, to);
  const peers = peersFor(ctx, users, chats);
  if ('channel' in to) {
    const pts = ctx.world.conversations.channel(to.channel)!.log.current;
    return { _: 'messages.channelMessages', pts, count: page.count, offsetIdOffset: page.offsetIdOffset, messages: page.messages, topics: [], ...peers };
  }
  if (page.messages.length === page.count) return { _: 'messages.messages', messages: page.messages, topics: [], ...peers };
  return { _: 'messages.messagesSlice', count: page.count, offsetIdOffset: page.offsetIdOffset, messages: page.messages, topics: [], ...peers };
}

/** messages.getMessages: ids in the caller's box (private chats and basic groups); messageEmpty for those it does not have. */
export function getMessages(ctx: CallContext, req: tl.messages.GetMessagesRequest): tl.messages.Messages {
  const me = loggedIn(ctx).id;
  const box = ctx.world.updates.box(me);
  const messages = req.id.map((input): tl.TypeMessage => {
    const id = idOf(input, (id) => box.messages.get(id)?.message);
    const stored = id === undefined ? undefined : box.messages.get(id);
    return stored ? stored.message : { _: 'messageEmpty', id: id ?? 0 };
  });
  const { users, chats } = named(messages, undefined);
  return { _: 'messages.messages', messages, topics: [], ...peersFor(ctx, users, chats) };
}

/** channels.getMessages: the channel's messages by id (CHANNEL_PRIVATE for non-members); messageEmpty for missing ones. */
export function getChannelMessages(ctx: CallContext, req: tl.channels.GetMessagesRequest): tl.messages.ChannelMessages {
  const me = loggedIn(ctx).id;
  const channel = channelOf(ctx, req.channel);
  const to: PeerRef = { channel: channel.id };
  requireMember(ctx, to);
  const messages = req.id.map((input): tl.TypeMessage => {
    const id = idOf(input, (id) => channel.messages.get(id)?.message);
    const stored = id === undefined ? undefined : channel.messages.get(id);
    return stored ? viewed(stored, me) : { _: 'messageEmpty', id: id ?? 0 };
  });
  const { users, chats } = named(messages, to);
  return { _: 'messages.channelMessages', pts: channel.log.current, count: messages.length, messages, topics: [], ...peersFor(ctx, users, chats) };
}

/**
 * messages.getDialogs: the caller's chats by their latest message, newest
 * first, paged by offset_peer (or offset_date / offset_id); messages.dialogs
 * when all fit, messages.dialogsSlice with the count otherwise.
 */
export function getDialogs(ctx: CallContext, req: tl.messages.GetDialogsRequest): tl.messages.TypeDialogs {
  const me = loggedIn(ctx).id;
  if (req.folderId !== undefined && req.folderId !== 0 && req.folderId !== 1) throw new RpcFailure(400, 'FOLDER_ID_INVALID');
  if (req.folderId === 1) return { _: 'messages.dialogs', dialogs: [], messages: [], chats: [], users: [] }; // nothing is archived
  const offsetPeer = req.offsetPeer?._ === 'inputPeerEmpty' || !req.offsetPeer ? undefined : peerOf(peerRefOf(ctx, req.offsetPeer));
  const page = ctx.world.activity.history.dialogPage(me, { offsetDate: req.offsetDate, offsetId: req.offsetId, offsetPeer, limit: req.limit });
  const dialogs = page.dialogs.map((d): tl.Dialog => ({
    _: 'dialog',
    peer: d.peer,
    topMessage: d.top.id,
    readInboxMaxId: d.top.id,
    readOutboxMaxId: d.top.id,
    unreadCount: 0,
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    unreadPollVotesCount: 0,
    notifySettings: { _: 'peerNotifySettings' },
    ...(d.pts === undefined ? {} : { pts: d.pts }),
  }));
  const messages = page.dialogs.map((d) => d.top);
  const { users, chats } = named(messages, undefined);
  const peers = peersFor(ctx, users, chats);
  if (page.dialogs.length === page.count) return { _: 'messages.dialogs', dialogs, messages, ...peers };
  return { _: 'messages.dialogsSlice', count: page.count, dialogs, messages, ...peers };
}

/** The id an InputMessage names: by id, the message it replies to, or (channels) the pinned one. */
function idOf(input: tl.TypeInputMessage, get: (id: number) => AnyMessage | undefined): number | undefined {
  if (input._ === 'inputMessageID') return input.id;
  if (input._ === 'inputMessageReplyTo') {
    const reply = get(input.id)?.replyTo;
    return reply?._ === 'messageReplyHeader' ? reply.replyToMsgId : undefined;
  }
  return undefined;
}

/** Every user and chat the messages name (and the chat they are in). */
function named(messages: tl.TypeMessage[], to: PeerRef | undefined): { users: bigint[]; chats: bigint[] } {
  const users: bigint[] = [];
  const chats: bigint[] = [];
  if (to && 'channel' in to) chats.push(to.channel);
  for (const m of messages) {
    if (m._ === 'messageEmpty') continue;
    const n = mentioned(m, m.peerId._ === 'peerUser' ? m.peerId.userId : undefined);
    users.push(...n.users);
    chats.push(...n.chats);
    if (m.peerId._ === 'peerChat') chats.push(m.peerId.chatId);
    if (m.peerId._ === 'peerChannel') chats.push(m.peerId.channelId);
  }
  return { users, chats };
}
