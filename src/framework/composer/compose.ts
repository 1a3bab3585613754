import { MiddlewareError } from '../errors.js';
import type { Middleware, NextFn } from './types.js';

const done: NextFn = () => Promise.resolve();

/**
 * Folds middleware into one: each runs when the one before calls `next()`,
 * and the last one's `next` is the `next` the composed middleware was given.
 * Calling `next()` twice from one middleware is a MiddlewareError.
 */
export function compose<C>(middleware: readonly Middleware<C>[]): Middleware<C> {
  const chain = [...middleware];
  if (chain.length === 0) return (_ctx, next) => next();
  if (chain.length === 1) return chain[0];
  return (ctx, last = done) => {
    let reached = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= reached) throw new MiddlewareError(`next() called more than once by middleware #${i - 1}`);
      reached = i;
      if (i === chain.length) return last();
      await chain[i](ctx, () => run(i + 1));
    };
    return run(0);
  };
}

/** Runs middleware on its own, as the end of a chain; a synchronous throw rejects. */
export function run<C>(middleware: Middleware<C>, ctx: C): Promise<void> {
  // Not an async function: the bot runs this once per update, and a middleware's own promise needs no wrapper.
  try {
    return Promise.resolve(middleware(ctx, done)) as Promise<void>;
  } catch (error) {
    return Promise.reject(error);
  }
}
