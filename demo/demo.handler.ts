/**
 * The demo bot: a command, an inline keyboard whose button counts votes, an
 * inline query, and a file sent with upload progress.
 */
import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Command, OnCallbackQuery, OnInlineQuery } from '../src/framework/decorators/index.js';
import { data } from '../src/framework/filters/index.js';
import { InlineKeyboard } from '../src/framework/keyboards/index.js';
import { callbackData } from '../src/framework/callback-data.js';
import type { CallbackQueryContext, InlineQueryContext, NewMessageContext } from '../src/framework/context/index.js';
import { html } from '../src/protocol/index.js';
import { PROGRESS, type ProgressReporter } from './progress.js';

const DRINKS = ['tea', 'coffee'] as const;
type Drink = (typeof DRINKS)[number];
const vote = callbackData('vote', { drink: DRINKS });

/** The votes, one tally per bot (handlers are made per update; this service lives as long as the bot). */
export class VoteTally {
  private readonly counts = new Map<Drink, number>();

  add(drink: Drink): void {
    this.counts.set(drink, (this.counts.get(drink) ?? 0) + 1);
  }

  summary(): string {
    return DRINKS.map((d) => `${d} ${this.counts.get(d) ?? 0}`).join(' · ');
  }
}

function keyboard(): InlineKeyboard {
  return new InlineKeyboard().callback('Tea', vote.build({ drink: 'tea' })).callback('Coffee', vote.build({ drink: 'coffee' }));
}

/** A report, made up on the spot: some lines of text, 1.5 MB in all. */
function report(): Uint8Array {
  const line = 'layer demo: every byte of this file went up in parts, with progress.\n';
  return new TextEncoder().encode(line.repeat(Math.ceil((1.5 * 1024 * 1024) / line.length)));
}

@injectable()
export class DemoHandler {
  constructor(
    private readonly tally: VoteTally,
    @inject(PROGRESS) private readonly progress: ProgressReporter,
  ) {}

  @Command('start')
  async start(ctx: NewMessageContext) {
    const name = ctx.sender?._ === 'user' ? ctx.sender.firstName ?? 'there' : 'there';
    await ctx.respond(html`Hello <b>${name}</b>! I am a layer bot. Try /vote, /file, or type my username in any chat.`);
  }

  @Command('vote')
  async vote(ctx: NewMessageContext) {
    await ctx.respond('Tea or coffee?', { replyMarkup: keyboard() });
  }

  @OnCallbackQuery(data(vote.filter()))
  async voted(ctx: CallbackQueryContext & { payload: { drink: Drink } }) {
    this.tally.add(ctx.payload.drink);
    await ctx.answer(`You voted ${ctx.payload.drink}`);
    await ctx.edit(`Tea or coffee? Votes: ${this.tally.summary()}`, { replyMarkup: keyboard() });
  }

  @OnInlineQuery()
  async inline(ctx: InlineQueryContext) {
    const q = ctx.query.trim() || 'layer';
    await ctx.answer(
      [
        { id: 'shout', title: q.toUpperCase(), description: 'in capitals', text: q.toUpperCase() },
        { id: 'bold', title: `${q}, in bold`, description: 'with formatting entities', ...html`<b>${q}</b>` },
      ],
      { cacheTime: 0 },
    );
  }

  @Command('file')
  async file(ctx: NewMessageContext) {
    const name = 'report.txt';
    const peer = await ctx.client.resolvePeer(ctx.chatPeer);
    await ctx.client.sendFile(peer, report(), {
      name,
      kind: 'document',
      mimeType: 'text/plain',
      caption: 'Here is your report.',
      signal: ctx.signal,
      onProgress: (p) => this.progress.report(name, p),
    });
  }
}
