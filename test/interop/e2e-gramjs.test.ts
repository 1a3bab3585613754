import { expect } from 'chai';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { testBot, type BotTest } from '../../src/framework/testing/index.js';
import { Api, gramClient, trustEmulatorKey } from './gramjs.js';
import { Api224, readLayer224 } from './e2e-gramjs-224.js';
import { eventually, phone, QUESTION, QuestionHandler } from './e2e-bot.js';

/** What the test reads of a message, whichever layer's class GramJS made it with. */
interface GramMessage {
  id: number;
  out?: boolean;
  message: string;
  editDate?: number;
  replyMarkup?: { className: string; rows: { buttons: { className: string; text: string; data?: Buffer }[] }[] };
}

describe('interop end to end: a GramJS user (layer 198) talks to a layer bot on the emulator', function () {
  this.timeout(15_000);
  let emulator: Emulator;
  let untrust: () => void;
  let unread: () => void;
  let t: BotTest;
  let gram: ReturnType<typeof gramClient>['client'] | undefined;

  before(async () => {
    emulator = await startEmulator();
    untrust = trustEmulatorKey(emulator);
    unread = readLayer224();
    t = await testBot({ handlers: [QuestionHandler], emulator });
  });
  after(async () => {
    await gram?.destroy();
    await t?.stop();
    unread?.();
    untrust?.();
    await emulator?.close();
  });

  async function history(peer: InstanceType<typeof Api.InputPeerUser>): Promise<GramMessage[]> {
    const answer = (await gram!.invoke(new Api.messages.GetHistory({ peer, limit: 10 }))) as unknown as { messages: (GramMessage & { className: string })[] };
    return answer.messages.filter((m) => m.className === 'Message');
  }

  it('logs in with a code, sends /start, reads the replies, presses a button, sees the answer and the edit', async () => {
    const number = phone();
    const { userId } = emulator.createUser({ phone: number, firstName: 'Gram', dcId: 2 });
    gram = gramClient(emulator, 'full', 2).client;
    await gram.connect();

    const sent = (await gram.invoke(new Api.auth.SendCode({ phoneNumber: number, apiId: 1, apiHash: 'emulator', settings: new Api.CodeSettings({}) }))) as InstanceType<typeof Api.auth.SentCode>;
    expect(sent.className).to.equal('auth.SentCode');
    const auth = (await gram.invoke(new Api.auth.SignIn({ phoneNumber: number, phoneCodeHash: sent.phoneCodeHash, phoneCode: emulator.lastLoginCode(number)! }))) as InstanceType<typeof Api.auth.Authorization>;
    expect(auth.className).to.equal('auth.Authorization');
    expect(String((auth.user as { id: unknown }).id)).to.equal(String(userId));

    const resolved = await gram.invoke(new Api.contacts.ResolveUsername({ username: t.username }));
    const botUser = resolved.users[0] as unknown as { id: InstanceType<typeof Api.InputPeerUser>['userId']; accessHash: InstanceType<typeof Api.InputPeerUser>['accessHash']; bot: boolean };
    expect(botUser.bot).to.equal(true);
    const bot = new Api.InputPeerUser({ userId: botUser.id, accessHash: botUser.accessHash });
    await gram.invoke(new Api224.messages.SendMessage({ peer: bot, message: '/start' }));

    const question = await eventually(async () => (await history(bot)).find((m) => m.message === QUESTION && !m.out), 'the question');
    expect((await history(bot)).find((m) => m.message.startsWith('Hello'))?.message).to.equal('Hello Gram!');
    expect(question.replyMarkup?.className).to.equal('ReplyInlineMarkup');
    const yes = question.replyMarkup!.rows[0]!.buttons.find((b) => b.text === 'Yes')!;
    expect(yes.className).to.equal('KeyboardButtonCallback');

    const answer = await gram.invoke(new Api.messages.GetBotCallbackAnswer({ peer: bot, msgId: question.id, data: yes.data }));
    expect(answer.message).to.equal('you said yes');
    const edited = await eventually(async () => (await history(bot)).find((m) => m.id === question.id && m.message === `${QUESTION} yes`), 'the edit');
    expect(edited.editDate).to.be.a('number');
  });
});
