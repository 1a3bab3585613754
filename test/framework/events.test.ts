import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { CallbackQuery, ChatAction, InlineQuery, MessageDeleted, MessageEdited, NewMessage, PeerCache, Raw, UserStatus, chatActionKind } from '../../src/framework/events/index.js';
import { ALICE, alice, event, message, newMessage } from './fixtures.js';

const service = (action: tl.TypeMessageAction, fromId = ALICE): tl.UpdateNewMessage => ({
  _: 'updateNewMessage',
  message: { _: 'messageService', id: 2, fromId: { _: 'peerUser', userId: fromId }, peerId: { _: 'peerChat', chatId: 9n }, date: 1, action },
  pts: 1,
  ptsCount: 1,
});

describe('framework/events', () => {
  it('a new message carries its chat, sender and text, resolved from the update', () => {
    const e = newMessage('hello');
    expect(e).to.be.instanceOf(NewMessage);
    const m = e as NewMessage;
    expect([m.chatId, m.senderId, m.text, m.chatType, m.orderKey]).to.deep.equal([ALICE, ALICE, 'hello', 'private', ALICE]);
    expect(m.sender).to.equal(alice);
  });

  it('resolves the sender from the peer cache when the update came without it', () => {
    const peers = new PeerCache();
    event({ _: 'updateUserStatus', userId: ALICE, status: { _: 'userStatusRecently' } }, peers, [alice]);
    const m = event({ _: 'updateNewMessage', message: message('x'), pts: 1, ptsCount: 1 }, peers, []);
    expect(m.sender).to.equal(alice);
  });

  it('a min user never replaces a full one in the cache', () => {
    const peers = new PeerCache();
    peers.add([alice], []);
    peers.add([{ _: 'user', id: ALICE, min: true, firstName: 'min' }], []);
    expect(peers.get(ALICE)).to.equal(alice);
  });

  it('edits, deletions, callback and inline queries, statuses become their events', () => {
    expect(event({ _: 'updateEditMessage', message: message('x'), pts: 1, ptsCount: 1 })).to.be.instanceOf(MessageEdited);
    const del = event({ _: 'updateDeleteChannelMessages', channelId: 7n, messages: [1, 2], pts: 2, ptsCount: 2 }) as MessageDeleted;
    expect([del.ids, del.chatId]).to.deep.equal([[1, 2], -1_000_000_000_007n]);
    const cb = event({ _: 'updateBotCallbackQuery', queryId: 3n, userId: ALICE, peer: { _: 'peerUser', userId: ALICE }, msgId: 4, chatInstance: 5n, data: new TextEncoder().encode('vote:1') }) as CallbackQuery;
    expect(cb).to.be.instanceOf(CallbackQuery);
    expect([cb.dataText, cb.messageId, cb.chatId, cb.senderId]).to.deep.equal(['vote:1', 4, ALICE, ALICE]);
    const iq = event({ _: 'updateBotInlineQuery', queryId: 6n, userId: ALICE, query: 'cats', offset: '' }) as InlineQuery;
    expect([iq.query, iq.orderKey]).to.deep.equal(['cats', ALICE]);
    const online = event({ _: 'updateUserStatus', userId: ALICE, status: { _: 'userStatusOnline', expires: 100 } }) as UserStatus;
    expect([online.statusKind, online.onlineUntil?.getTime()]).to.deep.equal(['online', 100_000]);
    const offline = event({ _: 'updateUserStatus', userId: ALICE, status: { _: 'userStatusOffline', wasOnline: 50 } }) as UserStatus;
    expect([offline.statusKind, offline.offlineSince?.getTime()]).to.deep.equal(['offline', 50_000]);
    const kinds = (['userStatusRecently', 'userStatusLastWeek', 'userStatusLastMonth', 'userStatusEmpty'] as const).map(
      (s) => (event({ _: 'updateUserStatus', userId: ALICE, status: { _: s } as tl.TypeUserStatus }) as UserStatus).statusKind,
    );
    expect(kinds).to.deep.equal(['recently', 'withinWeek', 'withinMonth', 'hidden']);
  });

  it('service messages become chat actions: joined, left, added, removed, title, photo, pinned, and the rest', () => {
    const kind = (action: tl.TypeMessageAction, from = ALICE) => (event(service(action, from)) as ChatAction).actionKind;
    expect(kind({ _: 'messageActionChatAddUser', users: [ALICE] })).to.equal('userJoined');
    expect(kind({ _: 'messageActionChatAddUser', users: [7n] })).to.equal('userAdded');
    expect(kind({ _: 'messageActionChatDeleteUser', userId: ALICE })).to.equal('userLeft');
    expect(kind({ _: 'messageActionChatDeleteUser', userId: 7n })).to.equal('userRemoved');
    expect(kind({ _: 'messageActionChatJoinedByLink', inviterId: 7n })).to.equal('userJoined');
    expect(kind({ _: 'messageActionChatEditTitle', title: 't' })).to.equal('titleChanged');
    expect(kind({ _: 'messageActionChatDeletePhoto' })).to.equal('photoDeleted');
    expect(kind({ _: 'messageActionPinMessage' })).to.equal('pinned');
    expect(kind({ _: 'messageActionHistoryClear' })).to.equal('historyClear');
    expect(kind({ _: 'messageActionScreenshotTaken' })).to.equal('screenshotTaken');
    const added = event(service({ _: 'messageActionChatAddUser', users: [7n, 8n] })) as ChatAction;
    expect([added.userIds, added.chatId, added.chatType]).to.deep.equal([[7n, 8n], -9n, 'group']);
    expect(chatActionKind({ _: 'messageActionEmpty' }, ALICE)).to.equal(undefined);
  });

  it('anything else is Raw, with the chat and sender it names', () => {
    const raw = event({ _: 'updateUserTyping', userId: ALICE, action: { _: 'sendMessageTypingAction' } });
    expect(raw).to.be.instanceOf(Raw);
    expect([raw.senderId, raw.update._]).to.deep.equal([ALICE, 'updateUserTyping']);
    expect(event(service({ _: 'messageActionEmpty' }))).to.be.instanceOf(Raw);
  });
});
