/** The shapes every piece of the framework's pipeline shares. */

/** Runs the rest of the chain; resolves when it has finished. */
export type NextFn = () => Promise<void>;

/**
 * Koa-style middleware: do something, `await next()` to run what comes after,
 * do something more; return without calling `next` to stop the chain there.
 */
export type Middleware<C> = (ctx: C, next: NextFn) => unknown | Promise<unknown>;

/**
 * A filter: a type guard over contexts that have at least `In`, which, when it
 * passes, also promises `Added` (say `{ match: RegExpMatchArray }`). Being a
 * generic guard, it keeps whatever else the context is:
 * `if (command('start')(ctx)) ctx.command.args` type-checks.
 */
export type Filter<In, Added = unknown> = <C extends In>(ctx: C) => ctx is C & Added;

/** What a filter adds to the context when it passes. */
export type AddedBy<F> = F extends Filter<any, infer A> ? A : unknown;

/** A plain predicate, possibly asynchronous: any filter is one too. */
export type Predicate<C> = (ctx: C) => boolean | Promise<boolean>;
