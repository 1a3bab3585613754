import { expect } from 'chai';
import { connectTcp } from '@fuman/node';
import { IntermediatePacketCodec, MemoryStorage, type tl as mt } from '@mtcute/core';
import { BaseTelegramClient } from '@mtcute/core/client.js';
import { __tlReaderMapWithCompat, randomLong } from '@mtcute/core/utils.js';
import type { TlBinaryWriter, TlWriterMap } from '@mtcute/core/utils.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { testBot, type BotTest } from '../../src/framework/testing/index.js';
import { InteropCryptoProvider, mtcuteClient, trustEmulatorKey } from './mtcute.js';
import { eventually, phone, QUESTION, QuestionHandler } from './e2e-bot.js';

/**
 * mtcute speaks layer 227, the emulator 224. Of what this test sends and
 * reads, two constructors differ between them:
 * - messages.sendMessage (227: #fef48f62, 224: #545cd15a). The emulator cannot
 *   decode the 227 form; it gives no answer (mtcute's msgs_state_req is told
 *   "not received") and mtcute resends forever. A real server answers a
 *   client in the layer it declared; the emulator has one layer. So the
 *   client writes the 224 form, with the fields this test uses (peer,
 *   message, random_id; no flags), as mtcute would if it were built for 224.
 * - message (227: #7600b9d3, 224: #3ae56482): mtcute reads the 224 form with
 *   its own compat reader (`message_layer224`), given as readerMap.
 */
function layer224(writers: TlWriterMap): TlWriterMap {
  return {
    ...writers,
    'messages.sendMessage': (w: TlBinaryWriter, v: mt.messages.RawSendMessageRequest) => {
      w.uint(0x545cd15a);
      w.uint(0); // flags: none of the optional fields
      w.object(v.peer);
      w.string(v.message);
      w.long(v.randomId);
    },
  } as unknown as TlWriterMap;
}

/** Like mtcuteClient() in ./mtcute.ts (intermediate over TCP, memory storage, silent), speaking 224 where it must. */
function mtcute224(emulator: Emulator, crypto: InteropCryptoProvider, dcId: number): BaseTelegramClient {
  const dc = emulator.dcs.find((d) => d.id === dcId)!;
  const option = { id: dc.id, ipAddress: dc.host, port: dc.port };
  const probe = mtcuteClient(emulator, 'intermediate', crypto, dcId).client; // for mtcute's own writer map
  const writers = probe.mt._writerMap;
  void probe.destroy();
  return new BaseTelegramClient({
    apiId: 1,
    apiHash: 'emulator',
    storage: new MemoryStorage(),
    crypto,
    platform: { beforeExit: () => () => {}, log: () => {}, getDefaultLogLevel: () => null, getDeviceModel: () => 'interop' },
    transport: { connect: (d) => connectTcp({ address: d.ipAddress, port: d.port }), packetCodec: () => new IntermediatePacketCodec() },
    defaultDcs: { main: option, media: option },
    updates: false,
    readerMap: __tlReaderMapWithCompat,
    writerMap: layer224(writers),
  });
}

type AnyMessage = mt.RawMessage | (Omit<mt.RawMessage, '_'> & { _: 'message_layer224' });

describe('interop end to end: an mtcute user (layer 227) talks to a layer bot on the emulator', function () {
  this.timeout(15_000);
  let emulator: Emulator;
  let t: BotTest;
  let client: BaseTelegramClient | undefined;
  const crypto = new InteropCryptoProvider();

  before(async () => {
    emulator = await startEmulator();
    crypto.initialize();
    trustEmulatorKey(emulator, crypto);
    t = await testBot({ handlers: [QuestionHandler], emulator });
  });
  after(async () => {
    await client?.destroy();
    await t?.stop();
    await emulator?.close();
  });

  async function history(peer: mt.TypeInputPeer): Promise<AnyMessage[]> {
    const answer = await client!.call({ _: 'messages.getHistory', peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: randomLong().mul(0) });
    return 'messages' in answer ? (answer.messages as unknown as AnyMessage[]).filter((m) => m._ === 'message' || m._ === 'message_layer224') : [];
  }

  it('logs in with a code, sends /start, reads the replies, presses a button, sees the answer and the edit', async () => {
    const number = phone();
    const { userId } = emulator.createUser({ phone: number, firstName: 'Mtcute', dcId: 2 });
    client = mtcute224(emulator, crypto, 2);
    await client.connect();

    const sent = await client.call({ _: 'auth.sendCode', phoneNumber: number, apiId: 1, apiHash: 'emulator', settings: { _: 'codeSettings' } });
    expect(sent._).to.equal('auth.sentCode');
    const auth = await client.call({ _: 'auth.signIn', phoneNumber: number, phoneCodeHash: (sent as mt.auth.RawSentCode).phoneCodeHash, phoneCode: emulator.lastLoginCode(number)! });
    expect(auth._).to.equal('auth.authorization');
    expect((auth as mt.auth.RawAuthorization).user.id.toString()).to.equal(String(userId));

    const resolved = await client.call({ _: 'contacts.resolveUsername', username: t.username });
    const botUser = resolved.users.find((u): u is mt.RawUser => u._ === 'user')!;
    const bot: mt.TypeInputPeer = { _: 'inputPeerUser', userId: botUser.id, accessHash: botUser.accessHash! };
    await client.call({ _: 'messages.sendMessage', peer: bot, message: '/start', randomId: randomLong() });

    const question = await eventually(async () => (await history(bot)).find((m) => m.message === QUESTION), 'the question');
    expect((await history(bot)).find((m) => m.message.startsWith('Hello'))?.message).to.equal('Hello Mtcute!');
    const markup = question.replyMarkup as mt.RawReplyInlineMarkup;
    expect(markup._).to.equal('replyInlineMarkup');
    const yes = markup.rows[0]!.buttons.find((b) => b.text === 'Yes') as mt.RawKeyboardButtonCallback;
    expect(yes._).to.equal('keyboardButtonCallback');

    const answer = await client.call({ _: 'messages.getBotCallbackAnswer', peer: bot, msgId: question.id, data: yes.data });
    expect(answer.message).to.equal('you said yes');
    const edited = await eventually(async () => (await history(bot)).find((m) => m.id === question.id && m.message === `${QUESTION} yes`), 'the edit');
    expect(edited.editDate).to.be.a('number');
  });
});
