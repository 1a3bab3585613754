/** A batch of queued writes: the values to persist, coalesced so that each key holds its last write. */
import { mergePeer, phoneKey, usernameKey } from './values.js';
import type { DcRecord, PeerEntry, UpdateState } from './types.js';
import type { StoredState } from './session-state.js';

export interface WriteBatch {
  homeDc?: number;
  timeOffset?: number;
  /** The whole new record of each changed DC; `null` deletes it. */
  dcs: Map<number, DcRecord | null>;
  updateState?: UpdateState;
  channelPts: Map<bigint, number>;
  /** Peers as given, each merged with the queued writes for its id (not with what is stored). */
  peers: Map<bigint, PeerEntry>;
  /**
   * Who claimed each username key and phone last in this batch: every other
   * peer loses it, even if the claimer has dropped it since.
   */
  usernameClaims: Map<string, bigint>;
  phoneClaims: Map<string, bigint>;
  /** State entries (`stateStore()`); `null` deletes. */
  state: Map<string, StoredState | null>;
  /** Remove the state entries expired at this time (after the batch's own state writes). */
  stateSweep?: number;
  /** Writes queued: coalesced ones count too, for the early-flush threshold. */
  writes: number;
  /** Holds an auth key or home DC change: persist without waiting. */
  urgent: boolean;
}

export function emptyBatch(): WriteBatch {
  return { dcs: new Map(), channelPts: new Map(), peers: new Map(), usernameClaims: new Map(), phoneClaims: new Map(), state: new Map(), writes: 0, urgent: false };
}

/** Empties a batch in place: a store that persists nothing drops each write this way, without allocating (it runs once per update). */
export function clearBatch(b: WriteBatch): void {
  b.homeDc = b.timeOffset = b.updateState = b.stateSweep = undefined;
  if (b.dcs.size) b.dcs.clear();
  if (b.channelPts.size) b.channelPts.clear();
  if (b.peers.size) b.peers.clear();
  if (b.usernameClaims.size) b.usernameClaims.clear();
  if (b.phoneClaims.size) b.phoneClaims.clear();
  if (b.state.size) b.state.clear();
  b.writes = 0;
  b.urgent = false;
}

export const batchIsEmpty = (b: WriteBatch): boolean => b.writes === 0;

/**
 * Queues one peer (the caller counts the write). An entry may keep a username
 * or phone that a later claim took: claims are applied after the entries, when
 * persisting and when reading through the queue.
 */
export function queuePeer(b: WriteBatch, p: PeerEntry): void {
  b.peers.set(p.id, mergePeer(b.peers.get(p.id), p));
  if (p.username !== undefined) b.usernameClaims.set(usernameKey(p.username), p.id);
  if (p.phone !== undefined) b.phoneClaims.set(p.phone, p.id);
}

export function without(p: PeerEntry, field: 'username' | 'phone'): PeerEntry {
  const { [field]: _dropped, ...rest } = p;
  return rest;
}

/** Puts a batch that failed to persist back under the writes queued since: newer writes win. */
export function requeue(failed: WriteBatch, newer: WriteBatch): WriteBatch {
  const out = failed;
  const writes = failed.writes + newer.writes;
  if (newer.homeDc !== undefined) out.homeDc = newer.homeDc;
  if (newer.timeOffset !== undefined) out.timeOffset = newer.timeOffset;
  if (newer.updateState !== undefined) out.updateState = newer.updateState;
  for (const [k, v] of newer.dcs) out.dcs.set(k, v);
  for (const [k, v] of newer.channelPts) out.channelPts.set(k, v);
  for (const p of newer.peers.values()) queuePeer(out, p);
  // A newer claim stands even when its claimer dropped the name since.
  for (const [k, id] of newer.usernameClaims) out.usernameClaims.set(k, id);
  for (const [k, id] of newer.phoneClaims) out.phoneClaims.set(k, id);
  for (const [k, v] of newer.state) out.state.set(k, v);
  if (newer.stateSweep !== undefined) out.stateSweep = Math.max(out.stateSweep ?? newer.stateSweep, newer.stateSweep);
  out.writes = writes;
  out.urgent ||= newer.urgent;
  return out;
}

/** Whether `key` (a username key or phone) is claimed in the batch by a peer other than `id`. */
export function claimedByOther(b: WriteBatch, field: 'username' | 'phone', value: string, id: bigint): boolean {
  const owner = field === 'username' ? b.usernameClaims.get(usernameKey(value)) : b.phoneClaims.get(phoneKey(value));
  return owner !== undefined && owner !== id;
}
