/** The bot the end-to-end interop tests talk to: a greeting with buttons, an answer, an edit. */
import 'reflect-metadata';
import { injectable } from 'tsyringe';
import { Command, OnCallbackQuery } from '../../src/framework/decorators/index.js';
import type { CallbackQueryContext, NewMessageContext } from '../../src/framework/context/index.js';
import { InlineKeyboard } from '../../src/framework/keyboards/index.js';

export const QUESTION = 'Do you like layer?';

@injectable()
export class QuestionHandler {
  @Command('start')
  async start(ctx: NewMessageContext) {
    const name = ctx.sender?._ === 'user' ? ctx.sender.firstName : '?';
    await ctx.respond(`Hello ${name}!`);
    await ctx.respond(QUESTION, { replyMarkup: new InlineKeyboard().callback('Yes', 'yes').callback('No', 'no') });
  }

  @OnCallbackQuery()
  async answered(ctx: CallbackQueryContext) {
    await ctx.answer({ text: `you said ${ctx.data}` });
    await ctx.edit(`${QUESTION} ${ctx.data}`);
  }
}

let counter = 0;
/** A fresh phone number for a peer's account. */
export function phone(): string {
  return `+4476${String(process.pid % 1000).padStart(3, '0')}${String(++counter).padStart(5, '0')}`;
}

/** Polls `read` (on real time, briefly) until it gives a value. */
export async function eventually<T>(read: () => Promise<T | undefined>, what: string, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`gave up waiting for ${what}`);
}
