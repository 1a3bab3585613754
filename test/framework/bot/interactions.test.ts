import 'reflect-metadata';
import { expect } from 'chai';
import { injectable } from 'tsyringe';
import type { tl } from '../../../src/schema/index.js';
import { Command, Hears, OnCallbackQuery, OnChatAction, OnInlineQuery, OnMessageDeleted, OnMessageEdited, OnRaw, OnUserStatus } from '../../../src/framework/decorators/index.js';
import { chatAction, data, userStatus } from '../../../src/framework/filters/index.js';
import type { CallbackQueryContext, ChatActionContext, Context, InlineQueryContext, MessageDeletedContext, MessageEditedContext, NewMessageContext, UserStatusContext } from '../../../src/framework/context/index.js';
import type { ParsedCommand } from '../../../src/framework/context/index.js';
import { InlineKeyboard } from '../../../src/framework/keyboards/index.js';
import { callbackData } from '../../../src/framework/callback-data.js';
import { html } from '../../../src/protocol/client/text/index.js';
import { ofType } from '../../../src/framework/operators/index.js';
import { NewMessage, type AnyEvent } from '../../../src/framework/events/index.js';
import { texts } from '../../protocol/client/methods/accounts.js';
import { until, useBot, waitFor } from './harness.js';

const vote = callbackData('vote', { choice: 'int' });

@injectable()
class ShowcaseHandlers {
  @Command('start')
  async start(ctx: NewMessageContext & { command: ParsedCommand }) {
    await ctx.reply(html`hello <b>${ctx.sender?._ === 'user' ? ctx.sender.firstName : '?'}</b> ${ctx.command.args.join(',')}`);
  }

  @Hears(/^ping (\d+)$/)
  async ping(ctx: NewMessageContext & { match: RegExpMatchArray }) {
    await ctx.respond(`pong ${ctx.match[1]}`);
  }

  @Command('poll')
  async poll(ctx: NewMessageContext) {
    await ctx.reply('pick one', { replyMarkup: new InlineKeyboard().callback('one', vote.build({ choice: 1 })).callback('two', vote.build({ choice: 2 })) });
  }

  @OnCallbackQuery(data(vote.filter()))
  async voted(ctx: CallbackQueryContext & { payload: { choice: number } }) {
    await ctx.answer({ text: `voted ${ctx.payload.choice}`, alert: true });
    await ctx.edit(`you chose ${ctx.payload.choice}`);
  }

  @OnInlineQuery()
  async inline(ctx: InlineQueryContext) {
    const n = Number(ctx.offset || '0');
    await ctx.answer([{ id: `r${n}`, title: `${ctx.query} #${n}`, text: `${ctx.query} ${n}` }], { cacheTime: 0, nextOffset: String(n + 1), switchPm: { text: 'settings', startParam: 'inline' } });
  }

  @OnChatAction(chatAction('userJoined'))
  async joined(ctx: ChatActionContext) {
    await ctx.reply(`welcome ${ctx.event.userIds.join(',')}`);
  }

  @OnUserStatus(userStatus('online', 'offline'))
  async status(ctx: UserStatusContext) {
    await ctx.respond(`you are ${ctx.statusKind}`);
  }
}

const deleted: number[][] = [];

class EditsAndRaw {
  @OnMessageEdited()
  async edited(ctx: MessageEditedContext) {
    await ctx.reply(`edited to ${ctx.text}`);
  }

  @OnMessageDeleted()
  gone(ctx: MessageDeletedContext) {
    deleted.push(ctx.event.ids);
  }

  @OnRaw('updateUserTyping')
  async typing(ctx: Context) {
    await ctx.respond('I see you typing');
  }
}

const helperResults: unknown[] = [];

class Helpers {
  @Command('fwd')
  async fwd(ctx: NewMessageContext) {
    const [copy] = await ctx.forward(ctx.chatPeer);
    helperResults.push(copy.fwdFrom !== undefined);
    helperResults.push(await ctx.react('👍'));
    const sent = await ctx.respond('temporary');
    await ctx.client.deleteMessages(ctx.chatPeer, [sent.id]);
    helperResults.push(await ctx.delete());
  }
}

describe('framework/LayerBot: a user talks to a decorated bot on the emulator', function () {
  const t = useBot();

  it('/start gets a formatted reply; a regex match gets a response in the same chat', async () => {
    const { username } = await t.bot({ handlers: [ShowcaseHandlers] });
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, '/start a b');
    const reply = await waitFor(alice.updates, (u): u is tl.UpdateNewMessage => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message.startsWith('hello'), 'the reply');
    const message = reply.message as tl.Message;
    expect(message.message).to.equal('hello Alice a,b');
    expect(message.entities?.[0]).to.include({ _: 'messageEntityBold', offset: 6, length: 5 });
    expect(message.replyTo?._ === 'messageReplyHeader' && message.replyTo.replyToMsgId).to.be.a('number');
    await alice.client.sendMessage(`@${username}`, 'ping 42');
    await until(() => texts(alice.updates).includes('pong 42'), 'pong');
  });

  it('a user presses an inline button: the bot answers the query and edits the message', async () => {
    const { username } = await t.bot({ handlers: [ShowcaseHandlers] });
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, '/poll');
    const poll = await waitFor(alice.updates, (u): u is tl.UpdateNewMessage => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === 'pick one', 'the poll');
    const answer = await alice.client.getCallbackAnswer(`@${username}`, poll.message.id, vote.build({ choice: 2 }));
    expect(answer).to.include({ message: 'voted 2', alert: true });
    await waitFor(alice.updates, (u) => u._ === 'updateEditMessage' && u.message._ === 'message' && u.message.message === 'you chose 2', 'the edit');
  });

  it('a user types an inline query: results, next offset and switch-PM come back', async () => {
    const { username } = await t.bot({ handlers: [ShowcaseHandlers] });
    const alice = await t.user('Alice');
    const results = await alice.client.getInlineResults(`@${username}`, 'cats');
    expect(results.results.map((r) => (r as tl.BotInlineResult).title)).to.deep.equal(['cats #0']);
    expect(results.nextOffset).to.equal('1');
    expect(results.switchPm).to.deep.include({ text: 'settings', startParam: 'inline' });
    const more = await alice.client.getInlineResults(`@${username}`, 'cats', { offset: results.nextOffset });
    expect((more.results[0] as tl.BotInlineResult).title).to.equal('cats #1');
  });

  it('a user joins a group: the bot welcomes them there', async () => {
    const { bot, id: botId } = await t.bot({ handlers: [ShowcaseHandlers] });
    const alice = await t.user('Alice');
    const owner = t.ghost('Owner');
    const { channelId } = t.h.emulator.updates.createChannel({ creator: owner, title: 'club', members: [botId] });
    const seen: AnyEvent[] = [];
    bot.events$.subscribe((e) => seen.push(e as AnyEvent));
    await alice.client.invoke({ _: 'channels.joinChannel', channel: t.h.emulator.updates.inputChannel(alice.id, channelId) });
    await waitFor(alice.updates, (u) => u._ === 'updateNewChannelMessage' && u.message._ === 'message' && u.message.message === `welcome ${alice.id}`, 'the welcome');
    expect(seen.some((e) => e.kind === 'ChatAction' && e.chatType === 'supergroup')).to.equal(true);
  });

  it('a user goes online and offline: the bot sees both statuses', async () => {
    const { username } = await t.bot({ handlers: [ShowcaseHandlers] });
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, 'hi'); // a private chat, so the bot is told of her status
    await alice.client.setStatus('online');
    await until(() => texts(alice.updates).includes('you are online'), 'online');
    await alice.client.setStatus('offline');
    await until(() => texts(alice.updates).includes('you are offline'), 'offline');
  });

  it('bot.events$ carries typed events for RxJS pipelines beside the handlers', async () => {
    const { bot, username } = await t.bot({ handlers: [ShowcaseHandlers] });
    const seen: string[] = [];
    bot.events$.pipe(ofType(NewMessage)).subscribe((m) => seen.push(m.text));
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, 'ping 1');
    await until(() => texts(alice.updates).includes('pong 1'), 'pong');
    expect(seen).to.include('ping 1');
  });

  it('edits, deletions and a raw update (typing) reach their handlers', async () => {
    const { username } = await t.bot({ handlers: [EditsAndRaw] });
    const alice = await t.user('Alice');
    const sent = await alice.client.sendMessage(`@${username}`, 'draft');
    await alice.client.editMessage(`@${username}`, sent.id, 'final');
    await until(() => texts(alice.updates).includes('edited to final'), 'the edit seen');
    await alice.client.setTyping(`@${username}`);
    await until(() => texts(alice.updates).includes('I see you typing'), 'typing seen');
    await alice.client.deleteMessages(`@${username}`, [sent.id]);
    await until(() => deleted.length > 0, 'the deletion seen');
    expect(deleted[0]).to.have.length(1);
  });

  it('ctx.forward, ctx.react and ctx.delete act on the message', async () => {
    const { username } = await t.bot({ handlers: [Helpers] });
    const alice = await t.user('Alice');
    const sent = await alice.client.sendMessage(`@${username}`, '/fwd');
    await until(() => helperResults.length === 3, 'the helpers done');
    expect(helperResults[0]).to.equal(true);
    expect(helperResults[1]).to.not.equal(undefined);
    expect(helperResults[2]).to.equal(1);
    await waitFor(alice.updates, (u) => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.fwdFrom !== undefined && u.message.message === '/fwd', 'the forwarded copy');
    await waitFor(alice.updates, (u) => u._ === 'updateDeleteMessages' && u.messages.includes(sent.id), 'her message deleted');
  });
});
