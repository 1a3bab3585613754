/**
 * The shapes the built-in middleware needs, stated structurally so they work
 * on any context that has these fields (the framework's contexts do). Same
 * shape as `Middleware` in composer/types.ts.
 */
export type Next = () => Promise<void>;
export type MiddlewareFn<C> = (ctx: C, next: Next) => unknown | Promise<unknown>;

/** What the middleware read from a context: the chat and sender as marked peer ids, and the event's kind. */
export interface UpdateLike {
  readonly chatId?: bigint;
  readonly senderId?: bigint;
  readonly event?: { readonly kind?: string };
}
