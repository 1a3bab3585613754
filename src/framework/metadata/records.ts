/** What decorators record: plain data the scanner turns into handler definitions. */
import 'reflect-metadata';
import type { Predicate } from '../composer/types.js';
import type { EventKind } from '../events/kinds.js';
import { METADATA } from './keys.js';

export interface HandlerRecord {
  method: string;
  event: EventKind;
  /** @OnRaw: the update's schema name. */
  updateName?: string;
  filters: Predicate<any>[];
  /** The decorator, for error messages. */
  decorator: string;
}

/** A middleware or guard given to @UseMiddleware / @UseGuards: a function, or an injectable class. */
export type UseRecord = { kind: 'function'; value: (...args: any[]) => unknown } | { kind: 'class'; value: new (...args: any[]) => object };

export interface CatchRecord {
  method: string;
  /** Empty: catches everything. */
  types: (abstract new (...args: any[]) => unknown)[];
}

/** Appends to a list kept on `target` (and `key`), never to one inherited from a parent class. */
export function append<T>(metadataKey: string, target: object, key: string | symbol | undefined, items: T[]): void {
  const own = (key === undefined ? Reflect.getOwnMetadata(metadataKey, target) : Reflect.getOwnMetadata(metadataKey, target, key)) as T[] | undefined;
  const inherited = (key === undefined ? Reflect.getMetadata(metadataKey, target) : Reflect.getMetadata(metadataKey, target, key)) as T[] | undefined;
  const next = [...(own ?? inherited ?? []), ...items];
  if (key === undefined) Reflect.defineMetadata(metadataKey, next, target);
  else Reflect.defineMetadata(metadataKey, next, target, key);
}

export function read<T>(metadataKey: string, target: object, key?: string | symbol): T[] {
  return ((key === undefined ? Reflect.getMetadata(metadataKey, target) : Reflect.getMetadata(metadataKey, target, key)) as T[] | undefined) ?? [];
}

export { METADATA };
