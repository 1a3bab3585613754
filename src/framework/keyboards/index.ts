/** Keyboards and reply markups for messages. */
export { InlineKeyboard, type InlinePeerType, type LoginUrlOptions } from './inline-keyboard.js';
export { ReplyKeyboard } from './reply-keyboard.js';
export { removeKeyboard, forceReply, toReplyMarkup, type ReplyMarkupLike } from './markup.js';
export { KeyboardError } from './errors.js';
