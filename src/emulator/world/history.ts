/**
 * Reading the messages back: one chat's history as a viewer sees it (newest
 * first, pageable as messages.getHistory pages), and the viewer's dialogs
 * (one per chat, ordered by their latest message, pageable as getDialogs).
 */
import type { tl } from '../../schema/index.js';
import type { Conversations, StoredMessage } from './chats.js';
import type { AccountUpdates } from './updates.js';
import type { PeerRef } from './activity.js';
import { samePeer, type AnyMessage } from './messages.js';

export interface HistoryPage {
  offsetId: number;
  addOffset: number;
  limit: number;
  maxId: number;
  minId: number;
}

export interface Dialog {
  ref: PeerRef;
  peer: tl.TypePeer;
  top: AnyMessage;
  /** Channels: their pts now. */
  pts?: number;
}

/** Telegram caps one page of history or dialogs at 100. */
export const PAGE_LIMIT = 100;

export class History {
  constructor(
    private readonly conversations: Conversations,
    private readonly updates: AccountUpdates,
  ) {}

  /** Every message of the chat as `viewer` sees it, newest first. */
  all(viewer: bigint, to: PeerRef): AnyMessage[] {
    let stored: StoredMessage[];
    if ('channel' in to) stored = [...(this.conversations.channel(to.channel)?.messages.values() ?? [])];
    else stored = [...this.updates.box(viewer).messages.values()].filter((s) => samePeer(s.message.peerId, to));
    return stored.map((s) => viewed(s, viewer)).sort((a, b) => b.id - a.id);
  }

  /**
   * One page, as messages.getHistory defines it: of the messages between
   * min_id and max_id (exclusive, 0 = no bound), those from the first with an
   * id below offset_id (0 = the newest), moved by add_offset, at most `limit`.
   * `count` is how many lie between the bounds.
   */
  page(viewer: bigint, to: PeerRef, p: HistoryPage): { messages: AnyMessage[]; count: number; offsetIdOffset: number } {
    const all = this.all(viewer, to).filter((m) => (p.maxId <= 0 || m.id < p.maxId) && (p.minId <= 0 || m.id > p.minId));
    let start = p.offsetId > 0 ? all.findIndex((m) => m.id < p.offsetId) : 0;
    if (start < 0) start = all.length;
    const from = start + p.addOffset;
    const limit = Math.min(Math.max(p.limit, 0) || PAGE_LIMIT, PAGE_LIMIT);
    const messages = all.slice(Math.max(from, 0), Math.max(from + limit, 0));
    return { messages, count: all.length, offsetIdOffset: Math.max(from, 0) };
  }

  /** The viewer's chats that have messages, most recent first (by date, then top message id, then peer). */
  dialogs(viewer: bigint): Dialog[] {
    const byPeer = new Map<string, Dialog>();
    for (const s of this.updates.box(viewer).messages.values()) {
      const m = s.message;
      const key = peerKey(m.peerId);
      const seen = byPeer.get(key);
      if (!seen || seen.top.id < m.id) byPeer.set(key, { ref: refOf(m.peerId), peer: m.peerId, top: m });
    }
    for (const channel of this.conversations.channelsOf(viewer)) {
      const newest = channel.messages.newest();
      if (!newest) continue;
      const top = viewed(newest, viewer);
      byPeer.set(peerKey(top.peerId), { ref: { channel: channel.id }, peer: top.peerId, top, pts: channel.log.current });
    }
    return [...byPeer.values()].sort(compareDialogs);
  }

  /**
   * One page of dialogs: those after `offsetPeer` in the order, or (without
   * it) those older than (offsetDate, offsetId); at most `limit`.
   */
  dialogPage(viewer: bigint, p: { offsetDate: number; offsetId: number; offsetPeer?: tl.TypePeer; limit: number }): { dialogs: Dialog[]; count: number } {
    const all = this.dialogs(viewer);
    let start = 0;
    const at = p.offsetPeer ? all.findIndex((d) => peerKey(d.peer) === peerKey(p.offsetPeer!)) : -1;
    if (at >= 0) start = at + 1;
    else if (p.offsetDate > 0 || p.offsetId > 0) {
      start = all.findIndex((d) => (p.offsetDate > 0 && d.top.date < p.offsetDate) || ((p.offsetDate <= 0 || d.top.date === p.offsetDate) && p.offsetId > 0 && d.top.id < p.offsetId));
      if (start < 0) start = all.length;
    }
    const limit = Math.min(Math.max(p.limit, 0) || PAGE_LIMIT, PAGE_LIMIT);
    return { dialogs: all.slice(start, start + limit), count: all.length };
  }
}

/** A stored message as `viewer` sees it: in a channel, its own posts are `out`. */
export function viewed(s: StoredMessage, viewer: bigint): AnyMessage {
  return s.author !== undefined && s.author === viewer && !s.message.out ? { ...s.message, out: true } : s.message;
}

function compareDialogs(a: Dialog, b: Dialog): number {
  return b.top.date - a.top.date || b.top.id - a.top.id || (peerKey(b.peer) < peerKey(a.peer) ? -1 : 1);
}

function peerKey(p: tl.TypePeer): string {
  return p._ === 'peerUser' ? `u${p.userId}` : p._ === 'peerChat' ? `c${p.chatId}` : `h${p._ === 'peerChannel' ? p.channelId : 0n}`;
}

function refOf(peer: tl.TypePeer): PeerRef {
  if (peer._ === 'peerUser') return { user: peer.userId };
  if (peer._ === 'peerChat') return { chat: peer.chatId };
  return { channel: (peer as tl.PeerChannel).channelId };
}
