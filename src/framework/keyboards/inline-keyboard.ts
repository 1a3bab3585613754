/**
 * Builds the buttons under a message (`tl.ReplyInlineMarkup`):
 * ```ts
 * new InlineKeyboard().callback('Yes', vote.build({ choice: 'yes' })).callback('No', 'no')
 *   .row().url('Docs', 'https://example.com')
 * ```
 * Buttons fill the current row; `.row()` starts the next. Each button is
 * checked as it is added (non-empty text, callback data of at most 64 bytes).
 */
import type { tl } from '../../schema/index.js';
import { CALLBACK_DATA_MAX_BYTES, CallbackDataTooLongError } from '../callback-data.js';
import { KeyboardError } from './errors.js';
import { checkText, RowBuilder } from './rows.js';

/** Where a switch-inline button may send the query: Bot API's `switch_inline_query_chosen_chat`. */
export type InlinePeerType = 'sameBot' | 'users' | 'bots' | 'groups' | 'channels';

const PEER_TYPES: Record<InlinePeerType, tl.TypeInlineQueryPeerType> = {
  sameBot: { _: 'inlineQueryPeerTypeSameBotPM' },
  users: { _: 'inlineQueryPeerTypePM' },
  bots: { _: 'inlineQueryPeerTypeBotPM' },
  groups: { _: 'inlineQueryPeerTypeChat' },
  channels: { _: 'inlineQueryPeerTypeBroadcast' },
};

export interface LoginUrlOptions {
  /** The text shown when the message is forwarded. */
  forwardText?: string;
  /** Ask the user to let the bot message them. */
  requestWriteAccess?: boolean;
  /** The bot that logs the user in; the sending bot itself by default. */
  bot?: tl.TypeInputUser;
}

export class InlineKeyboard extends RowBuilder<tl.TypeKeyboardButton> {
  /** A button that sends `data` back to the bot as a callback query (at most 64 bytes; a string is sent as UTF-8). */
  callback(text: string, data: string | Uint8Array): this {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : Uint8Array.from(data);
    if (bytes.length > CALLBACK_DATA_MAX_BYTES) throw new CallbackDataTooLongError(bytes.length);
    return this.add({ _: 'keyboardButtonCallback', text: checkText(text), data: bytes });
  }

  url(text: string, url: string): this {
    return this.add({ _: 'keyboardButtonUrl', text: checkText(text), url: checkUrl(url) });
  }

  /** Lets the user pick a chat and starts an inline query to this bot there; `peerTypes` limits the choice. */
  switchInline(text: string, query = '', peerTypes?: readonly InlinePeerType[]): this {
    const button: tl.KeyboardButtonSwitchInline = { _: 'keyboardButtonSwitchInline', text: checkText(text), query };
    if (peerTypes?.length) button.peerTypes = peerTypes.map((t) => PEER_TYPES[t]);
    return this.add(button);
  }

  /** Starts an inline query to this bot in the current chat. */
  switchInlineCurrent(text: string, query = ''): this {
    return this.add({ _: 'keyboardButtonSwitchInline', samePeer: true, text: checkText(text), query });
  }

  /** Logs the user in to a website (Telegram Login). */
  login(text: string, url: string, options: LoginUrlOptions = {}): this {
    const button: tl.InputKeyboardButtonUrlAuth = { _: 'inputKeyboardButtonUrlAuth', text: checkText(text), url: checkUrl(url), bot: options.bot ?? { _: 'inputUserSelf' } };
    if (options.requestWriteAccess) button.requestWriteAccess = true;
    if (options.forwardText !== undefined) button.fwdText = options.forwardText;
    return this.add(button);
  }

  /** Opens a Web App. */
  webApp(text: string, url: string): this {
    return this.add({ _: 'keyboardButtonWebView', text: checkText(text), url: checkUrl(url) });
  }

  /** The pay button of an invoice (must be the first button). */
  pay(text: string): this {
    return this.add({ _: 'keyboardButtonBuy', text: checkText(text) });
  }

  /** The play button of a game (must be the first button). */
  game(text: string): this {
    return this.add({ _: 'keyboardButtonGame', text: checkText(text) });
  }

  /** Copies `copyText` to the clipboard. */
  copyText(text: string, copyText: string): this {
    return this.add({ _: 'keyboardButtonCopy', text: checkText(text), copyText });
  }

  build(): tl.ReplyInlineMarkup {
    return { _: 'replyInlineMarkup', rows: this.buildRows() };
  }
}

function checkUrl(url: string): string {
  if (typeof url !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(url)) throw new KeyboardError('BUTTON_URL_INVALID', `not a URL: ${JSON.stringify(url)}`);
  return url;
}
