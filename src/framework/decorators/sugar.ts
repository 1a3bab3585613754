/** Shorthands that compile to @OnNewMessage with a filter. */
import type { ContextByKind } from '../context/contexts.js';
import type { ParsedCommand } from '../context/context.js';
import { DecoratorError } from '../errors.js';
import { command, regex, type CommandOptions } from '../filters/message.js';
import { memberName, recordHandler } from './handlers.js';
import type { CheckedFilters, HandlerDecorator, Narrowed } from './types.js';

/** `@Command('start')`: `/start`, `/start@yourbot args`; `ctx.command` holds the parsed name and args. */
export function Command<F extends unknown[]>(
  names: string | string[],
  ...filters: CheckedFilters<ContextByKind['NewMessage'] & { command: ParsedCommand }, F>
): HandlerDecorator<Narrowed<ContextByKind['NewMessage'] & { command: ParsedCommand }, F>>;
export function Command(names: string | string[], ...filters: unknown[]): MethodDecorator {
  return (target, key, descriptor) => {
    let filter;
    try {
      filter = command(names, {} satisfies CommandOptions);
    } catch (e) {
      throw new DecoratorError('@Command', memberName(target, key), (e as Error).message);
    }
    recordHandler('@Command', 'NewMessage', [filter, ...filters])(target, key, descriptor);
  };
}

/** `@Hears(/^hi/i)`: a message whose text matches; `ctx.match` holds the match. */
export function Hears<F extends unknown[]>(
  pattern: RegExp | string,
  ...filters: CheckedFilters<ContextByKind['NewMessage'] & { match: RegExpMatchArray }, F>
): HandlerDecorator<Narrowed<ContextByKind['NewMessage'] & { match: RegExpMatchArray }, F>>;
export function Hears(pattern: RegExp | string, ...filters: unknown[]): MethodDecorator {
  return (target, key, descriptor) => {
    if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) throw new DecoratorError('@Hears', memberName(target, key), 'pass a RegExp or a string');
    recordHandler('@Hears', 'NewMessage', [regex(pattern), ...filters])(target, key, descriptor);
  };
}
