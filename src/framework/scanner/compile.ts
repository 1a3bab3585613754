/**
 * Turns a scanned handler class into one middleware, built from the composer's
 * pieces: per handler, the event check and filters, then the class's and the
 * method's middleware, then the guards, then the method; the class's @Catch
 * methods as an error boundary around them all.
 */
import { errorBoundary, filter, isThenable } from '../composer/combinators.js';
import { compose } from '../composer/compose.js';
import type { Middleware, Predicate } from '../composer/types.js';
import type { Context } from '../context/context.js';
import type { UseRecord } from '../metadata/records.js';
import type { ClassDefinition, HandlerClass, HandlerDefinition } from './scan.js';

type Instance = Record<string, (...args: unknown[]) => unknown>;

/**
 * The handler class instance for this update (one per update). `direct`: the
 * bot registered the class itself and its constructor takes nothing, so it is
 * built without making the update's container.
 */
const instance = (ctx: Context, target: HandlerClass, direct: boolean) => ctx.handlerInstance(target, direct) as Instance;

function middlewareOf(use: UseRecord): Middleware<Context> {
  if (use.kind === 'function') return use.value as Middleware<Context>;
  const cls = use.value;
  return (ctx, next) => (ctx.container.resolve(cls) as { use: Middleware<Context> }).use(ctx, next);
}

function guardOf(use: UseRecord): Predicate<Context> {
  if (use.kind === 'function') return use.value as Predicate<Context>;
  const cls = use.value;
  return (ctx) => (ctx.container.resolve(cls) as { canActivate: Predicate<Context> }).canActivate(ctx);
}

/** All predicates in order, stopping at the first false; synchronous until one answers with a promise. */
function allOf(predicates: Predicate<Context>[]): Predicate<Context> {
  const rest = async (ctx: Context, from: number, pending: PromiseLike<unknown>): Promise<boolean> => {
    if (!(await pending)) return false;
    for (let i = from; i < predicates.length; i++) if (!(await predicates[i](ctx))) return false;
    return true;
  };
  return (ctx) => {
    for (let i = 0; i < predicates.length; i++) {
      const ok: unknown = predicates[i](ctx);
      if (isThenable(ok)) return rest(ctx, i + 1, ok);
      if (!ok) return false;
    }
    return true;
  };
}

function compileHandler(def: ClassDefinition, handler: HandlerDefinition, direct: boolean): Middleware<Context> {
  const { target } = def;
  const { event, updateName, method } = handler;
  const isEvent: Predicate<Context> = updateName === undefined ? (ctx) => ctx.event.kind === event : (ctx) => ctx.event.update._ === updateName;
  const run: Middleware<Context> = (ctx, next) => instance(ctx, target, direct)[method](ctx, next);
  const guards = [...def.guards, ...handler.guards].map(guardOf);
  // A guard that says no skips this handler: the update goes on to the next one.
  const guarded = guards.length === 0 ? run : filter(allOf(guards), run);
  const chain = compose([...def.middleware.map(middlewareOf), ...handler.middleware.map(middlewareOf), guarded]);
  return filter(allOf([isEvent, ...handler.filters]), chain);
}

/** `registered`: the bot registered the class (nothing else did, as a singleton say). */
export function compileClass(def: ClassDefinition, registered = true): Middleware<Context> {
  const direct = registered && def.plain;
  const handlers = compose(def.handlers.map((h) => compileHandler(def, h, direct)));
  if (def.catches.length === 0) return handlers;
  const { target, catches } = def;
  return errorBoundary(async (error, ctx) => {
    const match = catches.find((c) => c.types.length === 0 || c.types.some((t) => error instanceof t));
    if (!match) throw error;
    await instance(ctx, target, direct)[match.method](error, ctx);
  }, handlers);
}
