/** @UseMiddleware, @UseGuards and @Catch: on a class (all its handlers) or a method. */
import { DecoratorError } from '../errors.js';
import { append, METADATA, type CatchRecord, type UseRecord } from '../metadata/records.js';
import { checkMethod, memberName } from './handlers.js';
import type { GuardLike, MiddlewareLike } from './types.js';

type ClassOrMethodDecorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => void;

function isClass(value: Function, method: string): boolean {
  return typeof value.prototype?.[method] === 'function';
}

function record(decorator: string, metadataKey: string, method: 'use' | 'canActivate', items: unknown[]): ClassOrMethodDecorator {
  return (target, key, descriptor) => {
    const member = memberName(target, key);
    if (items.length === 0) throw new DecoratorError(decorator, member, 'pass at least one');
    const records = items.map((item, i): UseRecord => {
      if (typeof item !== 'function') throw new DecoratorError(decorator, member, `argument ${i + 1} is not a function or class (got ${item === null ? 'null' : typeof item})`);
      if (isClass(item, method)) return { kind: 'class', value: item as new (...args: any[]) => object };
      if (/^class[\s{]/.test(Function.prototype.toString.call(item))) throw new DecoratorError(decorator, member, `class ${item.name} has no ${method}() method`);
      return { kind: 'function', value: item as (...args: any[]) => unknown };
    });
    if (key === undefined) append(metadataKey, target, undefined, records);
    else {
      checkMethod(decorator, target, key, descriptor);
      append(metadataKey, target, key, records);
    }
  };
}

/** Middleware around the handlers of a class, or of one method; functions `(ctx, next)` or classes with `use(ctx, next)`. */
export function UseMiddleware(...middleware: MiddlewareLike[]): ClassOrMethodDecorator {
  return record('@UseMiddleware', METADATA.middleware, 'use', middleware);
}

/** Guards: predicates `(ctx) => boolean` or classes with `canActivate(ctx)`; a handler runs only if all allow it. */
export function UseGuards(...guards: GuardLike[]): ClassOrMethodDecorator {
  return record('@UseGuards', METADATA.guards, 'canActivate', guards);
}

/**
 * Marks a method `(error, ctx)` as the error boundary for this class's
 * handlers: errors of these types (any, when none given) thrown by a handler,
 * its guards or middleware come here instead of bot.errors$. The first
 * matching @Catch, in declaration order, takes the error; rethrow to pass it on.
 */
export function Catch(...types: (abstract new (...args: any[]) => unknown)[]): MethodDecorator {
  return (target, key, descriptor) => {
    const method = checkMethod('@Catch', target, key, descriptor);
    types.forEach((t, i) => {
      if (typeof t !== 'function') throw new DecoratorError('@Catch', memberName(target, key), `argument ${i + 1} is not an error class (got ${t === null ? 'null' : typeof t})`);
    });
    append<CatchRecord>(METADATA.catch, target.constructor, undefined, [{ method, types }]);
  };
}
