import type { AnyEvent } from '../events/events.js';
import { Context, type ContextDeps } from './context.js';
import { CallbackQueryContext, ChatActionContext, InlineQueryContext, MessageContext, UserStatusContext } from './contexts.js';

/** The context for an event: the subclass its kind calls for. */
export function makeContext(event: AnyEvent, deps: ContextDeps): Context {
  switch (event.kind) {
    case 'NewMessage':
    case 'MessageEdited':
      return new MessageContext(event, deps);
    case 'CallbackQuery':
      return new CallbackQueryContext(event, deps);
    case 'InlineQuery':
      return new InlineQueryContext(event, deps);
    case 'ChatAction':
      return new ChatActionContext(event, deps);
    case 'UserStatus':
      return new UserStatusContext(event, deps);
    default:
      return new Context(event, deps);
  }
}
