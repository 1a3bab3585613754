import 'reflect-metadata';
import { connect } from 'node:net';
import { expect } from 'chai';
import { injectable } from 'tsyringe';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { Command, Hears, OnCallbackQuery, OnChatAction, OnInlineQuery } from '../../../src/framework/decorators/index.js';
import { chatAction } from '../../../src/framework/filters/index.js';
import type { CallbackQueryContext, ChatActionContext, InlineQueryContext, NewMessageContext } from '../../../src/framework/context/index.js';
import { InlineKeyboard } from '../../../src/framework/keyboards/index.js';
import { BotConfig } from '../../../src/framework/config/index.js';
import { ConfigError, FrameworkError } from '../../../src/framework/index.js';
import { ButtonNotFoundError, NoReplyError, testBot, type BotTest } from '../../../src/framework/testing/index.js';

@injectable()
class PollHandler {
  @Command('start')
  async start(ctx: NewMessageContext) {
    await ctx.respond('Welcome!');
    await ctx.respond('Try /poll');
  }

  @Command('poll')
  async poll(ctx: NewMessageContext) {
    await ctx.respond('Tea or coffee?', { replyMarkup: new InlineKeyboard().callback('Tea', 'tea').callback('Coffee', 'coffee').row().url('Docs', 'https://example.com') });
  }

  @OnCallbackQuery()
  async voted(ctx: CallbackQueryContext) {
    await ctx.answer({ text: `you picked ${ctx.data}` });
    await ctx.edit(`Vote counted: ${ctx.data}`);
  }

  @Command('boom')
  boom(): never {
    throw new TypeError('the handler broke');
  }

  @Command('silent')
  silent(): void {}

  @Hears(/^echo (.+)$/)
  async echo(ctx: NewMessageContext & { match: RegExpMatchArray }) {
    await ctx.respond(ctx.match[1]!);
  }

  @OnInlineQuery()
  async inline(ctx: InlineQueryContext) {
    await ctx.answer([{ id: 'a', title: `${ctx.query}!`, text: `${ctx.query} (via inline)` }], { cacheTime: 0 });
  }

  @OnChatAction(chatAction('userJoined'))
  async welcome(ctx: ChatActionContext) {
    await ctx.respond(`welcome, ${ctx.sender?._ === 'user' ? ctx.sender.firstName : '?'}`);
  }
}

class GreetingConfig extends BotConfig {
  greeting = 'hi';
}

describe('framework/testing: a bot tested through its users', function () {
  let emulator: Emulator;
  let t: BotTest;
  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => t?.stop());
  after(() => emulator.close());

  it('a user sends /start and takes the replies in order, by text or pattern', async () => {
    t = await testBot({ handlers: [PollHandler], emulator });
    const alice = await t.user({ firstName: 'Alice' });
    await alice.send('/start');
    expect((await alice.expectReply()).message).to.equal('Welcome!');
    expect((await alice.expectReply({ text: /poll/ })).message).to.equal('Try /poll');
    await alice.send('echo one');
    await alice.send('echo two');
    // A pattern passes over the bot's earlier messages that do not match.
    expect((await alice.expectReply({ text: 'two' })).message).to.equal('two');
    // ...and takes them: nothing is left to hand out.
    expect(await alice.expectReply({ timeout: 100 }).catch((e: unknown) => e)).to.be.instanceOf(NoReplyError);
    const lines = alice.transcript().map((l) => l.replace(/^\+\d+\.\d{3}s {2}/, ''));
    // Each side's lines in order (the bot's answer to "echo one" may come before or after "echo two" is sent).
    expect(lines.filter((l) => l.startsWith('Alice'))).to.deep.equal(['Alice: "/start"', 'Alice: "echo one"', 'Alice: "echo two"']);
    expect(lines.filter((l) => l.startsWith('@'))).to.deep.equal([`@${t.username}: "Welcome!"`, `@${t.username}: "Try /poll"`, `@${t.username}: "one"`, `@${t.username}: "two"`]);
    expect(lines.slice(0, 3)).to.deep.equal(['Alice: "/start"', `@${t.username}: "Welcome!"`, `@${t.username}: "Try /poll"`]);
  });

  it('no reply in time: NoReplyError shows what the bot did say, in order, with times, and what the handlers threw', async () => {
    t = await testBot({ handlers: [PollHandler], emulator });
    const bob = await t.user({ firstName: 'Bob' });
    await bob.send('/start');
    await bob.expectReply({ text: 'Try /poll' }); // the replies come before /boom: the transcript's order is fixed
    await bob.send('/boom');
    let error: unknown;
    try {
      await bob.expectReply({ text: /goodbye/, timeout: 300 });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(NoReplyError);
    const message = (error as NoReplyError).message;
    expect(message).to.include(`Bob waited 300 ms for a reply from @${t.username} matching /goodbye/, and none came.`);
    expect(message).to.match(/The chat so far, oldest first:\n {2}\+\d+\.\d{3}s {2}Bob: "\/start"\n {2}\+\d+\.\d{3}s {2}@\w+: "Welcome!"\n {2}\+\d+\.\d{3}s {2}@\w+: "Try \/poll"\n {2}\+\d+\.\d{3}s {2}Bob: "\/boom"/);
    expect(message).to.include("Meanwhile the bot's handlers threw (no @Catch took it):\n  TypeError: the handler broke");
    expect((error as NoReplyError).transcript).to.have.length(4);
  });

  it('a bot that says nothing: the failure says so', async () => {
    t = await testBot({ handlers: [PollHandler], emulator });
    const carol = await t.user({ firstName: 'Carol' });
    await carol.send('/silent');
    const error = await carol.expectReply({ timeout: 200 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NoReplyError);
    expect((error as Error).message).to.match(/Carol waited 200 ms for a reply from @\w+, and none came\.\nThe chat so far, oldest first:\n {2}\+\d+\.\d{3}s {2}Carol: "\/silent"$/);
  });

  it('press() finds the button by label on the last keyboard, answers with the toast; the edit shows in the transcript', async () => {
    t = await testBot({ handlers: [PollHandler], emulator });
    const alice = await t.user({ firstName: 'Alice' });
    await alice.send('/poll');
    const poll = await alice.expectReply({ text: 'Tea or coffee?' });
    const answer = await alice.press('Coffee');
    expect(answer.message).to.equal('you picked coffee');
    const edited = await alice.expectEdit({ text: /^Vote counted/ });
    expect(edited).to.include({ id: poll.id, message: 'Vote counted: coffee' });
    expect(alice.messages().find((m) => m.id === poll.id)).to.equal(edited);
    expect(alice.transcript().at(-1)).to.match(/"Vote counted: coffee" .*\(edited\)$/);
  });

  it('press() with no such button, a URL button, or no keyboard: a ButtonNotFoundError that says which', async () => {
    t = await testBot({ handlers: [PollHandler], emulator });
    const alice = await t.user({ firstName: 'Alice' });
    const none = await alice.press('Tea').catch((e: unknown) => e);
    expect(none).to.be.instanceOf(ButtonNotFoundError);
    expect((none as Error).message).to.include('press("Tea"): the bot has sent no message with an inline keyboard in this chat');
    await alice.send('/poll');
    await alice.expectReply();
    const missing = await alice.press('Milk').catch((e: unknown) => e);
    expect((missing as Error).message).to.match(/press\("Milk"\): message \d+ has no such button; it has "Tea", "Coffee", "Docs"/);
    expect((missing as Error).message).to.include('"Tea or coffee?" [Tea] [Coffee] / [Docs]');
    const url = await alice.press(/^Docs$/).catch((e: unknown) => e);
    expect((url as Error).message).to.include('"Docs" is a keyboardButtonUrl, not a callback button');
  });

  it('inline() returns the results; chooseInline() sends one via the bot', async () => {
    t = await testBot({ handlers: [PollHandler], emulator });
    const alice = await t.user({ firstName: 'Alice' });
    const results = await alice.inline('cats');
    expect(results.results.map((r) => (r._ === 'botInlineResult' ? r.title : r.id))).to.deep.equal(['cats!']);
    const sent = await alice.chooseInline(results, 'a');
    expect(sent.message).to.equal('cats (via inline)');
    expect(sent.viaBotId).to.equal(t.botId);
  });

  it('several users in a group: one joins and the bot welcomes them there; each sees it', async () => {
    t = await testBot({ handlers: [PollHandler], emulator });
    const alice = await t.user({ firstName: 'Alice' });
    const bob = await t.user({ firstName: 'Bob' });
    const group = t.group({ title: 'Club', members: [alice] });
    await bob.joinGroup(group);
    expect((await bob.expectReply({ in: group, text: 'welcome, Bob' })).message).to.equal('welcome, Bob');
    expect((await alice.expectReply({ in: group })).message).to.equal('welcome, Bob');
    await alice.send('echo hi all', { in: group });
    expect((await bob.expectReply({ in: group, text: 'hi all' })).message).to.equal('hi all');
    expect(bob.transcript({ in: group }).map((l) => l.replace(/^\+\d+\.\d{3}s {2}/, ''))).to.deep.equal(['Bob: (added Bob)', `@${t.username}: "welcome, Bob"`, 'Alice: "echo hi all"', `@${t.username}: "hi all"`]);
  });

  it('a basic group: joining by link is seen by the bot too', async () => {
    t = await testBot({ handlers: [PollHandler], emulator });
    const dave = await t.user({ firstName: 'Dave' });
    const group = t.group({ title: 'Small', kind: 'group' });
    await dave.joinGroup(group);
    expect((await dave.expectReply({ in: group })).message).to.equal('welcome, Dave');
  });

  it('a config subclass keeps its class and fields; the emulator fills in the credentials', async () => {
    const config = Object.assign(new GreetingConfig(), { greeting: 'hey' });
    t = await testBot({ handlers: [PollHandler], emulator, config });
    expect(t.bot.config).to.be.instanceOf(GreetingConfig);
    expect((t.bot.config as GreetingConfig).greeting).to.equal('hey');
    expect(config.botToken).to.equal(undefined);
  });

  it('bad input: a config the bot refuses fails testBot with a ConfigError; an untitled group and a stopped test say so', async () => {
    const refused = await testBot({ handlers: [PollHandler], emulator, config: { concurrency: 0 } }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(ConfigError);
    expect((refused as Error).message).to.include('config.concurrency');
    t = await testBot({ handlers: [PollHandler], emulator });
    expect(() => t.group({ title: '' })).to.throw(FrameworkError, 'group(): give it a title');
    await t.stop();
    expect(await t.user().catch((e: unknown) => e)).to.be.instanceOf(FrameworkError).with.property('message', 'user(): this test has stopped; start another with testBot()');
  });

  it('its own emulator when none is given, closed by stop()', async () => {
    t = await testBot({ handlers: [PollHandler] });
    const alice = await t.user({ firstName: 'Alice' });
    await alice.send('/start');
    await alice.expectReply({ text: 'Welcome!' });
    await t.stop();
    const { port, host } = t.emulator.dcs[0]!;
    const refused = await new Promise<string>((resolve) => connect(port, host).once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')).once('connect', () => resolve('connected')));
    expect(refused).to.equal('ECONNREFUSED');
  });
});

describe('framework/testing: the package entry', () => {
  it('`layer/framework/testing` resolves to the kit', async () => {
    const kit = await import('layer/framework/testing');
    expect(kit.testBot).to.be.a('function');
    expect(kit.NoReplyError).to.equal(NoReplyError);
  });
});
