/**
 * Builds a custom keyboard that replaces the user's (`tl.ReplyKeyboardMarkup`):
 * ```ts
 * new ReplyKeyboard().text('Yes').text('No').row().requestContact('Share my phone').resize().oneTime()
 * ```
 */
import type { tl } from '../../schema/index.js';
import { checkText, RowBuilder } from './rows.js';

export class ReplyKeyboard extends RowBuilder<tl.TypeKeyboardButton> {
  private options: Omit<tl.ReplyKeyboardMarkup, '_' | 'rows'> = {};

  /** A button that sends its text. */
  text(text: string): this {
    return this.add({ _: 'keyboardButton', text: checkText(text) });
  }

  /** Sends the user's phone number as a contact. */
  requestContact(text: string): this {
    return this.add({ _: 'keyboardButtonRequestPhone', text: checkText(text) });
  }

  /** Sends the user's location. */
  requestLocation(text: string): this {
    return this.add({ _: 'keyboardButtonRequestGeoLocation', text: checkText(text) });
  }

  /** Lets the user create a poll; `quiz` true allows only quizzes, false only regular polls, absent both. */
  requestPoll(text: string, quiz?: boolean): this {
    const button: tl.KeyboardButtonRequestPoll = { _: 'keyboardButtonRequestPoll', text: checkText(text) };
    if (quiz !== undefined) button.quiz = quiz;
    return this.add(button);
  }

  /** Fits the keyboard's height to its buttons. */
  resize(on = true): this {
    return this.set('resize', on);
  }

  /** Hides the keyboard once a button is pressed. */
  oneTime(on = true): this {
    return this.set('singleUse', on);
  }

  /** Shows the keyboard only to mentioned users and the author of the replied-to message. */
  selective(on = true): this {
    return this.set('selective', on);
  }

  /** Keeps the keyboard shown when the user hides the regular one. */
  persistent(on = true): this {
    return this.set('persistent', on);
  }

  /** The input field's placeholder while the keyboard is shown (1-64 characters). */
  placeholder(text: string): this {
    this.options = { ...this.options, placeholder: text };
    return this;
  }

  build(): tl.ReplyKeyboardMarkup {
    return { _: 'replyKeyboardMarkup', ...this.options, rows: this.buildRows() };
  }

  private set(flag: 'resize' | 'singleUse' | 'selective' | 'persistent', on: boolean): this {
    const next = { ...this.options };
    if (on) next[flag] = true;
    else delete next[flag];
    this.options = next;
    return this;
  }
}
