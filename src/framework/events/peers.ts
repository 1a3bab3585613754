import type { tl } from '../../schema/index.js';
import { markedPeerId } from '../../protocol/storage/index.js';

/** A user, a basic group or a channel, as the schema gives it. */
export type PeerObject = tl.TypeUser | tl.TypeChat;

/** The marked id of a peer (users positive, basic groups negative, channels below -10^12). */
export function peerId(peer: tl.TypePeer): bigint {
  if (peer._ === 'peerUser') return markedPeerId('user', peer.userId);
  if (peer._ === 'peerChat') return markedPeerId('chat', peer.chatId);
  return markedPeerId('channel', peer.channelId);
}

/** The marked id of a user or chat object. */
export function objectId(peer: PeerObject): bigint {
  if (peer._ === 'user' || peer._ === 'userEmpty') return markedPeerId('user', peer.id);
  if (peer._ === 'chat' || peer._ === 'chatForbidden' || peer._ === 'chatEmpty') return markedPeerId('chat', peer.id);
  return markedPeerId('channel', peer.id);
}

/**
 * The full user and chat objects seen in updates, by marked id, so that an
 * event can name its sender and chat even when its own update came without
 * them (short messages do). The session store keeps ids and access hashes
 * across restarts; this keeps the objects, in memory, the newest `limit`.
 * A `min` object never replaces a full one.
 */
export class PeerCache {
  private readonly peers = new Map<bigint, PeerObject>();
  /** The lists added last: every update of one container comes with the same lists, taken once. */
  private lastUsers: readonly tl.TypeUser[] | undefined;
  private lastChats: readonly tl.TypeChat[] | undefined;

  constructor(private readonly limit = 50_000) {}

  add(users: readonly tl.TypeUser[], chats: readonly tl.TypeChat[]): void {
    if ((users === this.lastUsers && chats === this.lastChats) || (users.length === 0 && chats.length === 0)) return;
    this.lastUsers = users;
    this.lastChats = chats;
    for (const u of users) this.put(u);
    for (const c of chats) this.put(c);
  }

  get(id: bigint): PeerObject | undefined {
    return this.peers.get(id);
  }

  get size(): number {
    return this.peers.size;
  }

  private put(peer: PeerObject): void {
    const id = objectId(peer);
    const old = this.peers.get(id);
    if (old && isMin(peer) && !isMin(old)) return;
    this.peers.delete(id);
    this.peers.set(id, peer);
    if (this.peers.size > this.limit) this.peers.delete(this.peers.keys().next().value!);
  }
}

function isMin(peer: PeerObject): boolean {
  return (peer._ === 'user' || peer._ === 'channel') && peer.min === true;
}
