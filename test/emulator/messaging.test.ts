import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

describe('emulator: post, the one way a message enters the world', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ dcCount: 1, botAnswerTimeoutMs: 10_000 });
  });
  after(() => emulator.close());

  it('post carries entities, keyboard, reply, via bot and fwd_from into every box; history and getMessages serve them', async () => {
    const ann = emulator.createUser({ phone: '+4470000001', firstName: 'Ann', dcId: 1 }).userId;
    const bob = emulator.createUser({ phone: '+4470000002', firstName: 'Bob', dcId: 1 }).userId;
    const bot = emulator.createBot({ username: 'post_bot', dcId: 1 }).userId;
    const first = emulator.updates.post({ from: ann, to: { user: bob }, content: { text: 'first' } });
    const markup: tl.ReplyInlineMarkup = { _: 'replyInlineMarkup', rows: [] };
    const second = emulator.updates.post({
      from: ann,
      to: { user: bob },
      content: { text: 'hi you', entities: [{ _: 'messageEntityBold', offset: 0, length: 2 }], replyMarkup: markup, replyTo: first.id, viaBotId: bot, fwdFrom: { _: 'messageFwdHeader', date: 1, fromId: { _: 'peerUser', userId: bot } }, silent: true },
    });
    expect(second.from).to.equal(ann);
    const atBob = emulator.updates.messages.find(bob, { user: ann }, second.ids.get(bob)!)!.message as tl.Message;
    expect(atBob).to.deep.include({ message: 'hi you', viaBotId: bot, silent: true, replyMarkup: markup });
    expect(atBob.replyTo).to.deep.include({ replyToMsgId: first.ids.get(bob) });
    expect(atBob.out).to.equal(undefined);
    const history = emulator.updates.history.all(ann, { user: bob });
    expect(history.map((m) => m.id)).to.deep.equal([second.id, first.id]);
    expect(() => emulator.updates.post({ from: ann, to: { user: bob }, content: { text: 1 as unknown as string } })).to.throw(TypeError);
    expect(() => emulator.updates.post({ from: ann, to: { chat: 5n }, content: { text: 'x' } })).to.throw(/no basic group/);
  });

  it('a callback query waiting on a bot when the emulator closes: the wait ends, no timer is left', async () => {
    const local = await startEmulator({ dcCount: 1, botAnswerTimeoutMs: 60_000 });
    const ann = local.createUser({ phone: '+4470000003', firstName: 'Ann', dcId: 1 }).userId;
    const bot = local.createBot({ username: 'slow_bot', dcId: 1 }).userId;
    const sent = local.updates.post({ from: bot, to: { user: ann }, content: { text: 'menu', replyMarkup: { _: 'replyInlineMarkup', rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButtonCallback', text: 'x', data: Uint8Array.of(1) }] }] } } });
    const asked: bigint[] = [];
    const wait = local.updates.bots.ask(bot, 'callback', { user: ann }, (id) => asked.push(id)).catch((e: Error) => e);
    expect(asked).to.have.length(1);
    expect(sent.ids.get(ann)).to.be.a('number');
    await local.close();
    expect(await wait).to.be.instanceOf(Error);
  });
});
