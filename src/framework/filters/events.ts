/** Filters over callback queries, chat actions and user statuses. */
import type { Filter } from '../composer/types.js';
import { NAMED_CHAT_ACTIONS, USER_STATUSES, type ChatActionKind, type UserStatusKind } from '../events/kinds.js';
import { makeFilter } from './combine.js';

/**
 * The callback button's data matches: a string is an exact match, a RegExp
 * sets `ctx.match`, and a matcher over the bytes (what
 * `callbackData(prefix, schema).filter()` returns) sets `ctx.payload` to
 * what it found.
 *
 * ```ts
 * const vote = callbackData('vote', { id: 'int' });
 * @OnCallbackQuery(data(vote.filter()))
 * onVote(ctx: CallbackQueryContext & { payload: { id: number } }) { ... }
 * ```
 */
export function data<T>(matcher: (data: Uint8Array) => T | undefined): Filter<{ readonly event: { readonly data: Uint8Array | undefined } }, { payload: T }>;
export function data(pattern: string | RegExp): Filter<{ data: string | undefined }, { data: string; match: RegExpMatchArray }>;
export function data(pattern: string | RegExp | ((data: Uint8Array) => unknown)): Filter<any, any> {
  if (typeof pattern === 'function') {
    return makeFilter((ctx: { event: { data: Uint8Array | undefined }; payload?: unknown }) => {
      const bytes = ctx.event.data;
      const found = bytes === undefined ? undefined : pattern(bytes);
      if (found === undefined) return false;
      ctx.payload = found;
      return true;
    });
  }
  if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) throw new TypeError('data(): pass a string, a RegExp or a matcher such as callbackData(...).filter()');
  return makeFilter((ctx: { data: string | undefined; match?: RegExpMatchArray }) => {
    if (ctx.data === undefined) return false;
    if (typeof pattern === 'string') {
      if (ctx.data !== pattern) return false;
      ctx.match = Object.assign([ctx.data], { index: 0, input: ctx.data }) as RegExpMatchArray;
      return true;
    }
    pattern.lastIndex = 0;
    const match = pattern.exec(ctx.data);
    if (!match) return false;
    ctx.match = match;
    return true;
  });
}

/** The chat action is one of these kinds. */
export function chatAction<K extends ChatActionKind>(...kinds: K[]): Filter<{ actionKind: ChatActionKind }, { actionKind: K }> {
  for (const k of kinds) if (typeof k !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(k)) throw new TypeError(`chatAction(): ${JSON.stringify(k)} is not a chat action kind (e.g. ${Object.keys(NAMED_CHAT_ACTIONS).slice(0, 4).join(', ')})`);
  const set = new Set<string>(kinds);
  return makeFilter((ctx: { actionKind: ChatActionKind }) => set.has(ctx.actionKind));
}

/** The user status is one of these kinds. */
export function userStatus<K extends UserStatusKind>(...kinds: K[]): Filter<{ statusKind: UserStatusKind }, { statusKind: K }> {
  for (const k of kinds) if (!(k in USER_STATUSES)) throw new TypeError(`userStatus(): ${JSON.stringify(k)} is not one of ${Object.keys(USER_STATUSES).join(', ')}`);
  const set = new Set<string>(kinds);
  return makeFilter((ctx: { statusKind: UserStatusKind }) => set.has(ctx.statusKind));
}
