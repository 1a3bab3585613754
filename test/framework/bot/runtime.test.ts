import 'reflect-metadata';
import { expect } from 'chai';
import { inject, injectable, Lifecycle, scoped, singleton } from 'tsyringe';
import { Catch, OnNewMessage, UseGuards, type CanActivate } from '../../../src/framework/decorators/index.js';
import type { Context, NewMessageContext } from '../../../src/framework/context/index.js';
import { CHAT_STATE, CLIENT, CONFIG, CONTEXT, SESSION_STORE } from '../../../src/framework/di/tokens.js';
import { BotConfig } from '../../../src/framework/config/index.js';
import { Backpressure, ClientStatus, FloodWait, type AnyEvent, type StatusEvent } from '../../../src/framework/events/index.js';
import { BotStoppedError, ConfigError, HandlerError, HandlerTimeoutError } from '../../../src/framework/errors.js';
import { Client } from '../../../src/protocol/client/client.js';
import { LayerBot, silentLogger } from '../../../src/framework/bot/index.js';
import { MemorySessionStore } from '../../../src/protocol/storage/index.js';
import { MemoryStateStore } from '../../../src/protocol/storage/memory-state-store.js';
import { chatState } from '../../../src/framework/middleware/index.js';
import { IsString } from 'class-validator';
import { texts } from '../../protocol/client/methods/accounts.js';
import { seededRandom as mulberry32 } from '../../../src/emulator/seeded-random.js';
import { gate, until, useBot } from './harness.js';

/** What the handlers of one test saw; each test replaces it. */
let probe: {
  seen: Map<bigint, string[]>;
  running: number;
  maxRunning: number;
  delay: (text: string) => Promise<void>;
};
const resetProbe = () => (probe = { seen: new Map(), running: 0, maxRunning: 0, delay: async () => {} });

class Recorder {
  @OnNewMessage()
  async record(ctx: NewMessageContext) {
    probe.running++;
    probe.maxRunning = Math.max(probe.maxRunning, probe.running);
    try {
      await probe.delay(ctx.text);
      const list = probe.seen.get(ctx.chatId!) ?? [];
      list.push(ctx.text);
      probe.seen.set(ctx.chatId!, list);
    } finally {
      probe.running--;
    }
  }
}

class Oops extends Error {}

class Failing {
  @OnNewMessage()
  async handle(ctx: NewMessageContext) {
    if (ctx.text === 'boom') throw new Error('boom');
    if (ctx.text === 'oops') throw new Oops('oops');
    await ctx.respond(`ok ${ctx.text}`);
  }

  @Catch(Oops)
  async onOops(error: Oops, ctx: NewMessageContext) {
    await ctx.respond(`sorry: ${error.message}`);
  }
}

class AdminConfig extends BotConfig {
  @IsString()
  adminName!: string;
}

@injectable()
class AdminGuard implements CanActivate<Context> {
  constructor(@inject(CONFIG) private readonly config: AdminConfig) {}
  canActivate(ctx: Context): boolean {
    return ctx.sender?._ === 'user' && ctx.sender.firstName === this.config.adminName;
  }
}

class Admin {
  @UseGuards(AdminGuard)
  @OnNewMessage()
  async secret(ctx: NewMessageContext) {
    await ctx.respond('the secret');
  }

  @OnNewMessage()
  async denied(ctx: NewMessageContext) {
    await ctx.respond('denied');
  }
}

@singleton()
class Counter {
  n = 0;
}

/** Request-scoped: one per update, built with that update's context. */
@scoped(Lifecycle.ContainerScoped)
class RequestInfo {
  static made = 0;
  readonly serial = ++RequestInfo.made;
  constructor(@inject(CONTEXT) readonly ctx: Context) {}
}

@injectable()
class Scoped {
  constructor(
    readonly info: RequestInfo,
    readonly counter: Counter,
    @inject(CLIENT) readonly client: Client,
  ) {}

  @OnNewMessage()
  async handle(ctx: NewMessageContext) {
    const again = ctx.container.resolve(RequestInfo);
    this.counter.n++;
    await ctx.respond(`${this.info.ctx === ctx} ${again === this.info} ${this.client === ctx.client} serial ${this.info.serial} count ${this.counter.n}`);
  }
}

@injectable()
class CountingHandler {
  constructor(@inject(CHAT_STATE) private readonly state: { count?: number }) {}

  @OnNewMessage()
  async count(ctx: NewMessageContext) {
    this.state.count = (this.state.count ?? 0) + 1;
    await ctx.respond(`${ctx.text} #${this.state.count} ${(ctx as { seenBy?: string }).seenBy}`);
  }
}

describe('framework/LayerBot: ordering, limits, backpressure, errors, DI and stop', function () {
  const t = useBot();
  beforeEach(resetProbe);

  it('updates of one chat are handled in order; chats run concurrently under the global limit; nothing is lost', async () => {
    const { bot, id } = await t.bot({ handlers: [Recorder], config: { concurrency: 4 } });
    const random = mulberry32(7);
    probe.delay = () => new Promise((r) => setTimeout(r, Math.floor(random() * 8)));
    const users = Array.from({ length: 12 }, (_, i) => t.ghost(`u${i}`));
    const perUser = 15;
    for (let k = 0; k < perUser; k++) for (const u of users) t.h.emulator.updates.sendMessage({ from: u, to: { user: id }, text: `${k}` });
    await until(() => bot.stats?.handled === users.length * perUser, 'every message handled', 2000);
    for (const u of users) expect(probe.seen.get(u), `user ${u}`).to.deep.equal(Array.from({ length: perUser }, (_, k) => `${k}`));
    expect(probe.maxRunning).to.be.at.most(4);
    expect(probe.maxRunning).to.be.greaterThan(1);
    expect(bot.stats!.maxRunning).to.be.at.most(4);
  });

  it('a slow handler never stalls another chat', async () => {
    const { id } = await t.bot({ handlers: [Recorder] });
    const [slow, fast] = [t.ghost('slow'), t.ghost('fast')];
    const held = gate();
    // The slow chat's handler waits until the fast chat's message was handled: a stall would never end.
    probe.delay = (text) => (text === 'slow' ? held.promise : Promise.resolve());
    t.h.emulator.updates.sendMessage({ from: slow, to: { user: id }, text: 'slow' });
    t.h.emulator.updates.sendMessage({ from: fast, to: { user: id }, text: 'fast' });
    await until(() => probe.seen.get(fast)?.[0] === 'fast', 'the fast chat');
    expect(probe.seen.has(slow)).to.equal(false);
    held.open();
    await until(() => probe.seen.get(slow)?.[0] === 'slow', 'the slow chat');
  });

  it('backpressure: past the high-water mark the bot reports it and pauses intake; the server keeps the rest and nothing is dropped', async () => {
    const { bot, id } = await t.bot({ handlers: [Recorder], config: { highWaterMark: 10, concurrency: 2 } });
    const pressure: Backpressure[] = [];
    bot.events$.subscribe((e) => e instanceof Backpressure && pressure.push(e));
    let pushes = 0;
    bot.client!.events$.subscribe((e) => e.type === 'updates' && pushes++);
    const held = gate();
    probe.delay = () => held.promise;
    const users = [t.ghost('a'), t.ghost('b'), t.ghost('c')];
    for (let k = 0; k < 20; k++) for (const u of users) t.h.emulator.updates.post({ from: u, to: { user: id }, content: { text: `${k}` } });
    await until(() => pushes === 60, 'all 60 pushed to the bot while its handlers are held');
    // Intake paused at the mark: the other pushes were left on the server, not buffered.
    expect(pressure.map((p) => p.state)).to.deep.equal(['high']);
    expect(bot.stats!.pending).to.be.at.least(10).and.at.most(11);
    expect(bot.stats!.running).to.equal(2);
    held.open();
    // On resume the client fetches what it left with getDifference (it may pause again on the way).
    await until(() => bot.stats?.handled === 60, 'all handled');
    const states = pressure.map((p) => p.state);
    expect(states[0]).to.equal('high');
    expect(states.at(-1)).to.equal('normal');
    for (const u of users) expect(probe.seen.get(u)).to.deep.equal(Array.from({ length: 20 }, (_, k) => `${k}`));
  });

  it('a throwing handler leaves the bot running: the error goes to errors$, @Catch takes its own type', async () => {
    const { bot, username } = await t.bot({ handlers: [Failing] });
    const errors: HandlerError[] = [];
    bot.errors$.subscribe((e) => errors.push(e));
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, 'boom');
    await alice.client.sendMessage(`@${username}`, 'oops');
    await alice.client.sendMessage(`@${username}`, 'after');
    await until(() => texts(alice.updates).includes('ok after'), 'the bot still answering');
    expect(texts(alice.updates)).to.include('sorry: oops');
    expect(errors.map((e) => (e.error as Error).message)).to.deep.equal(['boom']);
    expect((errors[0].ctx as NewMessageContext).text).to.equal('boom');
  });

  it('without an errors$ subscriber, an unhandled error is logged', async () => {
    const logged: string[] = [];
    const logger = { ...silentLogger, error: (m: string) => void logged.push(m) };
    const { username } = await t.bot({ handlers: [Failing], logger });
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, 'boom');
    await alice.client.sendMessage(`@${username}`, 'next');
    await until(() => texts(alice.updates).includes('ok next'), 'the bot still answering');
    expect(logged.some((m) => m.includes('boom'))).to.equal(true);
  });

  it('guards: an injectable guard reads the validated config; a denied update falls through to the next handler', async () => {
    const { username } = await t.bot({ handlers: [Admin], configClass: AdminConfig, config: { adminName: 'Alice' } });
    const alice = await t.user('Alice');
    const bob = await t.user('Bob');
    await alice.client.sendMessage(`@${username}`, 'tell me');
    await bob.client.sendMessage(`@${username}`, 'tell me');
    await until(() => texts(alice.updates).includes('the secret') && texts(bob.updates).includes('denied'), 'both answers');
    expect(texts(bob.updates)).not.to.include('the secret');
  });

  it('request-scoped injection: each update gets its own container-scoped service holding its context', async () => {
    const { bot, username } = await t.bot({ handlers: [Scoped], providers: [Counter] });
    expect(bot.container.resolve(SESSION_STORE)).to.equal(bot.sessionStore);
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, 'one');
    await until(() => texts(alice.updates).some((x) => x.includes('count 1')), 'first');
    await alice.client.sendMessage(`@${username}`, 'two');
    await until(() => texts(alice.updates).some((x) => x.includes('count 2')), 'second');
    const answers = texts(alice.updates).filter((x) => x.startsWith('true'));
    expect(answers).to.have.length(2);
    const serials = answers.map((a) => Number(/serial (\d+)/.exec(a)![1]));
    expect(serials[1]).to.be.greaterThan(serials[0]);
    for (const a of answers) expect(a).to.match(/^true true true /);
  });

  it('a handler past its timeout gets its signal aborted, is reported, and its chat moves on', async () => {
    const { bot, id } = await t.bot({ handlers: [Recorder], config: { handlerTimeoutMs: 100 } });
    const errors: HandlerError[] = [];
    bot.errors$.subscribe((e) => errors.push(e));
    let aborted: unknown;
    probe.delay = (text) =>
      text === 'stuck'
        ? new Promise((_, reject) => {
            const signal = (bot.stats && currentSignal) as AbortSignal;
            signal.addEventListener('abort', () => {
              aborted = signal.reason;
              reject(signal.reason);
            });
          })
        : Promise.resolve();
    const u = t.ghost('u');
    t.h.emulator.updates.sendMessage({ from: u, to: { user: id }, text: 'stuck' });
    t.h.emulator.updates.sendMessage({ from: u, to: { user: id }, text: 'next' });
    await until(() => probe.seen.get(u)?.includes('next') === true, 'the next message of the chat');
    expect(aborted).to.be.instanceOf(HandlerTimeoutError);
    await until(() => errors.some((e) => e.error instanceof HandlerTimeoutError), 'the timeout reported');
  });

  it('a reply still waiting at the timeout is cancelled with the HandlerTimeoutError, though the handler never read ctx.signal', async () => {
    let replyError: unknown;
    class Replier {
      @OnNewMessage()
      async echo(ctx: NewMessageContext) {
        await ctx.reply(ctx.text).catch((e: unknown) => (replyError = e));
      }
    }
    const { bot, id } = await t.bot({ handlers: [Replier], config: { handlerTimeoutMs: 100 } });
    // The server swallows the send: without the timeout the reply would wait for its request timeout.
    t.h.emulator.faults.dropCalls('messages.sendMessage');
    t.h.emulator.updates.sendMessage({ from: t.ghost('u'), to: { user: id }, text: 'lost' });
    await until(() => replyError !== undefined, 'the reply cancelled');
    expect(replyError).to.be.instanceOf(HandlerTimeoutError);
    expect(bot.stats?.running).to.equal(0);
  });

  it('graceful stop: no new updates, handlers in flight finish, then every socket closes', async () => {
    const { bot, id } = await t.bot({ handlers: [Recorder] });
    const held = gate();
    probe.delay = () => held.promise;
    const u = t.ghost('u');
    t.h.emulator.updates.sendMessage({ from: u, to: { user: id }, text: 'in flight' });
    await until(() => bot.stats?.running === 1, 'the handler running');
    const stopping = bot.stop({ timeoutMs: 30_000 });
    t.h.emulator.updates.sendMessage({ from: u, to: { user: id }, text: 'too late' });
    await new Promise((r) => setTimeout(r, 50));
    held.open();
    await stopping;
    expect(probe.seen.get(u)).to.deep.equal(['in flight']);
    await until(() => t.h.emulator.connectionCount === 0, 'every connection closed');
  });

  it('stop past its deadline aborts the handlers still running with BotStoppedError', async () => {
    const { bot, id } = await t.bot({ handlers: [Recorder] });
    let reason: unknown;
    probe.delay = () =>
      new Promise((_, reject) => {
        currentSignal!.addEventListener('abort', () => {
          reason = currentSignal!.reason;
          reject(reason);
        });
      });
    t.h.emulator.updates.sendMessage({ from: t.ghost('u'), to: { user: id }, text: 'forever' });
    await until(() => bot.stats?.running === 1, 'the handler running');
    await bot.stop({ timeoutMs: 20 });
    expect(reason).to.be.instanceOf(BotStoppedError);
  });

  it('flood waits are visible on bot.events$', async () => {
    const { bot, id } = await t.bot({ handlers: [Failing] });
    const status: StatusEvent[] = [];
    bot.events$.subscribe((e) => e instanceof FloodWait && status.push(e));
    // The bot's reply is the only messages.sendMessage here (the user's message comes from a knob).
    t.h.emulator.faults.failMethod('messages.sendMessage', 420, 'FLOOD_WAIT_1');
    // post (not the sendMessage knob): full updates with the user, so the bot can answer someone it never met.
    t.h.emulator.updates.post({ from: t.ghost('u'), to: { user: id }, content: { text: 'x' } });
    await until(() => status.length > 0, 'a FloodWait event');
    expect(status[0]).to.include({ method: 'messages.sendMessage', seconds: 1, retrying: true });
  });

  it('a dropped connection: the catch-up after the reconnect shows on bot.events$, and the bot keeps answering', async () => {
    const { bot, username } = await t.bot({ handlers: [Failing] });
    const status: ClientStatus[] = [];
    bot.events$.subscribe((e) => e instanceof ClientStatus && status.push(e));
    const alice = await t.user('Alice');
    t.h.emulator.faults.closeConnections();
    await until(() => status.some((s) => s.event.type === 'updates-issue' && s.event.issue.kind === 'fetching'), 'the catch-up reported');
    await alice.client.sendMessage(`@${username}`, 'still there?');
    await until(() => texts(alice.updates).includes('ok still there?'), 'an answer after the reconnect');
  });

  it('global middleware runs first; chatState (D) sets ctx.state, injectable per update as CHAT_STATE', async () => {
    const store = new MemoryStateStore();
    const mark = async (ctx: Context, next: () => Promise<void>) => {
      (ctx as { seenBy?: string }).seenBy = 'mw';
      await next();
    };
    const { username } = await t.bot({ handlers: [CountingHandler], middleware: [mark, chatState({ store })] });
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, 'a');
    await until(() => texts(alice.updates).includes('a #1 mw'), 'first');
    await alice.client.sendMessage(`@${username}`, 'b');
    await until(() => texts(alice.updates).some((x) => x.startsWith('b ')), 'second');
    const answers = texts(alice.updates).filter((x) => x.includes('#'));
    expect(answers).to.include('b #2 mw');
    // The bot's own answers are not handed to its handlers (handleOutgoing is off by default).
    expect(answers.filter((x) => x.includes('mw #'))).to.deep.equal([]);
  });

  it('start resumes a logged-in session without the token; stop saved the update state there', async () => {
    const store = new MemorySessionStore();
    const { bot, id, username } = await t.bot({ handlers: [Failing], client: { session: store } });
    await bot.stop();
    expect(store.updateState()?.date).to.be.greaterThan(0);
    const again = LayerBot.create({ config: { apiId: 1, apiHash: 'emulator' }, handlers: [Failing], client: { ...t.h.emulator.clientOptions(), dcId: 1, session: store }, logger: silentLogger });
    await again.start();
    try {
      expect(again.client.self?.id).to.equal(id);
      const alice = await t.user('Alice');
      await alice.client.sendMessage(`@${username}`, 'back');
      await until(() => texts(alice.updates).includes('ok back'), 'the resumed bot answering');
    } finally {
      await again.stop();
    }
  });

  it('start without a token on a fresh session fails with a ConfigError naming botToken, and closes what it opened', async () => {
    const bot = LayerBot.create({ config: { apiId: 1, apiHash: 'emulator' }, client: { ...t.h.emulator.clientOptions(), dcId: 1 }, logger: silentLogger });
    const error = await bot.start().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).field).to.equal('botToken');
  });
});

/** The signal of the handler running now (Recorder tests run one at a time where they read it). */
let currentSignal: AbortSignal | undefined;
const record = Recorder.prototype.record;
Recorder.prototype.record = function (this: Recorder, ctx: NewMessageContext) {
  currentSignal = ctx.signal;
  return record.call(this, ctx);
};
void (null as unknown as AnyEvent);
