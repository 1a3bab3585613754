import { expect } from 'chai';
import {
  CHANNEL,
  CHANNEL_HASH,
  Harness,
  T0,
  channelChat,
  channelDifference,
  channelMessage,
  difference,
  message,
  peerChannel,
  serverState,
  updates,
} from './helpers.js';

const known = { [CHANNEL.toString()]: 100 };

describe('updates engine: channels', () => {
  it('applies each channel in its own pts order, apart from the common box', () => {
    const h = Harness.ready({}, known);
    h.feed(updates([channelMessage(101)], 0, { chats: [channelChat()] }));
    h.feed(updates([channelMessage(5, 5, 888n)]));
    h.feed(updates([channelMessage(102), channelMessage(6, 6, 888n)]));
    expect(h.labels()).to.deep.equal(['m101', 'm5', 'm102', 'm6']);
    expect(h.engine.state().channels).to.deep.equal({ [CHANNEL.toString()]: 102, '888': 6 });
  });

  it('fetches a channel gap with getChannelDifference from the channel pts, and releases held updates after', () => {
    const h = Harness.ready({}, known);
    h.feed(updates([channelMessage(102)], 0, { chats: [channelChat()] }));
    expect(h.emitted).to.deep.equal([]);
    h.after(500);
    const req = h.take('updates.getChannelDifference');
    expect(req.request).to.deep.equal({
      _: 'updates.getChannelDifference',
      channel: { _: 'inputChannel', channelId: CHANNEL, accessHash: CHANNEL_HASH },
      filter: { _: 'channelMessagesFilterEmpty' },
      pts: 100,
      limit: 100,
    });
    // Live updates of this channel wait for the difference; other boxes do not.
    h.feed(updates([channelMessage(103)]));
    h.feed(updates([channelMessage(1, 1, 888n)]));
    expect(h.labels()).to.deep.equal(['m1']);
    h.answer(req.id, channelDifference(101, [], { newMessages: [message(101, peerChannel(CHANNEL))] }));
    expect(h.labels()).to.deep.equal(['m1', 'm101', 'm102', 'm103']);
    expect(h.emitted.slice(1).map((e) => e.source)).to.deep.equal(['channel-difference', 'live', 'live']);
    expect(h.engine.state().channels[CHANNEL.toString()]).to.equal(103);
  });

  it('loops while the channel difference is not final, with bots fetching up to 100000', () => {
    const h = Harness.ready({ isBot: true }, known);
    h.feed({ _: 'updates', updates: [{ _: 'updateChannelTooLong', channelId: CHANNEL }], users: [], chats: [channelChat()], date: 1, seq: 0 });
    const first = h.take('updates.getChannelDifference');
    expect(first.request.limit).to.equal(100000);
    h.answer(first.id, channelDifference(102, [channelMessage(102), channelMessage(101)], { final: false }));
    const second = h.take('updates.getChannelDifference');
    expect(second.request.pts).to.equal(102);
    h.answer(second.id, channelDifference(103, [channelMessage(103)]));
    expect(h.labels()).to.deep.equal(['m101', 'm102', 'm103']);
    expect(h.requests).to.deep.equal([]);
  });

  it('starts an unknown channel from the pts of updateChannelTooLong', () => {
    const h = Harness.ready();
    h.feed(updates([{ _: 'updateChannelTooLong', channelId: CHANNEL, pts: 40 }], 0, { chats: [channelChat()] }));
    const req = h.take('updates.getChannelDifference');
    expect(req.request.pts).to.equal(40);
    h.answer(req.id, { _: 'updates.channelDifferenceEmpty', final: true, pts: 40 });
    expect(h.engine.state().channels).to.deep.equal({ [CHANNEL.toString()]: 40 });
  });

  it('accepts the first update of a channel it never saw', () => {
    const h = Harness.ready();
    h.feed(updates([channelMessage(7), channelMessage(8)]));
    expect(h.labels()).to.deep.equal(['m7', 'm8']);
    expect(h.engine.state().channels).to.deep.equal({ [CHANNEL.toString()]: 8 });
  });

  it('channelDifferenceTooLong jumps to the dialog pts and delivers only messages newer than the ones delivered', () => {
    const h = Harness.ready({}, known);
    h.feed(updates([channelMessage(101, 50)], 0, { chats: [channelChat()] }));
    h.feed(updates([{ _: 'updateChannelTooLong', channelId: CHANNEL }]));
    const req = h.take('updates.getChannelDifference');
    h.answer(req.id, {
      _: 'updates.channelDifferenceTooLong',
      final: true,
      dialog: {
        _: 'dialog',
        peer: peerChannel(CHANNEL),
        topMessage: 60,
        readInboxMaxId: 0,
        readOutboxMaxId: 0,
        unreadCount: 0,
        unreadMentionsCount: 0,
        unreadReactionsCount: 0,
        unreadPollVotesCount: 0,
        notifySettings: { _: 'peerNotifySettings' },
        pts: 9000,
      },
      messages: [message(60, peerChannel(CHANNEL)), message(49, peerChannel(CHANNEL)), message(55, peerChannel(CHANNEL))],
      chats: [],
      users: [],
    });
    expect(h.labels()).to.deep.equal(['m50', 'm55', 'm60']);
    expect(h.kinds()).to.include('channel-too-long');
    expect(h.engine.state().channels[CHANNEL.toString()]).to.equal(9000);
    h.feed(updates([channelMessage(9001, 61)]));
    expect(h.labels()).to.deep.equal(['m50', 'm55', 'm60', 'm61']);
  });

  it('getDifference reporting updateChannelTooLong leads to getChannelDifference', () => {
    const h = Harness.ready({}, known);
    h.feed({ _: 'updatesTooLong' });
    const req = h.take('updates.getDifference');
    h.answer(req.id, difference([{ _: 'updateChannelTooLong', channelId: CHANNEL }], serverState(10), { chats: [channelChat()] }));
    const ch = h.take('updates.getChannelDifference');
    expect(ch.request.pts).to.equal(100);
  });

  it('uses resolveChannel for the access hash when no chat came with the updates', () => {
    const h = Harness.ready({ resolveChannel: (id) => ({ _: 'inputChannel', channelId: id, accessHash: 42n }) }, known);
    h.feed(updates([channelMessage(102)]));
    h.after(500);
    const req = h.take('updates.getChannelDifference');
    expect(req.request.channel).to.deep.equal({ _: 'inputChannel', channelId: CHANNEL, accessHash: 42n });
  });

  it('without an access hash, delivers what it holds in pts order rather than sit on it', () => {
    const h = Harness.ready({}, known);
    h.feed(updates([channelMessage(103)]));
    h.feed(updates([channelMessage(102)]));
    h.after(500);
    expect(h.requests).to.deep.equal([]);
    expect(h.kinds()).to.include('channel-unavailable');
    expect(h.labels()).to.deep.equal(['m102', 'm103']);
    h.feed(updates([channelMessage(104)]));
    expect(h.labels()).to.deep.equal(['m102', 'm103', 'm104']);
  });

  it('forgets a channel that became private, and retries other failures with backoff', () => {
    const h = Harness.ready({}, known);
    h.feed(updates([{ _: 'updateChannelTooLong', channelId: CHANNEL }], 0, { chats: [channelChat()] }));
    const first = h.take('updates.getChannelDifference');
    const s = h.step(h.engine.reject(first.id, { errorMessage: 'INTERNAL', code: 500 }));
    expect(s.deadline).to.equal(T0 + 1000);
    h.after(999);
    expect(h.requests).to.deep.equal([]);
    h.after(1);
    const second = h.take('updates.getChannelDifference');
    h.step(h.engine.reject(second.id, { errorMessage: 'CHANNEL_PRIVATE', code: 406 }));
    expect(h.engine.state().channels).to.deep.equal({});
    expect(h.kinds()).to.include('channel-unavailable');
  });

  it('catches up the saved channels on start', () => {
    const h = new Harness({ state: { pts: 10, qts: 5, seq: 3, date: 100, channels: known }, resolveChannel: (id) => ({ _: 'inputChannel', channelId: id, accessHash: 1n }) });
    h.step(h.engine.start());
    expect(h.requests.map((r) => r.request._).sort()).to.deep.equal(['updates.getChannelDifference', 'updates.getDifference']);
  });

  it('polls an open channel every `timeout` seconds the server names', () => {
    const h = Harness.ready({}, known);
    h.feed(updates([], 0, { chats: [channelChat()] }));
    h.step(h.engine.openChannel(CHANNEL));
    const first = h.take('updates.getChannelDifference');
    h.answer(first.id, { _: 'updates.channelDifferenceEmpty', final: true, pts: 100, timeout: 30 });
    expect(h.last.deadline).to.equal(T0 + 30_000);
    h.after(30_000);
    const second = h.take('updates.getChannelDifference');
    h.engine.closeChannel(CHANNEL);
    h.answer(second.id, { _: 'updates.channelDifferenceEmpty', final: true, pts: 100, timeout: 30 });
    h.after(30_000);
    expect(h.requests).to.deep.equal([]);
  });

  it('keeps at most maxChannelRequests channel differences in flight', () => {
    const ids = [1n, 2n, 3n];
    const h = Harness.ready({ maxChannelRequests: 2, resolveChannel: (id) => ({ _: 'inputChannel', channelId: id, accessHash: 1n }) }, { 1: 10, 2: 10, 3: 10 });
    h.feed(updates(ids.map((channelId) => ({ _: 'updateChannelTooLong', channelId }) as const)));
    expect(h.requests).to.have.length(2);
    const [a] = h.requests;
    h.requests = h.requests.slice(1);
    h.answer(a!.id, { _: 'updates.channelDifferenceEmpty', final: true, pts: 10 });
    expect(h.requests).to.have.length(2);
  });
});
