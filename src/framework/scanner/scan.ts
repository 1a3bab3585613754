/**
 * Reads a handler class's metadata, once, at start, into plain definitions.
 * This is the only place that reads reflect-metadata.
 */
import 'reflect-metadata';
import { DecoratorError } from '../errors.js';
import { METADATA, read, type CatchRecord, type HandlerRecord, type UseRecord } from '../metadata/records.js';

export type HandlerClass = new (...args: any[]) => object;

export interface HandlerDefinition extends HandlerRecord {
  middleware: UseRecord[];
  guards: UseRecord[];
}

export interface ClassDefinition {
  target: HandlerClass;
  /** Its constructor takes nothing: an instance per update needs no container to build it. */
  plain: boolean;
  middleware: UseRecord[];
  guards: UseRecord[];
  catches: CatchRecord[];
  handlers: HandlerDefinition[];
}

export function scan(target: HandlerClass): ClassDefinition {
  if (typeof target !== 'function') throw new TypeError(`handlers: expected a handler class, got ${target === null ? 'null' : typeof target}`);
  const handlers = read<HandlerRecord>(METADATA.handlers, target);
  const catches = read<CatchRecord>(METADATA.catch, target);
  if (handlers.length === 0 && catches.length === 0) {
    throw new DecoratorError('handlers', target.name, 'is listed in handlers but no method carries an event decorator (@OnNewMessage, @Command, ...)');
  }
  // Decorators on one method run bottom-up; declaration order is what users read, so restore it.
  const order = Object.getOwnPropertyNames(target.prototype);
  const rank = (m: string) => (order.indexOf(m) < 0 ? Number.MAX_SAFE_INTEGER : order.indexOf(m));
  const sorted = handlers.map((h, i) => ({ h, i })).sort((a, b) => rank(a.h.method) - rank(b.h.method) || b.i - a.i);
  const params = (Reflect.getMetadata('design:paramtypes', target) as unknown[] | undefined) ?? [];
  return {
    target,
    plain: target.length === 0 && params.length === 0,
    middleware: read<UseRecord>(METADATA.middleware, target),
    guards: read<UseRecord>(METADATA.guards, target),
    catches: [...catches].sort((a, b) => rank(a.method) - rank(b.method)),
    handlers: sorted.map(({ h }) => ({
      ...h,
      middleware: read<UseRecord>(METADATA.middleware, target.prototype, h.method),
      guards: read<UseRecord>(METADATA.guards, target.prototype, h.method),
    })),
  };
}
