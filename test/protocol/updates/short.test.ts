import { expect } from 'chai';
import type { tl } from '../../../src/schema/index.js';
import { Harness, SELF, newMessage, peerUser, updates, userStatus } from './helpers.js';

const shortMessage = (pts: number, out = false): tl.UpdateShortMessage => ({
  _: 'updateShortMessage',
  out,
  id: pts,
  userId: 5n,
  message: `hi ${pts}`,
  pts,
  ptsCount: 1,
  date: 300,
});

describe('updates engine: short updates', () => {
  it('turns updateShortMessage into updateNewMessage, with the direction from `out`', () => {
    const h = Harness.ready();
    h.feed(shortMessage(11));
    h.feed(shortMessage(12, true));
    const [incoming, outgoing] = h.emitted.map((e) => e.update as tl.UpdateNewMessage);
    expect(incoming).to.deep.equal({
      _: 'updateNewMessage',
      message: { _: 'message', id: 11, fromId: peerUser(5n), peerId: peerUser(5n), date: 300, message: 'hi 11' },
      pts: 11,
      ptsCount: 1,
    });
    expect(outgoing!.message).to.deep.equal({ _: 'message', out: true, id: 12, fromId: peerUser(SELF), peerId: peerUser(5n), date: 300, message: 'hi 12' });
  });

  it('turns updateShortChatMessage into updateNewMessage in the basic group', () => {
    const h = Harness.ready();
    h.feed({ _: 'updateShortChatMessage', id: 7, fromId: 5n, chatId: 9n, message: 'yo', pts: 11, ptsCount: 1, date: 300, mentioned: true } satisfies tl.UpdateShortChatMessage);
    expect((h.emitted[0]!.update as tl.UpdateNewMessage).message).to.deep.equal({
      _: 'message',
      mentioned: true,
      id: 7,
      fromId: peerUser(5n),
      peerId: { _: 'peerChat', chatId: 9n },
      date: 300,
      message: 'yo',
    });
  });

  it('orders short updates by pts like the others', () => {
    const h = Harness.ready();
    h.feed(shortMessage(12));
    h.feed(updates([newMessage(11)]));
    expect(h.labels()).to.deep.equal(['m11', 'm12']);
  });

  it('rebuilds updateShortSentMessage from the request that sent it', () => {
    const h = Harness.ready();
    const request: tl.messages.SendMessageRequest = {
      _: 'messages.sendMessage',
      peer: { _: 'inputPeerUser', userId: 5n, accessHash: 1n },
      message: 'sent',
      randomId: 1n,
      replyTo: { _: 'inputReplyToMessage', replyToMsgId: 3 },
    };
    h.feed({ _: 'updateShortSentMessage', out: true, id: 40, pts: 11, ptsCount: 1, date: 301 } satisfies tl.UpdateShortSentMessage, request);
    expect(h.emitted[0]!.update).to.deep.equal({
      _: 'updateNewMessage',
      message: {
        _: 'message',
        out: true,
        id: 40,
        fromId: peerUser(SELF),
        peerId: peerUser(5n),
        replyTo: { _: 'messageReplyHeader', replyToMsgId: 3 },
        date: 301,
        message: 'sent',
      },
      pts: 11,
      ptsCount: 1,
    });
  });

  it('without the request, updateShortSentMessage still consumes its pts', () => {
    const h = Harness.ready();
    h.feed({ _: 'updateShortSentMessage', out: true, id: 40, pts: 11, ptsCount: 1, date: 301 });
    h.feed(updates([newMessage(12)]));
    expect(h.labels()).to.deep.equal(['m12']);
    expect(h.requests).to.deep.equal([]);
  });

  it('delivers the update of updateShort, checking its pts if it has one', () => {
    const h = Harness.ready();
    h.feed({ _: 'updateShort', update: userStatus(), date: 300 });
    h.feed({ _: 'updateShort', update: newMessage(11), date: 300 });
    h.feed({ _: 'updateShort', update: newMessage(11), date: 300 });
    expect(h.labels()).to.deep.equal(['updateUserStatus', 'm11']);
  });
});
