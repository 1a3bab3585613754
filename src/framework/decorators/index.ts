export { OnNewMessage, OnMessageEdited, OnMessageDeleted, OnCallbackQuery, OnInlineQuery, OnChatAction, OnUserStatus, OnRaw } from './handlers.js';
export { Command, Hears } from './sugar.js';
export { UseMiddleware, UseGuards, Catch } from './use.js';
export type { CanActivate, LayerMiddleware, GuardLike, MiddlewareLike, HandlerDecorator, Narrowed, CheckedFilters } from './types.js';
