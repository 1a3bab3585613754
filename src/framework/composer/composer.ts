import { compose } from './compose.js';
import { branch, errorBoundary, filter, lazy } from './combinators.js';
import type { Middleware, Predicate } from './types.js';

/**
 * A chain of middleware that grows by method calls, grammY-style. `filter`
 * and `errorBoundary` return a child composer that is part of this one:
 * middleware added to the child runs only when the filter passes (or inside
 * the boundary). Decorated handlers compile down to these same calls.
 *
 * ```ts
 * const bot = new Composer<MessageContext>();
 * bot.use(logging());
 * bot.filter(command('start')).use((ctx) => ctx.reply(`hello, ${ctx.command.args.join(' ')}`));
 * bot.filter(regex(/ping/i), (ctx) => ctx.reply('pong'));
 * ```
 */
export class Composer<C> {
  private readonly stack: Middleware<C>[] = [];

  constructor(...middleware: Middleware<C>[]) {
    this.stack.push(...middleware);
  }

  /** Adds middleware to the end of the chain. */
  use(...middleware: Middleware<C>[]): this {
    this.stack.push(...middleware);
    return this;
  }

  /**
   * Middleware that runs only when `guard` passes, with the context narrowed
   * to what the filter promises. Returns the child composer to add more.
   */
  filter<N extends C>(guard: (ctx: C) => ctx is N, ...middleware: Middleware<N>[]): Composer<N>;
  filter(predicate: Predicate<C>, ...middleware: Middleware<C>[]): Composer<C>;
  filter(predicate: Predicate<C>, ...middleware: Middleware<C>[]): Composer<C> {
    const child = new Composer<C>(...middleware);
    this.stack.push(filter(predicate, child.middleware()));
    return child;
  }

  /** Runs `whenTrue` or `whenFalse` by `predicate`. */
  branch(predicate: Predicate<C>, whenTrue: Middleware<C>, whenFalse: Middleware<C>): this {
    this.stack.push(branch(predicate, whenTrue, whenFalse));
    return this;
  }

  /** Middleware built per update by `factory`. */
  lazy(factory: (ctx: C) => Middleware<C> | readonly Middleware<C>[] | Promise<Middleware<C> | readonly Middleware<C>[]>): this {
    this.stack.push(lazy(factory));
    return this;
  }

  /** A child composer whose errors go to `onError` (see the `errorBoundary` function). */
  errorBoundary(onError: (error: unknown, ctx: C) => unknown, ...middleware: Middleware<C>[]): Composer<C> {
    const child = new Composer<C>(...middleware);
    this.stack.push(errorBoundary(onError, child.middleware()));
    return child;
  }

  /**
   * The whole chain as one middleware. It reads the stack when it runs, so
   * middleware added to a child after this call still takes part.
   */
  middleware(): Middleware<C> {
    return (ctx, next) => compose(this.stack)(ctx, next);
  }
}
