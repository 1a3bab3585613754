import { injectable } from 'layer/framework';
import { Command, data, InlineKeyboard, OnCallbackQuery, OnInlineQuery, UseGuards, type CallbackQueryContext, type InlineQueryContext, type NewMessageContext } from 'layer/framework';
import { AdminGuard } from './admin.guard.js';
import { GreetingService } from './greeting.service.js';

/**
 * The bot's handlers. A new instance serves each update; the services it
 * takes in its constructor come from the bot's container.
 */
@injectable()
export class GreeterHandler {
  constructor(private readonly greetings: GreetingService) {}

  /** `/start`: a greeting with two buttons under it. */
  @Command('start')
  async start(ctx: NewMessageContext) {
    const name = ctx.sender?._ === 'user' ? ctx.sender.firstName : undefined;
    const keyboard = new InlineKeyboard().callback('Press me', 'press').row().switchInlineCurrent('Greet someone', 'friend');
    await ctx.reply(this.greetings.greet(name), { replyMarkup: keyboard });
  }

  /** The "Press me" button: a toast with the count. */
  @OnCallbackQuery(data('press'))
  async pressed(ctx: CallbackQueryContext) {
    const count = this.greetings.pressed();
    await ctx.answer(`Pressed ${count} time${count === 1 ? '' : 's'}`);
  }

  /** `@yourbot Bob` in any chat: offers a greeting for Bob to send. */
  @OnInlineQuery()
  async inline(ctx: InlineQueryContext) {
    const text = this.greetings.inlineGreeting(ctx.query);
    await ctx.answer([{ id: 'greeting', title: text, description: 'Send this greeting', text }], { cacheTime: 0 });
  }

  /** `/stats`, for the users in ADMIN_IDS only (others get no answer). */
  @UseGuards(AdminGuard)
  @Command('stats')
  async stats(ctx: NewMessageContext) {
    await ctx.reply(`The button was pressed ${this.greetings.total} times.`);
  }
}
