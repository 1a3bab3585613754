/** The reply markups that are not keyboards, and one way to accept any markup. */
import type { tl } from '../../schema/index.js';

/** Removes the custom keyboard; `selective` only for mentioned users and the author of the replied-to message. */
export function removeKeyboard(options: { selective?: boolean } = {}): tl.ReplyKeyboardHide {
  return options.selective ? { _: 'replyKeyboardHide', selective: true } : { _: 'replyKeyboardHide' };
}

/** Opens the reply interface on the user's side, as if they had chosen "Reply". */
export function forceReply(options: { selective?: boolean; singleUse?: boolean; placeholder?: string } = {}): tl.ReplyKeyboardForceReply {
  const markup: tl.ReplyKeyboardForceReply = { _: 'replyKeyboardForceReply' };
  if (options.singleUse) markup.singleUse = true;
  if (options.selective) markup.selective = true;
  if (options.placeholder !== undefined) markup.placeholder = options.placeholder;
  return markup;
}

/** A TL reply markup, or a builder of one (`InlineKeyboard`, `ReplyKeyboard`). */
export type ReplyMarkupLike = tl.TypeReplyMarkup | { build(): tl.TypeReplyMarkup };

export function toReplyMarkup(markup: ReplyMarkupLike): tl.TypeReplyMarkup {
  return 'build' in markup && typeof markup.build === 'function' ? markup.build() : (markup as tl.TypeReplyMarkup);
}
