/**
 * Which ordered sequence an update belongs to, and where in it.
 *
 * The rule is read from the fields, not from a list of names, so updates of a
 * newer layer are ordered too: `qts` puts an update in the qts box; `pts` with
 * `ptsCount` puts it in a channel's box when it names a channel, else in the
 * common box. Updates without these can be applied in any order.
 */
import type { tl } from '../../schema/index.js';

export type Slot =
  | { kind: 'none' }
  /** An event occupying (start, end] of the common pts sequence: end = pts, start = pts - ptsCount. */
  | { kind: 'pts'; start: number; end: number }
  | { kind: 'qts'; start: number; end: number }
  | { kind: 'channel'; channelId: bigint; start: number; end: number }
  | { kind: 'channel-too-long'; channelId: bigint; pts: number | undefined }
  | { kind: 'pts-changed' }
  | { kind: 'malformed'; message: string };

/** Updates whose channel is the peer of the message they carry. */
const CHANNEL_MESSAGE = new Set(['updateNewChannelMessage', 'updateEditChannelMessage']);

/** Int32 range: what a TL `int` holds. */
export function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= -0x80000000 && x <= 0x7fffffff;
}

export function isObject(x: unknown): x is Record<string, unknown> & { _: string } {
  return typeof x === 'object' && x !== null && typeof (x as { _?: unknown })._ === 'string';
}

/** The channel a message was posted in, if it was posted in one. */
export function messageChannel(message: unknown): bigint | undefined {
  if (!isObject(message)) return undefined;
  const peer = message.peerId;
  if (!isObject(peer) || peer._ !== 'peerChannel') return undefined;
  return typeof peer.channelId === 'bigint' ? peer.channelId : undefined;
}

export function classify(update: unknown): Slot {
  if (!isObject(update)) return { kind: 'malformed', message: `not a TL object: ${describe(update)}` };
  const u = update as Record<string, unknown> & { _: string };
  switch (u._) {
    case 'updateChannelTooLong':
      if (typeof u.channelId !== 'bigint') return { kind: 'malformed', message: 'updateChannelTooLong without a channelId' };
      if (u.pts !== undefined && !isInt(u.pts)) return { kind: 'malformed', message: `updateChannelTooLong with pts ${describe(u.pts)}` };
      return { kind: 'channel-too-long', channelId: u.channelId, pts: u.pts as number | undefined };
    case 'updatePtsChanged':
      return { kind: 'pts-changed' };
  }
  if ('qts' in u) {
    if (!isInt(u.qts) || u.qts < 1) return { kind: 'malformed', message: `${u._} with qts ${describe(u.qts)}` };
    return { kind: 'qts', start: u.qts - 1, end: u.qts };
  }
  if (!('ptsCount' in u)) return { kind: 'none' };
  if (!isInt(u.pts) || !isInt(u.ptsCount) || u.ptsCount < 0 || u.pts < u.ptsCount) {
    return { kind: 'malformed', message: `${u._} with pts ${describe(u.pts)} and ptsCount ${describe(u.ptsCount)}` };
  }
  const start = u.pts - u.ptsCount;
  if (CHANNEL_MESSAGE.has(u._)) {
    const channelId = messageChannel(u.message);
    if (channelId === undefined) return { kind: 'malformed', message: `${u._} whose message is not in a channel` };
    return { kind: 'channel', channelId, start, end: u.pts };
  }
  if (typeof u.channelId === 'bigint') return { kind: 'channel', channelId: u.channelId, start, end: u.pts };
  return { kind: 'pts', start, end: u.pts };
}

/** Short, safe text for a value in a report (bigints and cycles included). */
export function describe(x: unknown): string {
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (x === null || typeof x !== 'object') return String(x);
  if (Array.isArray(x)) return `array(${x.length})`;
  const name = (x as { _?: unknown })._;
  return typeof name === 'string' ? name : 'object';
}

/**
 * A new message's identity, for deduplication: its id in the account's box
 * (private chats and basic groups share one id sequence), or `channel:id`.
 */
export function messageKey(update: tl.TypeUpdate): number | string | undefined {
  if (update._ !== 'updateNewMessage' && update._ !== 'updateNewChannelMessage') return undefined;
  const m = update.message as unknown;
  if (!isObject(m) || m._ === 'messageEmpty' || !isInt(m.id)) return undefined;
  const peer = m.peerId;
  if (!isObject(peer)) return undefined;
  // Private chats and basic groups share the account's one id sequence: the id alone is the key.
  if (update._ === 'updateNewMessage') return m.id;
  return peer._ === 'peerChannel' ? `${peer.channelId}:${m.id}` : undefined;
}
