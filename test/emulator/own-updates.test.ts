import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { Links, sendCodeRequest, until, type RawLink } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('emulator: one\'s own actions — answered to the calling session, pushed to the account\'s other sessions', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  const links = new Links(() => emulator);
  let n = 0;

  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    emulator.faults.reset();
    await links.closeAll();
  });
  after(() => emulator.close());

  const phone = () => `+99964${String(process.pid % 1000).padStart(3, '0')}${String(++n).padStart(4, '0')}`;

  /** An account logged in on `keys` raw links (one auth key each). */
  async function account(keys: number): Promise<{ id: bigint; links: RawLink[] }> {
    const number = phone();
    const { userId } = emulator.createUser({ phone: number, firstName: 'Ann', dcId: 1 });
    const out: RawLink[] = [];
    for (let i = 0; i < keys; i++) {
      const link = await links.raw(1);
      const sent = (await link.invoke(sendCodeRequest(number))) as tl.auth.SentCode;
      await link.invoke({ _: 'auth.signIn', phoneNumber: number, phoneCodeHash: sent.phoneCodeHash, phoneCode: emulator.lastLoginCode(number) });
      out.push(link);
    }
    return { id: userId, links: out };
  }

  const bot = () => emulator.createBot({ username: `own_raw_bot_${++n}`, dcId: 1 }).userId;
  const inputChat = (chatId: bigint): tl.InputPeerChat => ({ _: 'inputPeerChat', chatId });

  it('a group message: the answer carries the seq the other key\'s push has; the calling key gets no push', async () => {
    const ann = await account(2);
    const [a, b] = ann.links as [RawLink, RawLink];
    const { chatId } = emulator.updates.createChat({ creator: ann.id, title: 'g', members: [bot()] });
    const answer = await a.invoke({ _: 'messages.sendMessage', peer: inputChat(chatId), message: 'hi', randomId: 7n });
    if (answer._ !== 'updates') throw new Error(`expected updates, got ${answer._}`);
    expect(answer.seq).to.equal(1);
    expect(answer.updates.map((u) => u._)).to.deep.equal(['updateMessageID', 'updateNewMessage']);
    expect(answer.updates[1]).to.deep.include({ pts: 2, ptsCount: 1 });
    expect((answer.updates[1] as tl.UpdateNewMessage).message).to.deep.include({ out: true, message: 'hi' });
    expect(answer.chats.map((c) => c.id)).to.deep.equal([chatId]);
    await until(() => b.updates.length === 1, 'the push to the other key');
    expect(b.updates[0]).to.deep.include({ _: 'updates', seq: 1 });
    expect(((b.updates[0] as tl.Updates).updates[0] as tl.UpdateNewMessage).pts).to.equal(2);
    await sleep(100);
    expect(a.updates).to.deep.equal([]);
  });

  it('a private text: updateShortSentMessage answers; the other key gets updateShortMessage (out), so no seq is taken', async () => {
    const ann = await account(2);
    const [a, b] = ann.links as [RawLink, RawLink];
    const to = bot();
    const peer = { _: 'inputPeerUser' as const, userId: to, accessHash: 0n };
    // The access hash the account was given for the bot: resolve it the way a client would.
    const resolved = await a.invoke({ _: 'contacts.resolveUsername', username: `own_raw_bot_${n}` });
    peer.accessHash = (resolved.users[0] as tl.User).accessHash!;
    const answer = await a.invoke({ _: 'messages.sendMessage', peer, message: 'psst', randomId: 8n });
    expect(answer).to.include({ _: 'updateShortSentMessage', out: true, pts: 2, ptsCount: 1 });
    await until(() => b.updates.length === 1, 'the push to the other key');
    expect(b.updates[0]).to.include({ _: 'updateShortMessage', out: true, userId: to, message: 'psst', pts: 2, ptsCount: 1 });
    expect(await a.invoke({ _: 'updates.getState' })).to.include({ pts: 2, seq: 0 });
    await sleep(100);
    expect(a.updates).to.deep.equal([]);
  });

  it('several containers in one call (pin: updatePinnedMessages, then the service message) answer as updatesCombined', async () => {
    const ann = await account(2);
    const [a, b] = ann.links as [RawLink, RawLink];
    const { chatId } = emulator.updates.createChat({ creator: ann.id, title: 'g', members: [bot()] });
    const sent = emulator.updates.sendMessage({ from: ann.id, to: { chat: chatId }, text: 'pin me' });
    await until(() => a.updates.length === 1 && b.updates.length === 1, 'the message at both keys');
    const answer = await a.invoke({ _: 'messages.updatePinnedMessage', peer: inputChat(chatId), id: sent.ids.get(ann.id)! });
    expect(answer).to.include({ _: 'updatesCombined', seqStart: 2, seq: 3 });
    expect((answer as tl.UpdatesCombined).updates.map((u) => u._)).to.deep.equal(['updatePinnedMessages', 'updateNewMessage']);
    await until(() => b.updates.length === 3, 'the pushes to the other key');
    expect(b.updates.slice(1).map((u) => (u as tl.Updates).seq)).to.deep.equal([2, 3]);
    await sleep(100);
    expect(a.updates).to.have.length(1);
  });

  it('faults apply to the pushes, never to the answer; a push only the calling session would get draws no fault', async () => {
    const ann = await account(1);
    const [a] = ann.links as [RawLink];
    const created = emulator.createBot({ username: `own_raw_bot_${++n}`, dcId: 1 });
    const watcher = await links.raw(1);
    await watcher.invoke({ _: 'auth.importBotAuthorization', flags: 0, apiId: 1, apiHash: 'emulator', botAuthToken: created.token });
    const { chatId } = emulator.updates.createChat({ creator: ann.id, title: 'g', members: [created.userId] });
    emulator.faults.updates.next('drop');
    const answer = await a.invoke({ _: 'messages.sendMessage', peer: inputChat(chatId), message: 'x', randomId: 9n });
    expect(answer).to.deep.include({ _: 'updates', seq: 1 });
    expect((answer as tl.Updates).updates.map((u) => u._)).to.deep.equal(['updateMessageID', 'updateNewMessage']);
    // Ann's own push had nobody to reach (her only session is the caller): the one-shot went to the bot's.
    expect(emulator.faults.updates.applied.drop).to.equal(1);
    await sleep(100);
    expect(watcher.updates).to.deep.equal([]);
    expect(a.updates).to.deep.equal([]);
    const d = await watcher.invoke({ _: 'updates.getDifference', pts: 1, date: 0, qts: 0 });
    expect(d._).to.equal('updates.difference');
  });
});
