import { expect } from 'chai';
import type { tl } from '../../../../src/schema/index.js';
import { RpcError } from '../../../../src/protocol/mtproto/errors.js';
import { markedPeerId } from '../../../../src/protocol/storage/index.js';
import { useEmulator } from '../harness.js';
import { loginBot, loginUser, waitFor } from './accounts.js';

const action = (kind: string) => (u: tl.TypeUpdate) => (u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage') && u.message._ === 'messageService' && u.message.action._ === kind;
const actionOf = (u: tl.TypeUpdate) => ((u as tl.UpdateNewMessage).message as tl.MessageService).action;

async function rpcError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e, 'expected an rpc_error').to.be.instanceOf(RpcError);
  return (e as RpcError).errorMessage;
}

describe('protocol/client methods: chats, history, dialogs, presence and reactions, through the wire', function () {
  this.timeout(20_000);
  const h = useEmulator();

  it('a basic group: create, add, rename, pin, kick, leave — each a service message to every member', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_ch1');
    const bob = await loginUser(h, 'Bob', 'bob_ch1');
    const bot = await loginBot(h, 'group_ch1_bot');
    await ann.client.resolvePeer('bob_ch1');
    const chat = await ann.client.createGroup('Team', ['bob_ch1']);
    expect(chat).to.include({ title: 'Team', creator: true });
    const created = await waitFor(bob.updates, action('messageActionChatCreate'), 'chatCreate at Bob');
    expect(actionOf(created)).to.deep.include({ title: 'Team', users: [ann.id, bob.id] });
    const group = markedPeerId('chat', chat.id);
    const botUser = await ann.client.resolvePeer('group_ch1_bot');
    await ann.client.invoke({ _: 'messages.addChatUser', chatId: chat.id, userId: { _: 'inputUser', userId: bot.id, accessHash: (botUser as tl.InputPeerUser).accessHash }, fwdLimit: 0 });
    expect(actionOf(await waitFor(bot.updates, action('messageActionChatAddUser'), 'chatAddUser at the bot'))).to.deep.include({ users: [bot.id] });
    await waitFor(bob.updates, action('messageActionChatAddUser'), 'chatAddUser at Bob');
    await ann.client.invoke({ _: 'messages.editChatTitle', chatId: chat.id, title: 'Team 2' });
    for (const m of [bob, bot]) expect(actionOf(await waitFor(m.updates, action('messageActionChatEditTitle'), 'the title'))).to.deep.include({ title: 'Team 2' });
    expect(await rpcError(ann.client.invoke({ _: 'messages.editChatTitle', chatId: chat.id, title: 'Team 2' }))).to.equal('CHAT_NOT_MODIFIED');
    const said = await ann.client.sendMessage(group, 'pin me');
    await ann.client.invoke({ _: 'messages.updatePinnedMessage', peer: { _: 'inputPeerChat', chatId: chat.id }, id: said.id });
    const pinned = (await waitFor(bob.updates, action('messageActionPinMessage'), 'the pin')) as tl.UpdateNewMessage;
    const bobCopy = bob.updates.find((u) => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === 'pin me') as tl.UpdateNewMessage;
    expect((pinned.message as tl.MessageService).replyTo).to.deep.include({ replyToMsgId: bobCopy.message.id });
    expect(await waitFor(bob.updates, (u) => u._ === 'updatePinnedMessages', 'updatePinnedMessages')).to.deep.include({ pinned: true, messages: [bobCopy.message.id] });
    expect(await rpcError(bob.client.invoke({ _: 'messages.deleteChatUser', chatId: chat.id, userId: { _: 'inputUser', userId: bot.id, accessHash: 0n } }))).to.equal('USER_ID_INVALID');
    await ann.client.invoke({ _: 'messages.deleteChatUser', chatId: chat.id, userId: { _: 'inputUser', userId: bot.id, accessHash: (botUser as tl.InputPeerUser).accessHash } });
    expect(actionOf(await waitFor(bot.updates, action('messageActionChatDeleteUser'), 'the kick at the bot'))).to.deep.include({ userId: bot.id });
    await bob.client.leaveChat(group);
    await waitFor(ann.updates, (u) => action('messageActionChatDeleteUser')(u) && (actionOf(u) as tl.MessageActionChatDeleteUser).userId === bob.id, 'Bob leaving');
    expect(await rpcError(bob.client.sendMessage(group, 'still here?'))).to.equal('CHAT_WRITE_FORBIDDEN');
  });

  it('a megagroup: create, invite, join, rename, leave — service messages through the channel', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_ch2');
    const bob = await loginUser(h, 'Bob', 'bob_ch2');
    const cara = await loginUser(h, 'Cara', 'cara_ch2');
    const created = await ann.client.invoke({ _: 'channels.createChannel', megagroup: true, title: 'Club', about: '' });
    const channel = (created as tl.Updates).chats.find((c): c is tl.Channel => c._ === 'channel')!;
    expect(channel).to.include({ megagroup: true, creator: true, title: 'Club' });
    const input: tl.InputChannel = { _: 'inputChannel', channelId: channel.id, accessHash: channel.accessHash! };
    const bobInput = (await ann.client.resolvePeer('bob_ch2')) as tl.InputPeerUser;
    await ann.client.invoke({ _: 'channels.inviteToChannel', channel: input, users: [{ _: 'inputUser', userId: bob.id, accessHash: bobInput.accessHash }] });
    expect(actionOf(await waitFor(bob.updates, action('messageActionChatAddUser'), 'the invite'))).to.deep.include({ users: [bob.id] });
    // Cara joins by herself, with the access hash the emulator gives her.
    const forCara = h.emulator.updates.inputChannel(cara.id, channel.id);
    await cara.client.joinChat({ _: 'inputPeerChannel', channelId: forCara.channelId, accessHash: forCara.accessHash });
    expect(await rpcError(cara.client.joinChat({ _: 'inputPeerChannel', channelId: forCara.channelId, accessHash: forCara.accessHash }))).to.equal('USER_ALREADY_PARTICIPANT');
    const joined = await waitFor(ann.updates, (u) => action('messageActionChatAddUser')(u) && (actionOf(u) as tl.MessageActionChatAddUser).users[0] === cara.id, 'the join');
    expect(((joined as tl.UpdateNewChannelMessage).message as tl.MessageService).fromId).to.deep.equal({ _: 'peerUser', userId: cara.id });
    await ann.client.invoke({ _: 'channels.editTitle', channel: input, title: 'Club 2' });
    expect(actionOf(await waitFor(cara.updates, action('messageActionChatEditTitle'), 'the title'))).to.deep.include({ title: 'Club 2' });
    expect(await rpcError(bob.client.invoke({ _: 'channels.editTitle', channel: h.emulator.updates.inputChannel(bob.id, channel.id), title: 'mine' }))).to.equal('CHAT_ADMIN_REQUIRED');
    await cara.client.leaveChat(markedPeerId('channel', channel.id));
    expect(actionOf(await waitFor(bob.updates, action('messageActionChatDeleteUser'), 'Cara leaving'))).to.deep.include({ userId: cara.id });
    expect(await rpcError(cara.client.sendMessage(markedPeerId('channel', channel.id), 'back?'))).to.equal('CHANNEL_PRIVATE');
  });

  it('history pages across >100 messages, both ways; dialogs page', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_ch3');
    const bob = await loginUser(h, 'Bob', 'bob_ch3');
    for (let i = 0; i < 130; i++) h.emulator.updates.sendMessage(i % 2 ? { from: bob.id, to: { user: ann.id }, text: `m${i}` } : { from: ann.id, to: { user: bob.id }, text: `m${i}` });
    await ann.client.resolvePeer('bob_ch3');
    const newest: string[] = [];
    for await (const m of ann.client.iterHistory('bob_ch3', { pageSize: 40 })) newest.push((m as tl.Message).message);
    expect(newest).to.have.length(130);
    expect(newest.slice(0, 2)).to.deep.equal(['m129', 'm128']);
    expect(newest.at(-1)).to.equal('m0');
    const oldest: string[] = [];
    for await (const m of ann.client.iterHistory('bob_ch3', { reverse: true, limit: 105 })) oldest.push((m as tl.Message).message);
    expect(oldest).to.deep.equal(Array.from({ length: 105 }, (_, i) => `m${i}`));
    const page = await ann.client.invoke({ _: 'messages.getHistory', peer: await ann.client.resolvePeer('bob_ch3'), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 500, maxId: 0, minId: 0, hash: 0n });
    expect(page).to.include({ _: 'messages.messagesSlice', count: 130 });
    expect((page as tl.messages.MessagesSlice).messages).to.have.length(100);
    // Dialogs: Ann talks with 7 others; paged 3 at a time, each once, newest first.
    const others: bigint[] = [];
    for (let i = 0; i < 6; i++) others.push(h.emulator.createUser({ phone: `+4479${String(process.pid % 10000).padStart(4, '0')}${i}00`, firstName: `P${i}` }).userId);
    for (const id of others) h.emulator.updates.sendMessage({ from: id, to: { user: ann.id }, text: `from ${id}` });
    await waitFor(ann.updates, (u) => u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === `from ${others.at(-1)}`, 'the last one');
    const seen: bigint[] = [];
    for await (const d of ann.client.iterDialogs({ pageSize: 3 })) seen.push((d.dialog.peer as tl.PeerUser).userId);
    expect(seen).to.have.length(7);
    expect(new Set(seen).size).to.equal(7);
    expect(seen.slice(0, 6)).to.deep.equal([...others].reverse());
    expect(seen.at(-1)).to.equal(bob.id);
  });

  it('typing, reactions and statuses reach the other side', async () => {
    const ann = await loginUser(h, 'Ann', 'ann_ch4');
    const bot = await loginBot(h, 'watch_ch4_bot');
    const m = await ann.client.sendMessage('watch_ch4_bot', 'react to me');
    await waitFor(bot.updates, (u) => u._ === 'updateNewMessage', 'the message');
    await ann.client.setTyping('watch_ch4_bot');
    expect(await waitFor(bot.updates, (u) => u._ === 'updateUserTyping', 'typing')).to.deep.include({ userId: ann.id, action: { _: 'sendMessageTypingAction' } });
    await ann.client.setTyping('watch_ch4_bot', 'upload-photo', { progress: 50 });
    expect(await waitFor(bot.updates, (u) => u._ === 'updateUserTyping' && u.action._ === 'sendMessageUploadPhotoAction', 'uploading')).to.deep.include({ action: { _: 'sendMessageUploadPhotoAction', progress: 50 } });
    const botCopy = (bot.updates.find((u) => u._ === 'updateNewMessage') as tl.UpdateNewMessage).message.id;
    const mine = (await bot.client.sendReaction(ann.id, botCopy, '👍')) as tl.MessageReactions;
    expect(mine.results).to.deep.equal([{ _: 'reactionCount', chosenOrder: 0, reaction: { _: 'reactionEmoji', emoticon: '👍' }, count: 1 }]);
    const seen = (await waitFor(ann.updates, (u) => u._ === 'updateMessageReactions', 'the reaction')) as tl.UpdateMessageReactions;
    expect(seen.msgId).to.equal(m.id);
    expect((seen.reactions as tl.MessageReactions).results[0]).to.deep.include({ count: 1 });
    expect((seen.reactions as tl.MessageReactions).results[0]!.chosenOrder).to.equal(undefined);
    const [stored] = await ann.client.getMessages('watch_ch4_bot', [m.id]);
    expect(((stored as tl.Message).reactions as tl.MessageReactions).results[0]).to.deep.include({ count: 1 });
    expect(await rpcError(ann.client.sendReaction('watch_ch4_bot', 9999, '👍'))).to.equal('MESSAGE_ID_INVALID');
    await ann.client.setStatus('online');
    const online = (await waitFor(bot.updates, (u) => u._ === 'updateUserStatus', 'online')) as tl.UpdateUserStatus;
    expect(online).to.include({ userId: ann.id });
    expect(online.status._).to.equal('userStatusOnline');
    await ann.client.setStatus('offline');
    const offline = (await waitFor(bot.updates, (u) => u._ === 'updateUserStatus' && u.status._ === 'userStatusOffline', 'offline')) as tl.UpdateUserStatus;
    expect((offline.status as tl.UserStatusOffline).wasOnline).to.be.a('number');
    h.emulator.updates.statuses.set(ann.id, 'lastWeek');
    await waitFor(bot.updates, (u) => u._ === 'updateUserStatus' && u.status._ === 'userStatusLastWeek', 'last week');
    expect((await ann.client.getMe()).id).to.equal(ann.id);
  });
});
