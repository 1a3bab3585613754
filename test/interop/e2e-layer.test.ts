import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { Client } from '../../src/protocol/index.js';
import { testBot, type BotTest } from '../../src/framework/testing/index.js';
import { eventually, phone, QUESTION, QuestionHandler } from './e2e-bot.js';

describe('interop end to end: a layer user client talks to a layer bot on the emulator (as the GramJS and mtcute users do)', function () {
  this.timeout(15_000);
  let emulator: Emulator;
  let t: BotTest;
  let client: Client | undefined;

  before(async () => {
    emulator = await startEmulator();
    t = await testBot({ handlers: [QuestionHandler], emulator });
  });
  after(async () => {
    await client?.close();
    await t?.stop();
    await emulator?.close();
  });

  async function history(peer: tl.TypeInputPeer): Promise<tl.Message[]> {
    const messages: tl.Message[] = [];
    for await (const m of client!.iterHistory(peer, { limit: 10 })) if (m._ === 'message') messages.push(m);
    return messages;
  }

  it('logs in with a code, sends /start, reads the replies, presses a button, sees the answer and the edit', async () => {
    const number = phone();
    const { userId } = emulator.createUser({ phone: number, firstName: 'Layer', dcId: 2 });
    client = new Client({ ...emulator.clientOptions(), apiId: 1, apiHash: 'emulator', dcId: 2 });
    await client.connect();
    const me = await client.signIn(await client.sendCode(number), emulator.lastLoginCode(number)!);
    expect(me.id).to.equal(userId);

    const bot = await client.resolvePeer(`@${t.username}`);
    await client.sendMessage(bot, '/start');
    const question = await eventually(async () => (await history(bot)).find((m) => m.message === QUESTION && !m.out), 'the question');
    expect((await history(bot)).find((m) => m.message.startsWith('Hello'))?.message).to.equal('Hello Layer!');
    expect(question.replyMarkup?._).to.equal('replyInlineMarkup');
    const yes = (question.replyMarkup as tl.ReplyInlineMarkup).rows[0]!.buttons.find((b) => b.text === 'Yes') as tl.KeyboardButtonCallback;
    expect(yes._).to.equal('keyboardButtonCallback');

    const answer = await client.getCallbackAnswer(bot, question.id, yes.data);
    expect(answer.message).to.equal('you said yes');
    const edited = await eventually(async () => (await history(bot)).find((m) => m.id === question.id && m.message === `${QUESTION} yes`), 'the edit');
    expect(edited.editDate).to.be.a('number');
  });
});
