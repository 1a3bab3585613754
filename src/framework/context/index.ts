export { Context, type ContextDeps, type ParsedCommand, type SendFileParams, type TextLike } from './context.js';
export { MessageContext, CallbackQueryContext, InlineQueryContext, ChatActionContext, UserStatusContext } from './contexts.js';
export type { NewMessageContext, MessageEditedContext, MessageDeletedContext, RawContext, ContextByKind } from './contexts.js';
export { makeContext } from './make.js';
