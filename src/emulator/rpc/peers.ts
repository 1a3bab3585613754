/**
 * Naming peers in requests: InputPeer, InputUser and InputChannel checked the
 * way Telegram checks them (access hashes are per viewer), turned into the
 * world's PeerRef, and back into the Peer and objects an answer carries.
 */
import type { tl } from '../../schema/index.js';
import type { Account } from '../world/accounts.js';
import type { BasicGroup, Channel } from '../world/chats.js';
import type { PeerRef } from '../world/activity.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';

/**
 * The chat an InputPeer names, for the logged-in account: a user (access hash
 * checked; PEER_ID_INVALID), a basic group (CHAT_ID_INVALID) or a channel
 * (access hash checked; CHANNEL_INVALID). Membership is the caller's check.
 */
export function peerRefOf(ctx: CallContext, peer: tl.TypeInputPeer): PeerRef {
  const me = loggedIn(ctx);
  switch (peer?._) {
    case 'inputPeerSelf':
      return { user: me.id };
    case 'inputPeerUser':
      return { user: userAccount(ctx, me, peer.userId, peer.accessHash, 'PEER_ID_INVALID').id };
    case 'inputPeerChat': {
      const chat = ctx.world.conversations.get(peer.chatId);
      if (chat?.kind !== 'chat') throw new RpcFailure(400, 'CHAT_ID_INVALID');
      return { chat: chat.id };
    }
    case 'inputPeerChannel':
      return { channel: channelOf(ctx, { _: 'inputChannel', channelId: peer.channelId, accessHash: peer.accessHash }).id };
    default:
      throw new RpcFailure(400, 'PEER_ID_INVALID');
  }
}

/** The account an InputUser names (USER_ID_INVALID otherwise). */
export function userOf(ctx: CallContext, input: tl.TypeInputUser): Account {
  const me = loggedIn(ctx);
  if (input?._ === 'inputUserSelf') return me;
  if (input?._ !== 'inputUser') throw new RpcFailure(400, 'USER_ID_INVALID');
  return userAccount(ctx, me, input.userId, input.accessHash, 'USER_ID_INVALID');
}

/** The channel an InputChannel names, with the access hash this account was given (CHANNEL_INVALID otherwise). */
export function channelOf(ctx: CallContext, input: tl.TypeInputChannel): Channel {
  const me = loggedIn(ctx);
  if (input?._ !== 'inputChannel') throw new RpcFailure(400, 'CHANNEL_INVALID');
  const channel = ctx.world.conversations.channel(input.channelId);
  if (!channel || !ctx.world.conversations.accessHashOk(me.id, channel.id, input.accessHash)) throw new RpcFailure(400, 'CHANNEL_INVALID');
  return channel;
}

/** The basic group with this id (CHAT_ID_INVALID otherwise). */
export function chatOf(ctx: CallContext, chatId: bigint): BasicGroup {
  const chat = ctx.world.conversations.get(chatId);
  if (chat?.kind !== 'chat') throw new RpcFailure(400, 'CHAT_ID_INVALID');
  return chat;
}

/**
 * Checks that the caller is in the chat: a basic group it left answers
 * CHAT_ID_INVALID… as Telegram's "you are not in it" for groups is; a
 * channel answers CHANNEL_PRIVATE.
 */
export function requireMember(ctx: CallContext, ref: PeerRef): void {
  const me = loggedIn(ctx).id;
  if ('user' in ref) return;
  if ('chat' in ref) {
    if (!ctx.world.conversations.get(ref.chat)!.members.has(me)) throw new RpcFailure(403, 'CHAT_WRITE_FORBIDDEN');
    return;
  }
  if (!ctx.world.conversations.channel(ref.channel)!.members.has(me)) throw new RpcFailure(400, 'CHANNEL_PRIVATE');
}

/** The Peer of a PeerRef. */
export function peerOf(ref: PeerRef): tl.TypePeer {
  if ('user' in ref) return { _: 'peerUser', userId: ref.user };
  if ('chat' in ref) return { _: 'peerChat', chatId: ref.chat };
  return { _: 'peerChannel', channelId: ref.channel };
}

/** The PeerRef of a Peer. */
export function refOf(peer: tl.TypePeer): PeerRef {
  if (peer._ === 'peerUser') return { user: peer.userId };
  if (peer._ === 'peerChat') return { chat: peer.chatId };
  return { channel: peer.channelId };
}

/** The users and chats (as the caller sees them) an answer names. */
export function peersFor(ctx: CallContext, users: Iterable<bigint>, chats: Iterable<bigint>): { users: tl.TypeUser[]; chats: tl.TypeChat[] } {
  const me = loggedIn(ctx).id;
  return { users: ctx.world.users(users, me), chats: ctx.world.conversations.objects(chats, me) };
}

function userAccount(ctx: CallContext, me: Account, userId: bigint, accessHash: bigint, error: string): Account {
  const target = ctx.world.accounts.get(userId);
  if (!target || (target.id !== me.id && !ctx.world.accessHashOk(me.id, target, accessHash))) throw new RpcFailure(400, error);
  return target;
}
