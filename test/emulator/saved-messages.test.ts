import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { RpcError } from '../../src/protocol/mtproto/errors.js';
import type { Client } from '../../src/protocol/client/client.js';
import { useEmulator } from '../protocol/client/harness.js';
import { loginBot, waitFor } from '../protocol/client/methods/accounts.js';

const self = { _: 'inputPeerSelf' } as const;
const isNew = (text: string) => (u: tl.TypeUpdate): u is tl.UpdateNewMessage => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === text;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function history(client: Client, peer: string | bigint = 'me'): Promise<tl.Message[]> {
  const out: tl.Message[] = [];
  for await (const m of client.iterHistory(peer)) if (m._ === 'message') out.push(m);
  return out;
}

describe('emulator: Saved Messages (the chat with oneself), through the wire', function () {
  this.timeout(20_000);
  const h = useEmulator();
  let n = 0;

  /** An account, logged in on `sessions` clients (one auth key each), with what each client's updates$ saw. */
  async function account(sessions: number): Promise<{ id: bigint; clients: Client[]; updates: tl.TypeUpdate[][] }> {
    const phone = `+4478${String(process.pid % 1000).padStart(3, '0')}${String(++n).padStart(5, '0')}`;
    const { userId } = h.emulator.createUser({ phone, firstName: 'Sam', dcId: 1 });
    const clients: Client[] = [];
    const updates: tl.TypeUpdate[][] = [];
    for (let i = 0; i < sessions; i++) {
      const client = h.client({ dcId: 1 });
      await client.connect();
      await client.signIn(await client.sendCode(phone), h.emulator.lastLoginCode(phone)!);
      const seen: tl.TypeUpdate[] = [];
      client.updates$.subscribe((e) => seen.push(e.update));
      clients.push(client);
      updates.push(seen);
    }
    return { id: userId, clients, updates };
  }

  it("sendMessage('me'): posted to peerUser(self), out, from self, filed under one's own saved dialog; in history and dialogs", async () => {
    const sam = await account(1);
    const c = sam.clients[0]!;
    const me = { _: 'peerUser', userId: sam.id };
    const sent = await c.sendMessage('me', 'remember the milk');
    expect(sent).to.deep.include({ out: true, message: 'remember the milk', peerId: me, fromId: me });
    const [top] = await history(c);
    expect(top).to.deep.include({ id: sent.id, out: true, peerId: me, fromId: me, savedPeerId: me, message: 'remember the milk' });
    // By one's own id, as a client that names peers by id does.
    expect((await history(c, sam.id)).map((m) => m.id)).to.deep.equal([sent.id]);
    const dialogs = [];
    for await (const d of c.iterDialogs()) dialogs.push(d);
    expect(dialogs.map((d) => d.dialog.peer)).to.deep.equal([me]);
    expect(dialogs[0]!.peer).to.deep.include({ id: sam.id, self: true });
    expect(dialogs[0]!.message).to.deep.include({ id: sent.id });
  });

  it('inputPeerUser with one\'s own id is Saved Messages too; replies and entities work there', async () => {
    const sam = await account(1);
    const c = sam.clients[0]!;
    const answer = await c.invoke({ _: 'messages.sendMessage', peer: { _: 'inputPeerUser', userId: sam.id, accessHash: 0n }, message: 'by id', randomId: 11n });
    expect(answer).to.include({ _: 'updateShortSentMessage', out: true });
    const bold = await c.sendMessage('me', '<b>bold</b>', { parseMode: 'html', replyTo: (answer as tl.UpdateShortSentMessage).id });
    expect(bold.replyTo).to.deep.include({ replyToMsgId: (answer as tl.UpdateShortSentMessage).id });
    expect((await history(c)).map((m) => m.message)).to.deep.equal(['bold', 'by id']);
  });

  it('edit and delete there: editMessage changes the one copy, deleteMessages removes it', async () => {
    const sam = await account(1);
    const c = sam.clients[0]!;
    const a = await c.sendMessage('me', 'draft');
    const b = await c.sendMessage('me', 'keep');
    const edited = (await c.editMessage('me', a.id, 'final')) as tl.Message;
    expect(edited).to.deep.include({ id: a.id, message: 'final', out: true });
    expect(edited.editDate).to.be.a('number');
    expect(await c.deleteMessages('me', [a.id])).to.equal(1);
    expect((await history(c)).map((m) => [m.id, m.message])).to.deep.equal([[b.id, 'keep']]);
    const e = await c.editMessage('me', a.id, 'gone').catch((x: unknown) => x);
    expect(e).to.be.instanceOf(RpcError).with.property('errorMessage', 'MESSAGE_ID_INVALID');
  });

  it("a file to Saved Messages: sendFile('me') posts a document, which downloads back", async () => {
    const sam = await account(1);
    const c = sam.clients[0]!;
    const bytes = new TextEncoder().encode('notes to self\n'.repeat(100));
    const sent = await c.sendFile('me', bytes, { kind: 'document', name: 'notes.txt', caption: 'my notes' });
    expect(sent).to.deep.include({ out: true, message: 'my notes', peerId: { _: 'peerUser', userId: sam.id } });
    const [top] = await history(c);
    expect(top!.media?._).to.equal('messageMediaDocument');
    expect(Buffer.from(await c.downloadFile(top!.media!))).to.deep.equal(Buffer.from(bytes));
  });

  it('a forward to Saved Messages files under the chat it came from, and its header says so', async () => {
    const sam = await account(1);
    const c = sam.clients[0]!;
    const bot = await loginBot(h, `saved_fwd_${++n}_bot`);
    await c.sendMessage(`@saved_fwd_${n}_bot`, 'hi');
    await waitFor(bot.updates, isNew('hi'), 'the bot to get it');
    await bot.client.sendMessage(sam.id, 'a tip worth keeping');
    const tip = (await history(c, `@saved_fwd_${n}_bot`))[0]!;
    const [copy] = await c.forwardMessages('me', `@saved_fwd_${n}_bot`, [tip.id]);
    const botPeer = { _: 'peerUser', userId: bot.id };
    expect(copy).to.deep.include({ out: true, message: 'a tip worth keeping', peerId: { _: 'peerUser', userId: sam.id }, savedPeerId: botPeer });
    expect(copy!.fwdFrom).to.deep.include({ fromId: botPeer, savedFromPeer: botPeer, savedFromMsgId: tip.id });
  });

  it("the account's other session gets the push once; the sending session gets only its answer", async () => {
    const sam = await account(2);
    const [a, b] = sam.clients as [Client, Client];
    await Promise.all([a.updatesReady(), b.updatesReady()]);
    const sent = await a.sendMessage('me', 'from the laptop');
    const pushed = await waitFor(sam.updates[1]!, isNew('from the laptop'), 'the push to the other session');
    expect(pushed.message).to.deep.include({ id: sent.id, out: true, peerId: { _: 'peerUser', userId: sam.id }, fromId: { _: 'peerUser', userId: sam.id } });
    const edited = await a.editMessage('me', sent.id, 'from the laptop, edited');
    await waitFor(sam.updates[1]!, (u) => u._ === 'updateEditMessage', 'the edit pushed');
    expect((edited as tl.Message).message).to.equal('from the laptop, edited');
    await sleep(150);
    expect(sam.updates[1]!.filter(isNew('from the laptop'))).to.have.length(1);
    expect(sam.updates[1]!.filter((u) => u._ === 'updateEditMessage')).to.have.length(1);
    expect(sam.updates[0]!.filter(isNew('from the laptop')).length).to.be.at.most(1); // its own answer, if the client feeds it in
  });

  it("bots have none (USER_IS_BOT); the test API posts to a user's Saved Messages", async () => {
    const bot = await loginBot(h, `saved_self_${++n}_bot`);
    const e = await bot.client.sendMessage('me', 'hi me').catch((x: unknown) => x);
    expect(e).to.be.instanceOf(RpcError).with.property('errorMessage', 'USER_IS_BOT');
    const sam = await account(1);
    await sam.clients[0]!.updatesReady();
    const sent = h.emulator.updates.sendMessage({ from: sam.id, to: { user: sam.id }, text: 'from the test' });
    await waitFor(sam.updates[0]!, isNew('from the test'), 'the push');
    expect((await history(sam.clients[0]!)).map((m) => m.id)).to.deep.equal([sent.id]);
    expect(() => h.emulator.updates.sendMessage({ from: bot.id, to: { user: bot.id }, text: 'x' })).to.throw(/no Saved Messages/);
  });
});
