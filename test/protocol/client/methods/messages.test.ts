import { expect } from 'chai';
import type { tl } from '../../../../src/schema/index.js';
import { RpcError } from '../../../../src/protocol/mtproto/errors.js';
import { PeerNotFoundError, InvalidArgumentError } from '../../../../src/protocol/client/methods/index.js';
import { markedPeerId } from '../../../../src/protocol/storage/index.js';
import { useEmulator } from '../harness.js';
import { loginBot, loginUser, texts, waitFor } from './accounts.js';

const isNew = (text: string) => (u: tl.TypeUpdate) => (u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage') && u.message._ === 'message' && u.message.message === text;

async function rpcError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e, 'expected an rpc_error').to.be.instanceOf(RpcError);
  return (e as RpcError).errorMessage;
}

describe('protocol/client methods: messages through the wire, against the emulator', function () {
  this.timeout(20_000);
  const h = useEmulator();

  it('a user and a bot exchange messages: sendMessage resolves to the sent message; the other side gets it', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_msg1');
    const bot = await loginBot(h, 'echo_msg1_bot');
    const sent = await ann.client.sendMessage('@echo_msg1_bot', 'hello bot');
    expect(sent).to.include({ _: 'message', out: true, message: 'hello bot' });
    expect(sent.peerId).to.deep.equal({ _: 'peerUser', userId: bot.id });
    const got = await waitFor(bot.updates, isNew('hello bot'), 'the bot to get it');
    const m = (got as tl.UpdateNewMessage).message as tl.Message;
    expect(m.fromId).to.deep.equal({ _: 'peerUser', userId: ann.id });
    // The bot answers by the user's id: its cache learned the access hash from the update.
    const reply = await bot.client.sendMessage(ann.id, { text: 'bold hi', entities: [{ _: 'messageEntityBold', offset: 0, length: 4 }] }, { replyTo: m.id, replyMarkup: { _: 'replyInlineMarkup', rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButtonCallback', text: 'ok', data: new TextEncoder().encode('ok') }] }] } });
    expect(reply.entities).to.deep.equal([{ _: 'messageEntityBold', offset: 0, length: 4 }]);
    expect(reply.replyTo).to.deep.include({ replyToMsgId: m.id });
    const back = (await waitFor(ann.updates, isNew('bold hi'), 'the reply')) as tl.UpdateNewMessage;
    expect((back.message as tl.Message).replyTo).to.deep.include({ replyToMsgId: sent.id });
    expect((back.message as tl.Message).replyMarkup?._).to.equal('replyInlineMarkup');
  });

  it('parse modes, silent, and the bad paths: MESSAGE_EMPTY, MESSAGE_TOO_LONG, ENTITY_BOUNDS_INVALID, USER_IS_BOT, typed argument errors', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_msg2');
    const bot = await loginBot(h, 'echo_msg2_bot');
    const other = h.emulator.createBot({ username: 'other_msg2_bot' });
    const html = await ann.client.sendMessage('echo_msg2_bot', '<b>hi</b> <i>there</i>', { parseMode: 'html', silent: true });
    expect(html.message).to.equal('hi there');
    expect(html.entities?.map((e) => e._)).to.deep.equal(['messageEntityBold', 'messageEntityItalic']);
    const md = await ann.client.sendMessage('echo_msg2_bot', '**bold**', { parseMode: 'markdown' });
    expect(md.message).to.equal('bold');
    expect(await rpcError(ann.client.sendMessage('echo_msg2_bot', '   '))).to.equal('MESSAGE_EMPTY');
    expect(await rpcError(ann.client.sendMessage('echo_msg2_bot', 'x'.repeat(4097)))).to.equal('MESSAGE_TOO_LONG');
    expect((await ann.client.sendMessage('echo_msg2_bot', 'x'.repeat(4096))).message).to.have.length(4096);
    expect(await rpcError(ann.client.sendMessage('echo_msg2_bot', { text: 'ab', entities: [{ _: 'messageEntityBold', offset: 1, length: 5 }] }))).to.equal('ENTITY_BOUNDS_INVALID');
    await bot.client.resolvePeer('@other_msg2_bot');
    expect(await rpcError(bot.client.sendMessage(other.userId, 'hi bot'))).to.equal('USER_IS_BOT');
    const bad = await ann.client.sendMessage('echo_msg2_bot', 42 as unknown as string).catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(InvalidArgumentError);
  });

  it('random_id dedup: the same random_id twice posts once (RANDOM_ID_DUPLICATE the second time)', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_msg3');
    const bot = await loginBot(h, 'echo_msg3_bot');
    const peer = await ann.client.resolvePeer('echo_msg3_bot');
    const request: tl.messages.SendMessageRequest = { _: 'messages.sendMessage', peer, message: 'once', randomId: 123456789n };
    await ann.client.invoke(request);
    expect(await rpcError(ann.client.invoke(request))).to.equal('RANDOM_ID_DUPLICATE');
    await ann.client.sendMessage('echo_msg3_bot', 'after');
    await waitFor(bot.updates, isNew('after'), 'the later message');
    expect(texts(bot.updates)).to.deep.equal(['once', 'after']);
  });

  it('edits: text, entities and keyboard; MESSAGE_NOT_MODIFIED; only the author (bots edit their own)', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_msg4');
    const bot = await loginBot(h, 'echo_msg4_bot');
    const mine = await ann.client.sendMessage('echo_msg4_bot', 'first');
    await waitFor(bot.updates, isNew('first'), 'the message');
    const edited = (await ann.client.editMessage('echo_msg4_bot', mine.id, '<b>second</b>', { parseMode: 'html' })) as tl.Message;
    expect(edited).to.include({ message: 'second', id: mine.id });
    expect(edited.editDate).to.be.a('number');
    const seen = (await waitFor(bot.updates, (u) => u._ === 'updateEditMessage', 'the edit')) as tl.UpdateEditMessage;
    expect((seen.message as tl.Message).message).to.equal('second');
    expect(await rpcError(ann.client.editMessage('echo_msg4_bot', mine.id, '<b>second</b>', { parseMode: 'html' }))).to.equal('MESSAGE_NOT_MODIFIED');
    const theirs = (seen.message as tl.Message).id;
    expect(await rpcError(bot.client.editMessage(ann.id, theirs, 'hijack'))).to.equal('MESSAGE_AUTHOR_REQUIRED');
    const botMsg = await bot.client.sendMessage(ann.id, 'from bot');
    const botEdit = (await bot.client.editMessage(ann.id, botMsg.id, 'from bot, edited')) as tl.Message;
    expect(botEdit.message).to.equal('from bot, edited');
    expect(await rpcError(ann.client.editMessage('echo_msg4_bot', 9999, 'nothing'))).to.equal('MESSAGE_ID_INVALID');
  });

  it('deletes (revoke or only for me), forwards with fwd_from, getMessages by id', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_msg5');
    const bob = await loginUser(h, 'Bob', 'bob_msg5');
    const bot = await loginBot(h, 'echo_msg5_bot');
    const a = await ann.client.sendMessage('bob_msg5', 'keep');
    const b = await ann.client.sendMessage('bob_msg5', 'gone');
    await waitFor(bob.updates, isNew('gone'), 'the messages');
    expect(await ann.client.deleteMessages('bob_msg5', [b.id])).to.equal(1);
    const deleted = (await waitFor(bob.updates, (u) => u._ === 'updateDeleteMessages', 'the delete')) as tl.UpdateDeleteMessages;
    expect(deleted.messages).to.have.length(1);
    const [kept, missing] = await ann.client.getMessages('bob_msg5', [a.id, b.id]);
    expect(kept).to.include({ message: 'keep' });
    expect(missing).to.equal(undefined);
    const [fwd] = await ann.client.forwardMessages('echo_msg5_bot', 'bob_msg5', [a.id]);
    expect(fwd).to.include({ message: 'keep' });
    expect(fwd!.fwdFrom).to.deep.include({ fromId: { _: 'peerUser', userId: ann.id }, date: a.date });
    const atBot = (await waitFor(bot.updates, isNew('keep'), 'the forward')) as tl.UpdateNewMessage;
    expect((atBot.message as tl.Message).fwdFrom?.fromId).to.deep.equal({ _: 'peerUser', userId: ann.id });
    // Not revoked: gone for Ann only.
    expect(await ann.client.deleteMessages('bob_msg5', [a.id], { revoke: false })).to.equal(1);
    const [stillThere] = await bob.client.getMessages('ann_msg5', [a.id]);
    expect(stillThere).to.include({ message: 'keep' });
    expect(await ann.client.deleteMessages('bob_msg5', [a.id])).to.equal(0);
    expect(await rpcError(ann.client.forwardMessages('echo_msg5_bot', 'bob_msg5', [424242]))).to.equal('MESSAGE_ID_INVALID');
  });

  it('resolvePeer: @name, name, links, me, a phone, a marked id, TL objects; PeerNotFoundError naming what was asked', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_msg6');
    const phone = '+4478' + String(process.pid % 10000).padStart(4, '0') + '0006';
    const { userId: zed } = h.emulator.createUser({ phone, firstName: 'Zed', username: 'zed_msg6' });
    const bot = h.emulator.createBot({ username: 'find_msg6_bot' });
    const byAt = await ann.client.resolvePeer('@find_msg6_bot');
    expect(byAt).to.include({ _: 'inputPeerUser', userId: bot.userId });
    for (const form of ['find_msg6_bot', 'https://t.me/find_msg6_bot', 't.me/find_msg6_bot', 'tg://resolve?domain=find_msg6_bot', bot.userId, Number(bot.userId), { _: 'peerUser', userId: bot.userId } as tl.PeerUser]) {
      expect(await ann.client.resolvePeer(form as never), String(form)).to.deep.equal(byAt);
    }
    expect(await ann.client.resolvePeer('me')).to.deep.equal({ _: 'inputPeerSelf' });
    expect(await ann.client.resolvePeer('self')).to.deep.equal({ _: 'inputPeerSelf' });
    expect(await ann.client.resolvePeer(phone)).to.include({ _: 'inputPeerUser', userId: zed });
    expect(await ann.client.resolvePeer(byAt)).to.equal(byAt);
    expect(await ann.client.resolvePeer({ _: 'chat', id: 5n } as tl.Chat)).to.deep.equal({ _: 'inputPeerChat', chatId: 5n });
    expect(await ann.client.resolvePeer(markedPeerId('chat', 7n))).to.deep.equal({ _: 'inputPeerChat', chatId: 7n });
    for (const missing of ['@nobody_here_msg6', '+4400000000001', 123456789n, 'not a peer!', markedPeerId('channel', 99n)]) {
      const e = await ann.client.resolvePeer(missing).catch((x: unknown) => x);
      expect(e, String(missing)).to.be.instanceOf(PeerNotFoundError);
      expect((e as PeerNotFoundError).peer).to.equal(missing);
    }
  });
});
