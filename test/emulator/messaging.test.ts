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

  it('historyLimit: a box keeps at least its newest messages and forgets older ones whole pages at a time; bad limits are refused', async () => {
    const local = await startEmulator({ dcCount: 1 });
    try {
      const ann = local.createUser({ phone: '+4470000005', firstName: 'Ann', dcId: 1 }).userId;
      const bob = local.createUser({ phone: '+4470000006', firstName: 'Bob', dcId: 1 }).userId;
      local.updates.historyLimit = 1500;
      const sent = Array.from({ length: 3000 }, (_, i) => local.updates.post({ from: ann, to: { user: bob }, content: { text: `m${i}` } }));
      const kept = local.updates.history.all(bob, { user: ann });
      expect(kept.length).to.be.within(1500, 1500 + 1024);
      // The newest are all there, in order; the first ones are gone, from every box.
      expect(kept.map((m) => (m as tl.Message).message).slice(0, 1500)).to.deep.equal(sent.slice(-1500).reverse().map((_, i) => `m${2999 - i}`));
      expect(local.updates.messages.find(bob, { user: ann }, sent[0]!.ids.get(bob)!)).to.equal(undefined);
      expect(local.updates.messages.find(ann, { user: bob }, sent[0]!.id)).to.equal(undefined);
      // A reply to a forgotten message is still posted, without the reply header.
      const late = local.updates.post({ from: bob, to: { user: ann }, content: { text: 'late', replyTo: sent[0]!.ids.get(bob) } });
      expect((local.updates.messages.find(ann, { user: bob }, late.ids.get(ann)!)!.message as tl.Message).replyTo).to.equal(undefined);
      for (const bad of [0, -1, 1.5, NaN]) expect(() => (local.updates.historyLimit = bad), String(bad)).to.throw(RangeError, /historyLimit/);
      local.updates.historyLimit = Infinity;
      expect(local.updates.historyLimit).to.equal(Infinity);
    } finally {
      await local.close();
    }
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
