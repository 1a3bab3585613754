/**
 * The short `Updates` constructors, rebuilt as the full updates they stand
 * for, so that handlers see one shape: `updateNewMessage` with a `message`.
 */
import type { tl } from '../../schema/index.js';
import { isInt, isObject } from './classify.js';

const peerUser = (userId: bigint): tl.PeerUser => ({ _: 'peerUser', userId });

/** updateShortMessage: a private message; `userId` is the other party, `out` says who wrote it. */
export function fromShortMessage(u: tl.UpdateShortMessage, selfId: bigint | undefined): tl.UpdateNewMessage {
  const fromId = u.out ? (selfId === undefined ? undefined : peerUser(selfId)) : peerUser(u.userId);
  return newMessage(u, fromId, peerUser(u.userId));
}

/** updateShortChatMessage: a message in a basic group. */
export function fromShortChatMessage(u: tl.UpdateShortChatMessage): tl.UpdateNewMessage {
  return newMessage(u, peerUser(u.fromId), { _: 'peerChat', chatId: u.chatId });
}

/** The full message both short forms stand for: they share every field but the peers. */
function newMessage(u: tl.UpdateShortMessage | tl.UpdateShortChatMessage, fromId: tl.TypePeer | undefined, peerId: tl.TypePeer): tl.UpdateNewMessage {
  const message = messageOf(u.id, peerId, u.date, u.message);
  if (u.out) message.out = true;
  if (u.mentioned) message.mentioned = true;
  if (u.mediaUnread) message.mediaUnread = true;
  if (u.silent) message.silent = true;
  if (fromId) message.fromId = fromId;
  if (u.fwdFrom) message.fwdFrom = u.fwdFrom;
  if (u.viaBotId !== undefined) message.viaBotId = u.viaBotId;
  if (u.replyTo) message.replyTo = u.replyTo;
  if (u.entities) message.entities = u.entities;
  if (u.ttlPeriod !== undefined) message.ttlPeriod = u.ttlPeriod;
  return { _: 'updateNewMessage', message, pts: u.pts, ptsCount: u.ptsCount };
}

/**
 * updateShortSentMessage: the answer to our own messages.sendMessage or
 * messages.sendMedia, which carries only what the server added (id, date,
 * media, entities). The rest comes from the request; without it (or for an
 * `inputPeerSelf` without `selfId`) there is no message to rebuild.
 */
export function fromShortSentMessage(u: tl.UpdateShortSentMessage, request: { readonly _: string } | undefined, selfId: bigint | undefined): tl.UpdateNewMessage | undefined {
  if (!request || (request._ !== 'messages.sendMessage' && request._ !== 'messages.sendMedia')) return undefined;
  const req = request as tl.messages.SendMessageRequest | tl.messages.SendMediaRequest;
  const peerId = inputPeerToPeer(req.peer, selfId);
  if (!peerId || typeof req.message !== 'string') return undefined;
  const message = messageOf(u.id, peerId, u.date, req.message);
  message.out = true;
  if (req.silent) message.silent = true;
  if (selfId !== undefined) message.fromId = peerUser(selfId);
  const replyTo = req.replyTo;
  if (isObject(replyTo) && replyTo._ === 'inputReplyToMessage' && isInt(replyTo.replyToMsgId)) {
    const header: tl.MessageReplyHeader = { _: 'messageReplyHeader', replyToMsgId: replyTo.replyToMsgId };
    if (replyTo.topMsgId !== undefined) header.replyToTopId = replyTo.topMsgId;
    message.replyTo = header;
  }
  if (u.media) message.media = u.media;
  const entities = u.entities ?? req.entities;
  if (entities) message.entities = entities;
  if (u.ttlPeriod !== undefined) message.ttlPeriod = u.ttlPeriod;
  return { _: 'updateNewMessage', message, pts: u.pts, ptsCount: u.ptsCount };
}

/**
 * A message with only the fields every one has; the rest are added only when
 * set (absent optional fields and false flags are left out, as the decoder
 * leaves them), on an object made by a constructor, which keeps room inside
 * for them: a literal grown field by field, or copied without its undefined
 * ones, spills them into a second allocation.
 */
function messageOf(id: number, peerId: tl.TypePeer, date: number, text: string): tl.Message {
  return new ShortMessage(id, peerId, date, text) as tl.Message;
}

class ShortMessage {
  readonly _ = 'message';
  constructor(
    readonly id: number,
    readonly peerId: tl.TypePeer,
    readonly date: number,
    readonly message: string,
  ) {}
}

export function inputPeerToPeer(peer: unknown, selfId: bigint | undefined): tl.TypePeer | undefined {
  if (!isObject(peer)) return undefined;
  switch (peer._) {
    case 'inputPeerSelf':
      return selfId === undefined ? undefined : peerUser(selfId);
    case 'inputPeerUser':
    case 'inputPeerUserFromMessage':
      return typeof peer.userId === 'bigint' ? peerUser(peer.userId) : undefined;
    case 'inputPeerChat':
      return typeof peer.chatId === 'bigint' ? { _: 'peerChat', chatId: peer.chatId } : undefined;
    case 'inputPeerChannel':
    case 'inputPeerChannelFromMessage':
      return typeof peer.channelId === 'bigint' ? { _: 'peerChannel', channelId: peer.channelId } : undefined;
    default:
      return undefined;
  }
}

/** Checks the fields the conversions read; returns what is wrong, or undefined. */
export function checkShort(u: Record<string, unknown> & { _: string }): string | undefined {
  if (!isInt(u.id) || !isInt(u.pts) || !isInt(u.ptsCount) || !isInt(u.date)) return `${u._} with a bad id, pts, ptsCount or date`;
  if (u.ptsCount < 0 || u.pts < u.ptsCount) return `${u._} with pts ${u.pts} and ptsCount ${u.ptsCount}`;
  if (u._ === 'updateShortMessage' && (typeof u.userId !== 'bigint' || typeof u.message !== 'string')) return 'updateShortMessage without userId or message';
  if (u._ === 'updateShortChatMessage' && (typeof u.fromId !== 'bigint' || typeof u.chatId !== 'bigint' || typeof u.message !== 'string')) {
    return 'updateShortChatMessage without fromId, chatId or message';
  }
  return undefined;
}
