/**
 * Event decorators: `@OnNewMessage(...filters)` and friends. They only record
 * and check metadata; the scanner compiles it into middleware at start.
 */
import type { Predicate } from '../composer/types.js';
import type { ContextByKind } from '../context/contexts.js';
import { DecoratorError } from '../errors.js';
import type { EventKind } from '../events/kinds.js';
import { append, METADATA, type HandlerRecord } from '../metadata/records.js';
import { typeOf, type tl } from '../../schema/index.js';
import type { CheckedFilters, HandlerDecorator, Narrowed } from './types.js';

/** `Class.method`, for error messages. */
export function memberName(target: object, key: string | symbol | undefined): string {
  const cls = typeof target === 'function' ? target.name : (target as { constructor?: { name?: string } }).constructor?.name ?? '?';
  return key === undefined ? cls : `${cls}.${String(key)}`;
}

/** Checks a method decorator's use; returns the method's name. */
export function checkMethod(decorator: string, target: object, key: string | symbol | undefined, descriptor: PropertyDescriptor | undefined): string {
  const member = memberName(target, key);
  if (key === undefined || !descriptor) throw new DecoratorError(decorator, member, 'goes on a method of a handler class');
  if (typeof descriptor.value !== 'function') throw new DecoratorError(decorator, member, 'goes on a method, not on a property or accessor');
  if (typeof key === 'symbol') throw new DecoratorError(decorator, member, 'goes on a method with a string name');
  return key;
}

/** Records one event handler; what every event decorator and the sugar call. */
export function recordHandler(decorator: string, event: EventKind, filters: unknown[], updateName?: string): MethodDecorator {
  return (target, key, descriptor) => {
    const method = checkMethod(decorator, target, key, descriptor);
    filters.forEach((f, i) => {
      if (typeof f !== 'function') throw new DecoratorError(decorator, memberName(target, key), `filter ${i + 1} is not a function (got ${f === null ? 'null' : typeof f})`);
    });
    append<HandlerRecord>(METADATA.handlers, target.constructor, undefined, [{ method, event, updateName, filters: filters as Predicate<any>[], decorator }]);
  };
}

function eventDecorator<K extends keyof ContextByKind>(event: K) {
  const name = `@On${event}`;
  return <F extends unknown[]>(...filters: CheckedFilters<ContextByKind[K], F>): HandlerDecorator<Narrowed<ContextByKind[K], F>> =>
    recordHandler(name, event, filters) as HandlerDecorator<Narrowed<ContextByKind[K], F>>;
}

/** A new message (not a service message: those are @OnChatAction). */
export const OnNewMessage = eventDecorator('NewMessage');
export const OnMessageEdited = eventDecorator('MessageEdited');
export const OnMessageDeleted = eventDecorator('MessageDeleted');
/** A press of an inline keyboard's callback button. */
export const OnCallbackQuery = eventDecorator('CallbackQuery');
/** A user typing `@yourbot query`. */
export const OnInlineQuery = eventDecorator('InlineQuery');
/** Joined, left, added, removed, title, photo, pinned, and every other service message (see chatAction()). */
export const OnChatAction = eventDecorator('ChatAction');
/** Online, offline, recently, within a week or month (see userStatus()). */
export const OnUserStatus = eventDecorator('UserStatus');

/**
 * Any update by its schema name, typed events' updates included
 * (`@OnRaw('updateNewMessage')` sees new messages too): the escape hatch.
 */
export function OnRaw<F extends unknown[]>(updateName: tl.TypeUpdate['_'], ...filters: CheckedFilters<ContextByKind['Raw'], F>): HandlerDecorator<Narrowed<ContextByKind['Raw'], F>> {
  return ((target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    if (typeof updateName !== 'string' || typeOf(updateName) !== 'Update') {
      throw new DecoratorError('@OnRaw', memberName(target, key), `${JSON.stringify(updateName)} is not an Update constructor of the schema (e.g. 'updateUserTyping')`);
    }
    recordHandler('@OnRaw', 'Raw', filters, updateName)(target, key, descriptor);
  }) as HandlerDecorator<Narrowed<ContextByKind['Raw'], F>>;
}
