/**
 * The composer's building blocks as plain functions: what `Composer` methods,
 * decorators and sugar all compile down to.
 */
import { compose } from './compose.js';
import type { Middleware, NextFn, Predicate } from './types.js';

/**
 * Runs `middleware` when `predicate` holds; otherwise passes on to `next`.
 * A predicate that answers synchronously (most filters) costs no extra
 * promise or microtask; the result is a promise either way.
 */
export function filter<C>(predicate: Predicate<C>, middleware: Middleware<C>): Middleware<C> {
  const after = (ctx: C, next: NextFn, ok: unknown): Promise<unknown> => Promise.resolve(ok ? middleware(ctx, next) : next());
  return (ctx, next) => {
    try {
      const ok = predicate(ctx);
      return isThenable(ok) ? Promise.resolve(ok).then((passed) => after(ctx, next, passed)) : after(ctx, next, ok);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/** Runs one of two middleware, by `predicate`. */
export function branch<C>(predicate: Predicate<C>, whenTrue: Middleware<C>, whenFalse: Middleware<C>): Middleware<C> {
  return async (ctx, next) => {
    await ((await predicate(ctx)) ? whenTrue : whenFalse)(ctx, next);
  };
}

/** Builds the middleware to run per update, from the update (say, a per-language chain). */
export function lazy<C>(factory: (ctx: C) => Middleware<C> | readonly Middleware<C>[] | Promise<Middleware<C> | readonly Middleware<C>[]>): Middleware<C> {
  return async (ctx, next) => {
    const made = await factory(ctx);
    await (typeof made === 'function' ? made : compose(made))(ctx, next);
  };
}

/**
 * Errors thrown inside `middleware` go to `onError` and stop there; errors
 * from what runs after it (through its `next`) pass through untouched, to the
 * boundary that encloses them. `onError` may rethrow to pass an error on.
 */
export function errorBoundary<C>(onError: (error: unknown, ctx: C) => unknown, middleware: Middleware<C>): Middleware<C> {
  return async (ctx, next) => {
    let downstream: { error: unknown } | undefined;
    try {
      await middleware(ctx, async () => {
        try {
          await next();
        } catch (error) {
          downstream = { error };
          throw error;
        }
      });
    } catch (error) {
      if (downstream && downstream.error === error) throw error;
      await onError(error, ctx);
    }
  };
}
