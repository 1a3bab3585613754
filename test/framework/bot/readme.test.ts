/** The README's bot, as written there (imports from the package), run against the emulator. */
import 'reflect-metadata';
import { expect } from 'chai';
import { injectable } from 'tsyringe';
import { LayerBot, Command, Hears, OnCallbackQuery, OnInlineQuery, InlineKeyboard, callbackData, data, html, silentLogger, telegramServers, type NewMessageContext, type CallbackQueryContext, type InlineQueryContext, type ParsedCommand } from 'layer';
import type { tl } from 'layer/schema';
import { useEmulator } from '../../protocol/client/harness.js';
import { loginUser, texts, waitFor } from '../../protocol/client/methods/accounts.js';
import { until } from './harness.js';

const vote = callbackData('vote', { choice: 'int' });

@injectable()
class PollHandlers {
  @Command('start')
  async start(ctx: NewMessageContext & { command: ParsedCommand }) {
    await ctx.reply(html`hello <b>${ctx.command.args.join(' ') || 'there'}</b>`, {
      replyMarkup: new InlineKeyboard().callback('👍', vote.build({ choice: 1 })).callback('👎', vote.build({ choice: 2 })),
    });
  }

  @Hears(/^ping$/i)
  async ping(ctx: NewMessageContext) {
    await ctx.respond('pong');
  }

  @OnCallbackQuery(data(vote.filter()))
  async voted(ctx: CallbackQueryContext & { payload: { choice: number } }) {
    await ctx.answer({ text: `thanks for voting ${ctx.payload.choice}` });
    await ctx.edit('vote counted');
  }

  @OnInlineQuery()
  async inline(ctx: InlineQueryContext) {
    await ctx.answer([{ id: '1', title: ctx.query.toUpperCase(), text: ctx.query.toUpperCase() }], { cacheTime: 0 });
  }
}

describe('framework: the README bot', () => {
  const h = useEmulator();

  it('answers /start with a keyboard, ping with pong, and a vote with a toast and an edit', async () => {
    const { token } = h.emulator.createBot({ username: 'readme_poll_bot', dcId: 1 });
    const bot = LayerBot.create({ config: { apiId: 1, apiHash: 'emulator', botToken: token }, handlers: [PollHandlers], client: { ...h.emulator.clientOptions(), dcId: 1 }, logger: silentLogger });
    await bot.start();
    try {
      const alice = await loginUser(h, 'Alice');
      await alice.client.sendMessage('@readme_poll_bot', '/start world');
      const hello = await waitFor(alice.updates, (u): u is tl.UpdateNewMessage => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === 'hello world', 'hello');
      const answer = await alice.client.getCallbackAnswer('@readme_poll_bot', hello.message.id, vote.build({ choice: 1 }));
      expect(answer.message).to.equal('thanks for voting 1');
      await alice.client.sendMessage('@readme_poll_bot', 'PING');
      await until(() => texts(alice.updates).includes('pong'), 'pong');
      const results = await alice.client.getInlineResults('@readme_poll_bot', 'cats');
      expect(results.results.map((r) => (r as tl.BotInlineResult).title)).to.deep.equal(['CATS']);
      // What the README's real-Telegram line spreads: DCs and RSA keys.
      expect(telegramServers.dcs.length).to.be.greaterThan(0);
      expect(telegramServers.rsaKeys.length).to.be.greaterThan(0);
    } finally {
      await bot.stop();
    }
  });
});
