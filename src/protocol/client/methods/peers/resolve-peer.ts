import type { tl } from '../../../../schema/index.js';
import { RpcError } from '../../../mtproto/errors.js';
import { markedPeerId, unmarkPeerId, type PeerEntry } from '../../../storage/index.js';
import type { Client } from '../../client.js';
import { PeerNotFoundError } from '../errors.js';

/**
 * Anything that names a chat: "@username", "username", "me" / "self", a
 * phone "+1234…", a t.me or tg://resolve link, a marked id (see
 * `markedPeerId`), an InputPeer, a Peer, or a User / Chat / Channel object.
 */
export type PeerLike = string | bigint | number | tl.TypeInputPeer | tl.TypePeer | tl.TypeUser | tl.TypeChat;

const LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.(?:me|dog)\/(?:s\/)?@?([A-Za-z][A-Za-z0-9_]{0,31})\/?(?:[?#].*)?$/i;
const TG_RESOLVE = /^tg:\/\/resolve\?(?:.*&)?domain=([A-Za-z][A-Za-z0-9_]{0,31})(?:&.*)?$/i;
const USERNAME = /^@?([A-Za-z][A-Za-z0-9_]{0,31})$/;
const PHONE = /^\+[\d\s\-()]{5,20}$/;
const MARKED = /^-?\d{1,20}$/;

/**
 * The InputPeer for `peer`: from the peer cache first, then
 * contacts.resolveUsername / contacts.resolvePhone (whose answers fill the
 * cache). Unknown: PeerNotFoundError naming what was asked.
 */
export async function resolvePeer(client: Client, peer: PeerLike): Promise<tl.TypeInputPeer> {
  return knownInputPeer(peer) ?? resolveLooking(client, peer);
}

/**
 * The InputPeer of a peer that carries all it needs (an InputPeer, a basic
 * group, a user or channel object with its access hash), without a lookup:
 * a send to the chat an update came from (ctx.reply) takes no extra turn.
 */
export function knownInputPeer(peer: PeerLike): tl.TypeInputPeer | undefined {
  if (typeof peer !== 'object' || peer === null) return undefined;
  switch (peer._) {
    case 'inputPeerSelf':
    case 'inputPeerUser':
    case 'inputPeerChat':
    case 'inputPeerChannel':
    case 'inputPeerUserFromMessage':
    case 'inputPeerChannelFromMessage':
      return peer;
    case 'peerChat':
      return { _: 'inputPeerChat', chatId: peer.chatId };
    case 'user':
      if (peer.self) return { _: 'inputPeerSelf' };
      return peer.accessHash !== undefined && !peer.min ? { _: 'inputPeerUser', userId: peer.id, accessHash: peer.accessHash } : undefined;
    case 'chat':
    case 'chatForbidden':
      return { _: 'inputPeerChat', chatId: peer.id };
    case 'channel':
    case 'channelForbidden':
      return peer.accessHash !== undefined && !(peer._ === 'channel' && peer.min) ? { _: 'inputPeerChannel', channelId: peer.id, accessHash: peer.accessHash } : undefined;
    default:
      return undefined;
  }
}

/** What knownInputPeer cannot answer: the cache, then the server. */
async function resolveLooking(client: Client, peer: PeerLike): Promise<tl.TypeInputPeer> {
  if (typeof peer === 'number') {
    if (!Number.isSafeInteger(peer)) throw new PeerNotFoundError(peer, 'not a whole number');
    return byId(client, BigInt(peer), peer);
  }
  if (typeof peer === 'bigint') return byId(client, peer, peer);
  if (typeof peer === 'string') return byString(client, peer);
  if (typeof peer !== 'object' || peer === null || typeof (peer as { _?: unknown })._ !== 'string') throw new PeerNotFoundError(peer, 'not something that names a peer');
  // What is left of the objects: those that need the cache (a min user, a bare Peer) or name nobody.
  switch (peer._) {
    case 'inputPeerEmpty':
      throw new PeerNotFoundError(peer, 'inputPeerEmpty names nobody');
    case 'peerUser':
      return byId(client, peer.userId, peer);
    case 'peerChannel':
      return byId(client, markedPeerId('channel', peer.channelId), peer);
    case 'user':
      return byId(client, peer.id, peer);
    case 'channel':
    case 'channelForbidden':
      return byId(client, markedPeerId('channel', peer.id), peer);
    default:
      throw new PeerNotFoundError(peer, `a ${peer._} does not name a peer`);
  }
}

/** The marked id of an InputPeer (inputPeerSelf: the logged-in user's). */
export function inputPeerId(client: Client, peer: tl.TypeInputPeer): bigint | undefined {
  switch (peer._) {
    case 'inputPeerSelf':
      return client.self?.id;
    case 'inputPeerUser':
    case 'inputPeerUserFromMessage':
      return peer.userId;
    case 'inputPeerChat':
      return markedPeerId('chat', peer.chatId);
    case 'inputPeerChannel':
    case 'inputPeerChannelFromMessage':
      return markedPeerId('channel', peer.channelId);
    default:
      return undefined;
  }
}

/** The cache entry's InputPeer. */
export function inputPeerOf(entry: PeerEntry): tl.TypeInputPeer {
  const { type, id } = unmarkPeerId(entry.id);
  if (type === 'user') return { _: 'inputPeerUser', userId: id, accessHash: entry.accessHash };
  if (type === 'chat') return { _: 'inputPeerChat', chatId: id };
  return { _: 'inputPeerChannel', channelId: id, accessHash: entry.accessHash };
}

async function byId(client: Client, marked: bigint, asked: unknown): Promise<tl.TypeInputPeer> {
  if (client.self && marked === client.self.id) return { _: 'inputPeerSelf' };
  const { type, id } = unmarkPeerId(marked);
  if (type === 'chat') return { _: 'inputPeerChat', chatId: id }; // basic groups need no access hash
  const entry = await client.session?.peer(marked);
  if (!entry) throw new PeerNotFoundError(asked, 'not in the peer cache (its access hash is unknown): resolve it by username or meet it in an update first');
  return inputPeerOf(entry);
}

async function byString(client: Client, text: string): Promise<tl.TypeInputPeer> {
  const s = text.trim();
  if (/^(me|self)$/i.test(s)) return { _: 'inputPeerSelf' };
  if (PHONE.test(s)) return byPhone(client, s, text);
  if (MARKED.test(s)) return byId(client, BigInt(s), text);
  const username = LINK.exec(s)?.[1] ?? TG_RESOLVE.exec(s)?.[1] ?? USERNAME.exec(s)?.[1];
  if (username === undefined) throw new PeerNotFoundError(text, 'not a username, phone number, t.me link or id');
  const cached = await client.session?.peerByUsername(username);
  if (cached) return cached.id === client.self?.id ? { _: 'inputPeerSelf' } : inputPeerOf(cached);
  return fromResolved(client, { _: 'contacts.resolveUsername', username }, text);
}

async function byPhone(client: Client, phone: string, asked: string): Promise<tl.TypeInputPeer> {
  const cached = await client.session?.peerByPhone(phone);
  if (cached) return cached.id === client.self?.id ? { _: 'inputPeerSelf' } : inputPeerOf(cached);
  return fromResolved(client, { _: 'contacts.resolvePhone', phone: phone.replace(/\D+/g, '') }, asked);
}

const NOT_FOUND = new Set(['USERNAME_NOT_OCCUPIED', 'USERNAME_INVALID', 'PHONE_NOT_OCCUPIED', 'PHONE_NUMBER_INVALID']);

async function fromResolved(client: Client, request: tl.contacts.ResolveUsernameRequest | tl.contacts.ResolvePhoneRequest, asked: string): Promise<tl.TypeInputPeer> {
  let resolved: tl.contacts.ResolvedPeer;
  try {
    resolved = await client.invoke(request);
  } catch (e) {
    if (e instanceof RpcError && NOT_FOUND.has(e.errorMessage)) throw new PeerNotFoundError(asked, `the server says ${e.errorMessage}`);
    throw e;
  }
  const p = resolved.peer;
  const id = p._ === 'peerUser' ? p.userId : p._ === 'peerChat' ? p.chatId : p.channelId;
  const object = p._ === 'peerUser' ? resolved.users.find((u) => u.id === id) : resolved.chats.find((c) => c.id === id);
  if (!object) throw new PeerNotFoundError(asked, 'the server resolved it but sent no object for it');
  return resolvePeer(client, object);
}
