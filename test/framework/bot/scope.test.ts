import 'reflect-metadata';
import { expect } from 'chai';
import { singleton } from 'tsyringe';
import { Catch, OnNewMessage } from '../../../src/framework/decorators/index.js';
import type { NewMessageContext } from '../../../src/framework/context/index.js';
import { CONTEXT } from '../../../src/framework/di/tokens.js';
import { texts } from '../../protocol/client/methods/accounts.js';
import { until, useBot } from './harness.js';

/** No constructor parameters: built without the update's container, still one instance per update. */
class Plain {
  static made = 0;
  readonly serial = ++Plain.made;
  note = '';

  @OnNewMessage()
  async handle(ctx: NewMessageContext) {
    this.note = ctx.text;
    if (ctx.text === 'fail') throw new Error('boom');
    // The container, asked for late, gives this same instance and this update's context.
    const same = ctx.container.resolve(Plain) === this && ctx.container.resolve(CONTEXT) === ctx;
    await ctx.respond(`${ctx.text}: serial ${this.serial} same ${same}`);
  }

  @Catch()
  async caught(error: Error, ctx: NewMessageContext) {
    await ctx.respond(`caught ${error.message} by serial ${this.serial} after ${this.note}`);
  }
}

/** Registered as a singleton by tsyringe: the bot keeps that registration. */
@singleton()
class Single {
  static made = 0;
  readonly serial = ++Single.made;

  @OnNewMessage()
  async handle(ctx: NewMessageContext) {
    await ctx.respond(`single ${this.serial}`);
  }
}

describe('framework/LayerBot: the per-update scope, made only when needed', function () {
  const t = useBot();

  it('a handler class without constructor parameters: one instance per update, shared with its @Catch and the container', async () => {
    const { username } = await t.bot({ handlers: [Plain] });
    const alice = await t.user('Alice');
    const first = Plain.made;
    await alice.client.sendMessage(`@${username}`, 'one');
    await until(() => texts(alice.updates).some((x) => x.startsWith('one:')), 'the first answer');
    await alice.client.sendMessage(`@${username}`, 'fail');
    await until(() => texts(alice.updates).some((x) => x.startsWith('caught')), 'the caught error');
    await alice.client.sendMessage(`@${username}`, 'two');
    await until(() => texts(alice.updates).some((x) => x.startsWith('two:')), 'the second answer');
    const answers = texts(alice.updates).filter((x) => /^(one|two):|^caught/.test(x));
    expect(answers).to.deep.equal([`one: serial ${first + 1} same true`, `caught boom by serial ${first + 2} after fail`, `two: serial ${first + 3} same true`]);
  });

  it('a handler class registered as a singleton stays one instance', async () => {
    const { username } = await t.bot({ handlers: [Single] });
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, 'a');
    await until(() => texts(alice.updates).filter((x) => x.startsWith('single')).length === 1, 'one answer');
    await alice.client.sendMessage(`@${username}`, 'b');
    await until(() => texts(alice.updates).filter((x) => x.startsWith('single')).length === 2, 'two answers');
    const serials = new Set(texts(alice.updates).filter((x) => x.startsWith('single')));
    expect(serials.size).to.equal(1);
  });
});
