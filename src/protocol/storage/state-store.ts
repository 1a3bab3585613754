/**
 * Key-value state that outlives an update (per-chat conversation state, say).
 * Values are anything JSON holds plus bigint, Uint8Array and Date (see
 * state-codec.ts); each `get` answers a fresh copy. A `ttlMs` makes an entry
 * expire by the store's clock (`now`, injected for tests).
 */
import { StateValueError } from './state-errors.js';

export interface StateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value` (undefined deletes), expiring after `ttlMs` when given; replaces any earlier TTL. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  close?(): Promise<void>;
}

export interface StateStoreOptions {
  /** The clock TTLs are measured by, in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** The expiry time of an entry set now with `ttlMs`, or undefined for none. */
export function expiryOf(now: number, ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new StateValueError('ttlMs', `must be a positive number of milliseconds, got ${ttlMs}`);
  return now + ttlMs;
}
