/**
 * Lets each user (or chat) through at most `limit` updates per `windowMs`,
 * as a token bucket: a full bucket holds `limit` tokens, each update takes
 * one, and they come back at `limit / windowMs` per millisecond. So a burst
 * of `limit` passes at once, then one more per `windowMs / limit`. A limited
 * update stops here (`onLimited` may answer it); an update without the key
 * (no sender, say) passes. Memory is bounded: at most `maxKeys` buckets, the
 * least recently used forgotten first (a forgotten bucket is a full one).
 */
import type { MiddlewareFn, UpdateLike } from './types.js';

export interface RateLimitOptions<C> {
  /** Whose updates are counted together. */
  per: 'user' | 'chat';
  limit: number;
  windowMs: number;
  /** Runs instead of the rest of the chain for a limited update. */
  onLimited?: (ctx: C) => unknown | Promise<unknown>;
  /** Buckets kept at most. Default 10,000. */
  maxKeys?: number;
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
}

export function rateLimit<C extends UpdateLike>(options: RateLimitOptions<C>): MiddlewareFn<C> {
  const { per, limit, windowMs, onLimited } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rateLimit: limit must be a positive integer, got ${limit}`);
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new RangeError(`rateLimit: windowMs must be a positive number, got ${windowMs}`);
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError(`rateLimit: maxKeys must be a positive integer, got ${maxKeys}`);
  const refillPerMs = limit / windowMs;
  // Insertion order is recency order: a touched bucket is moved to the end.
  const buckets = new Map<bigint, { tokens: number; at: number }>();

  return async (ctx, next) => {
    const key = per === 'user' ? ctx.senderId : ctx.chatId;
    if (key === undefined) return next();
    const t = now();
    const b = buckets.get(key) ?? { tokens: limit, at: t };
    buckets.delete(key);
    b.tokens = Math.min(limit, b.tokens + Math.max(0, t - b.at) * refillPerMs);
    b.at = t;
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    buckets.set(key, b);
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
    if (allowed) return next();
    await onLimited?.(ctx);
  };
}
