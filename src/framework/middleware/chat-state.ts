/**
 * Per-chat state: loads `ctx.state` from a `StateStore` before the rest of
 * the chain runs and saves it after, only if it changed (compared by its
 * stored form) and only if the chain succeeded (a failed update leaves the
 * stored state as it was). Setting `ctx.state = undefined` deletes it. The TTL
 * counts from the last change. Updates of one chat should run one at a time
 * (the framework's per-chat ordering) or the later save wins.
 */
import { encodeState } from '../../protocol/storage/state-codec.js';
import type { StateStore } from '../../protocol/storage/state-store.js';
import type { MiddlewareFn, UpdateLike } from './types.js';

export interface ChatStateOptions<C, S> {
  store: StateStore;
  /** Expire a chat's state this long after its last change. Default: never. */
  ttlMs?: number;
  /** The store key of a context's state; undefined leaves `ctx.state` unset. Default `chat:<chatId>`. */
  key?: (ctx: C) => string | undefined;
  /** The state of a chat that has none yet. Default `{}`. */
  initial?: () => S;
}

export function chatState<C extends UpdateLike & { state?: unknown }, S = Record<string, unknown>>(options: ChatStateOptions<C, S>): MiddlewareFn<C> {
  const { store, ttlMs } = options;
  const keyOf = options.key ?? ((ctx: C) => (ctx.chatId === undefined ? undefined : `chat:${ctx.chatId}`));
  const initial = options.initial ?? (() => ({}) as S);
  return async (ctx, next) => {
    const key = keyOf(ctx);
    if (key === undefined) return next();
    const stored = await store.get<S>(key);
    ctx.state = stored ?? initial();
    // Compared as stored, so a state changed in place counts, and an untouched initial one is not written.
    const before = ctx.state === undefined ? undefined : encodeState(ctx.state);
    await next();
    const after = ctx.state === undefined ? undefined : encodeState(ctx.state);
    if (after === before) return;
    if (ctx.state === undefined) await store.delete(key);
    else await store.set(key, ctx.state, ttlMs);
  };
}
