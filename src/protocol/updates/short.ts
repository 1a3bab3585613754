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
  const message: tl.Message = {
    _: 'message',
    out: u.out,
    mentioned: u.mentioned,
    mediaUnread: u.mediaUnread,
    silent: u.silent,
    id: u.id,
    fromId,
    peerId,
    fwdFrom: u.fwdFrom,
    viaBotId: u.viaBotId,
    replyTo: u.replyTo,
    date: u.date,
    message: u.message,
    entities: u.entities,
    ttlPeriod: u.ttlPeriod,
  };
  return { _: 'updateNewMessage', message: compact(message), pts: u.pts, ptsCount: u.ptsCount };
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
  const replyTo = req.replyTo;
  const message: tl.Message = {
    _: 'message',
    out: true,
    silent: req.silent,
    id: u.id,
    fromId: selfId === undefined ? undefined : peerUser(selfId),
    peerId,
    replyTo: isObject(replyTo) && replyTo._ === 'inputReplyToMessage' && isInt(replyTo.replyToMsgId)
      ? compact<tl.MessageReplyHeader>({ _: 'messageReplyHeader', replyToMsgId: replyTo.replyToMsgId, replyToTopId: replyTo.topMsgId })
      : undefined,
    date: u.date,
    message: req.message,
    media: u.media,
    entities: u.entities ?? req.entities,
    ttlPeriod: u.ttlPeriod,
  };
  return { _: 'updateNewMessage', message: compact(message), pts: u.pts, ptsCount: u.ptsCount };
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

/**
 * Drops absent optional fields (and false flags), as the decoder would
 * produce them. A copy rather than `delete`: deleting turns an object into a
 * slow dictionary, and these messages are read on every update.
 */
function compact<T extends object>(o: T): T {
  const out = {} as Record<string, unknown>;
  for (const k in o) {
    const v = o[k] as unknown;
    if (v !== undefined && v !== false) out[k] = v;
  }
  return out as T;
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
