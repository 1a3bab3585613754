/**
 * Per-chat state: loads `ctx.state` from a `StateStore` before the rest of
 * the chain runs and saves it after, only if it changed (compared by its
 * stored form) and only if the chain succeeded (a failed update leaves the
 * stored state as it was). Setting `ctx.state = undefined` deletes it. The TTL
 * counts from the last change. Updates of one chat should run one at a time
 * (the framework's per-chat ordering) or the later save wins.
 *
 * Without a `store`, the state is kept with the bot's session
 * (`ctx.client.session.stateStore()`): in the SQLite session file beside the
 * auth key, written in the session's batches, so it survives a restart with
 * the session; in memory for a memory or string session.
 */
import { encodeState } from '../../protocol/storage/state-codec.js';
import type { StateStore } from '../../protocol/storage/state-store.js';
import type { SessionStore } from '../../protocol/storage/types.js';
import { FrameworkError } from '../errors.js';
import type { MiddlewareFn, UpdateLike } from './types.js';

export interface ChatStateOptions<C, S> {
  /** Where states are kept. Default: the bot's session store's `stateStore()`. */
  store?: StateStore;
  /** Expire a chat's state this long after its last change. Default: never. */
  ttlMs?: number;
  /** The store key of a context's state; undefined leaves `ctx.state` unset. Default `chat:<chatId>`. */
  key?: (ctx: C) => string | undefined;
  /** The state of a chat that has none yet. Default `{}`. */
  initial?: () => S;
}

/** What chatState reads of a context to find the session's state store. */
type WithSession = { readonly client?: { readonly session?: SessionStore } };

/** One state view per session store, made on first use. */
const sessionStates = new WeakMap<SessionStore, StateStore>();

function sessionStateOf(ctx: WithSession): StateStore {
  const session = ctx.client?.session;
  let store = session && sessionStates.get(session);
  if (store) return store;
  if (!session?.stateStore) {
    throw new FrameworkError("chatState: no store given, and the bot's session store keeps no state (it has no stateStore()); pass chatState({ store }), e.g. a SqliteStateStore or MemoryStateStore");
  }
  store = session.stateStore();
  sessionStates.set(session, store);
  return store;
}

export function chatState<C extends UpdateLike & WithSession & { state?: unknown }, S = Record<string, unknown>>(options: ChatStateOptions<C, S> = {}): MiddlewareFn<C> {
  const { ttlMs } = options;
  const keyOf = options.key ?? ((ctx: C) => (ctx.chatId === undefined ? undefined : `chat:${ctx.chatId}`));
  const initial = options.initial ?? (() => ({}) as S);
  return async (ctx, next) => {
    const key = keyOf(ctx);
    if (key === undefined) return next();
    const store = options.store ?? sessionStateOf(ctx);
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
