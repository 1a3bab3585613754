import { expect } from 'chai';
import type { tl } from '../../../../src/schema/index.js';
import { RpcError } from '../../../../src/protocol/mtproto/errors.js';
import { useEmulator } from '../harness.js';
import { loginBot, loginUser, waitFor } from './accounts.js';

const keyboard = (data: string): tl.ReplyInlineMarkup => ({
  _: 'replyInlineMarkup',
  rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButtonCallback', text: data, data: new TextEncoder().encode(data) }] }],
});

async function rpcError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e, 'expected an rpc_error').to.be.instanceOf(RpcError);
  return (e as RpcError).errorMessage;
}

describe('protocol/client methods: bots answering users, through the wire', function () {
  this.timeout(20_000);
  const h = useEmulator();
  beforeEach(() => {
    h.emulator.updates.bots.timeoutMs = 300;
  });

  it('callback query round trip: the user waits until the bot answers (text, alert, url, cache time)', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_cb1');
    const bot = await loginBot(h, 'press_cb1_bot');
    bot.client.updates$.subscribe(({ update }) => {
      if (update._ !== 'updateBotCallbackQuery') return;
      const data = new TextDecoder().decode(update.data);
      void bot.client.answerCallbackQuery(update.queryId, data === 'alert' ? { text: 'Careful!', alert: true, cacheTime: 5 } : { text: `pressed ${data}`, url: 't.me/press_cb1_bot?start=x' });
    });
    await ann.client.sendMessage('press_cb1_bot', 'menu please');
    await waitFor(bot.updates, (u) => u._ === 'updateNewMessage', 'the first message (which introduces Ann)');
    const menu = await bot.client.sendMessage(ann.id, 'menu', { replyMarkup: { _: 'replyInlineMarkup', rows: [{ _: 'keyboardButtonRow', buttons: [...keyboard('go').rows[0]!.buttons, ...keyboard('alert').rows[0]!.buttons] }] } });
    const got = (await waitFor(ann.updates, (u) => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === 'menu', 'the menu')) as tl.UpdateNewMessage;
    const answer = await ann.client.getCallbackAnswer('press_cb1_bot', got.message.id, 'go');
    expect(answer).to.include({ message: 'pressed go', url: 't.me/press_cb1_bot?start=x', hasUrl: true, cacheTime: 0 });
    const alert = await ann.client.getCallbackAnswer('press_cb1_bot', got.message.id, 'alert');
    expect(alert).to.include({ message: 'Careful!', alert: true, cacheTime: 5 });
    const query = bot.updates.find((u): u is tl.UpdateBotCallbackQuery => u._ === 'updateBotCallbackQuery')!;
    expect(query).to.include({ userId: ann.id, msgId: menu.id });
    expect(query.peer).to.deep.equal({ _: 'peerUser', userId: ann.id });
    expect(await rpcError(ann.client.getCallbackAnswer('press_cb1_bot', got.message.id, 'no such button'))).to.equal('DATA_INVALID');
    expect(await rpcError(bot.client.answerCallbackQuery(query.queryId, { text: 'late' }))).to.equal('QUERY_ID_INVALID');
    expect(await rpcError(ann.client.answerCallbackQuery(query.queryId))).to.equal('USER_BOT_REQUIRED');
  });

  it('a bot that does not answer: BOT_RESPONSE_TIMEOUT after the emulator timeout; a message not from a bot: MESSAGE_ID_INVALID', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_cb2');
    const bot = await loginBot(h, 'mute_cb2_bot');
    await ann.client.sendMessage('mute_cb2_bot', 'hi');
    await waitFor(bot.updates, (u) => u._ === 'updateNewMessage', 'the first message (which introduces Ann)');
    await bot.client.sendMessage(ann.id, 'menu', { replyMarkup: keyboard('x') });
    const got = (await waitFor(ann.updates, (u) => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === 'menu', 'the menu')) as tl.UpdateNewMessage;
    expect(await rpcError(ann.client.getCallbackAnswer('mute_cb2_bot', got.message.id, 'x'))).to.equal('BOT_RESPONSE_TIMEOUT');
    const own = await ann.client.sendMessage('mute_cb2_bot', 'mine');
    expect(await rpcError(ann.client.getCallbackAnswer('mute_cb2_bot', own.id, 'x'))).to.equal('MESSAGE_ID_INVALID');
    expect(await rpcError(ann.client.getInlineResults('mute_cb2_bot', 'q'))).to.equal('BOT_RESPONSE_TIMEOUT');
  });

  it('inline query round trip: gallery, next_offset, switch_pm; the chosen result is sent via the bot and the bot is told', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_in1');
    const bob = await loginUser(h, 'Bob', 'bob_in1');
    const bot = await loginBot(h, 'find_in1_bot');
    bot.client.updates$.subscribe(({ update }) => {
      if (update._ !== 'updateBotInlineQuery') return;
      const page = Number(update.offset || '0');
      void bot.client.answerInlineQuery(
        update.queryId,
        [0, 1].map((i) => ({ id: `r${page + i}`, title: `${update.query} ${page + i}`, text: `result ${page + i} for ${update.query}` })),
        { gallery: true, nextOffset: String(page + 2), switchPm: { text: 'Settings', startParam: 'settings' }, cacheTime: 10 },
      );
    });
    await ann.client.sendMessage('bob_in1', 'hi bob');
    const first = await ann.client.getInlineResults('find_in1_bot', 'cats', { peer: 'bob_in1' });
    expect(first).to.include({ gallery: true, nextOffset: '2', cacheTime: 10 });
    expect(first.switchPm).to.deep.equal({ _: 'inlineBotSwitchPM', text: 'Settings', startParam: 'settings' });
    expect(first.results.map((r) => (r as tl.BotInlineResult).title)).to.deep.equal(['cats 0', 'cats 1']);
    expect(first.users.map((u) => u.id)).to.deep.equal([bot.id]);
    const second = await ann.client.getInlineResults('find_in1_bot', 'cats', { peer: 'bob_in1', offset: first.nextOffset });
    expect(second.results.map((r) => r.id)).to.deep.equal(['r2', 'r3']);
    const query = bot.updates.find((u): u is tl.UpdateBotInlineQuery => u._ === 'updateBotInlineQuery')!;
    expect(query).to.include({ userId: ann.id, query: 'cats', offset: '' });
    expect(query.peerType).to.deep.equal({ _: 'inlineQueryPeerTypePM' });
    const sent = await ann.client.sendInlineResult('bob_in1', second, 'r3');
    expect(sent).to.include({ message: 'result 3 for cats', viaBotId: bot.id });
    const atBob = (await waitFor(bob.updates, (u) => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === 'result 3 for cats', 'the result')) as tl.UpdateNewMessage;
    expect((atBob.message as tl.Message).viaBotId).to.equal(bot.id);
    const chosen = (await waitFor(bot.updates, (u) => u._ === 'updateBotInlineSend', 'updateBotInlineSend')) as tl.UpdateBotInlineSend;
    expect(chosen).to.include({ userId: ann.id, query: 'cats', id: 'r3' });
    expect(await rpcError(ann.client.sendInlineResult('bob_in1', second, 'r99'))).to.equal('RESULT_ID_INVALID');
    expect(await rpcError(bob.client.sendInlineResult('ann_in1', second, 'r3'))).to.equal('QUERY_ID_INVALID');
    expect(await rpcError(ann.client.getInlineResults('bob_in1', 'x'))).to.equal('BOT_INVALID');
  });

  it('bad inline answers: RESULT_ID_DUPLICATE, START_PARAM_INVALID, and a query nobody asked: QUERY_ID_INVALID', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_in2');
    const bot = await loginBot(h, 'bad_in2_bot');
    const errors: string[] = [];
    bot.client.updates$.subscribe(({ update }) => {
      if (update._ !== 'updateBotInlineQuery') return;
      void (async () => {
        for (const attempt of [
          () => bot.client.answerInlineQuery(update.queryId, [{ id: 'a', title: 'a', text: 'a' }, { id: 'a', title: 'b', text: 'b' }]),
          () => bot.client.answerInlineQuery(update.queryId, [], { switchPm: { text: 'go', startParam: 'not valid!' } }),
        ]) {
          errors.push(await attempt().then(() => 'ok', (e: RpcError) => e.errorMessage));
        }
        await bot.client.answerInlineQuery(update.queryId, []);
      })();
    });
    const empty = await ann.client.getInlineResults('bad_in2_bot', 'q');
    expect(empty.results).to.deep.equal([]);
    expect(errors).to.deep.equal(['RESULT_ID_DUPLICATE', 'START_PARAM_INVALID']);
    expect(await rpcError(bot.client.answerInlineQuery(777n, []))).to.equal('QUERY_ID_INVALID');
  });
});
