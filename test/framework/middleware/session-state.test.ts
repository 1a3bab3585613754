/** chatState without a store keeps the state with the bot's session: in its SQLite file across a restart, with TTLs. */
import 'reflect-metadata';
import { expect } from 'chai';
import { OnNewMessage } from '../../../src/framework/decorators/index.js';
import type { NewMessageContext } from '../../../src/framework/context/index.js';
import { FrameworkError, HandlerError } from '../../../src/framework/errors.js';
import { chatState } from '../../../src/framework/middleware/index.js';
import { LayerBot, silentLogger } from '../../../src/framework/bot/index.js';
import { SqliteSessionStore, type SessionStore } from '../../../src/protocol/storage/index.js';
import { texts } from '../../protocol/client/methods/accounts.js';
import { tempDir } from '../../protocol/storage/helpers.js';
import { until, useBot } from '../bot/harness.js';

/** Counts the messages of each chat in its state. */
class Counter {
  @OnNewMessage()
  async count(ctx: NewMessageContext) {
    const state = ctx.state as { n?: number };
    state.n = (state.n ?? 0) + 1;
    await ctx.respond(`${ctx.text} #${state.n}`);
  }
}

describe('framework/chatState on the session store', function () {
  this.timeout(20_000);
  const t = useBot();
  const dir = tempDir();
  /** Stores the tests gave a bot (which closes only what it opened): closed after the bot stopped. */
  const given: SessionStore[] = [];
  afterEach(async () => {
    for (const store of given.splice(0)) await store.close();
  });
  after(() => dir.remove());

  /** Sends `text` as the user and waits for the bot's answer to it. */
  async function ask(user: Awaited<ReturnType<typeof t.user>>, username: string, text: string): Promise<string> {
    await user.client.sendMessage(`@${username}`, text);
    await until(() => texts(user.updates).some((x) => x.startsWith(`${text} #`)), `the answer to ${text}`);
    return texts(user.updates).find((x) => x.startsWith(`${text} #`))!;
  }

  it("keeps a chat's state in the bot's SQLite session file, across a stop and a restart", async () => {
    const file = dir.file('bot.session');
    const { bot, username } = await t.bot({ handlers: [Counter], middleware: [chatState()], client: { session: file } });
    const alice = await t.user('Alice');
    expect(await ask(alice, username, 'a')).to.equal('a #1');
    expect(await ask(alice, username, 'b')).to.equal('b #2');
    await bot.stop();

    // The same file, no token: the session's login and the chat's state come back together.
    const again = LayerBot.create({
      config: { apiId: 1, apiHash: 'emulator' },
      handlers: [Counter],
      middleware: [chatState()],
      client: { ...t.h.emulator.clientOptions(), dcId: 1, session: file },
      logger: silentLogger,
    });
    await again.start();
    try {
      expect(await ask(alice, username, 'c')).to.equal('c #3');
      const bob = await t.user('Bob');
      expect(await ask(bob, username, 'hi')).to.equal('hi #1');
    } finally {
      await again.stop();
    }
  });

  it('expires a state after its TTL, by the session store clock', async () => {
    let clock = 1_000_000;
    const store = await SqliteSessionStore.open(dir.file('ttl.session'), { now: () => clock });
    given.push(store);
    const { bot, username } = await t.bot({ handlers: [Counter], middleware: [chatState({ ttlMs: 60_000 })], client: { session: store } });
    const alice = await t.user('Alice');
    expect(await ask(alice, username, 'a')).to.equal('a #1');
    clock += 59_999;
    expect(await ask(alice, username, 'b')).to.equal('b #2');
    // The TTL counts from the last change.
    clock += 59_999;
    expect(await ask(alice, username, 'c')).to.equal('c #3');
    clock += 60_000;
    expect(await ask(alice, username, 'd')).to.equal('d #1');
    // A bot does not close a store it was given: it flushed it, and the state is there.
    await bot.stop();
    expect(store.closed).to.equal(false);
    const key = `chat:${alice.id}`;
    expect(await store.stateStore().get(key)).to.deep.equal({ n: 1 });
    clock += 60_000;
    expect(await store.stateStore().get(key)).to.equal(undefined);
  });

  it('a session store without stateStore(): a FrameworkError naming the fix, on bot.errors$', async () => {
    const store = await SqliteSessionStore.open(dir.file('bare.session'));
    given.push(store);
    // A SessionStore of the user's own, as the interface allows, without the optional stateStore().
    const bare: SessionStore = new Proxy(store, { get: (target, name) => (name === 'stateStore' ? undefined : Reflect.get(target, name, target)) });
    const { bot, username } = await t.bot({ handlers: [Counter], middleware: [chatState()], client: { session: bare } });
    const errors: HandlerError[] = [];
    bot.errors$.subscribe((e) => errors.push(e));
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, 'x');
    await until(() => errors.length > 0, 'the error reported');
    expect(errors[0].error).to.be.instanceOf(FrameworkError);
    expect((errors[0].error as Error).message).to.match(/chatState\(\{ store \}\)/);
  });
});
