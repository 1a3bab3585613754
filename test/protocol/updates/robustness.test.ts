import { expect } from 'chai';
import { UpdatesEngine } from '../../../src/protocol/updates/engine.js';
import { UpdatesStateError, parseUpdatesState } from '../../../src/protocol/updates/state.js';
import { Harness, T0, difference, newMessage, serverState, updates } from './helpers.js';

const MINUTE = 60_000;

describe('updates engine: watchdog, retries, bad input, state', () => {
  it('asks for the difference after 15 minutes without any update, to catch a stream that silently stopped', () => {
    const h = Harness.ready();
    expect(h.last.deadline).to.equal(T0 + 15 * MINUTE);
    h.after(10 * MINUTE);
    h.feed(updates([newMessage(11)]));
    h.after(10 * MINUTE);
    expect(h.requests).to.deep.equal([]);
    h.after(5 * MINUTE);
    const req = h.take('updates.getDifference');
    expect(req.request.pts).to.equal(11);
    h.answer(req.id, difference([newMessage(12)], serverState(12)));
    expect(h.labels()).to.deep.equal(['m11', 'm12']);
    expect(h.last.deadline).to.equal(h.clock.t + 15 * MINUTE);
  });

  it('checks a quiet channel after 15 minutes too', () => {
    const h = Harness.ready({ resolveChannel: (id) => ({ _: 'inputChannel', channelId: id, accessHash: 1n }) }, { 777: 100 });
    h.after(15 * MINUTE);
    expect(h.requests.map((r) => r.request._).sort()).to.deep.equal(['updates.getChannelDifference', 'updates.getDifference']);
  });

  it('leaves quiet channels alone when channelIdleTimeoutMs is Infinity', () => {
    const h = Harness.ready({ channelIdleTimeoutMs: Infinity, resolveChannel: (id) => ({ _: 'inputChannel', channelId: id, accessHash: 1n }) }, { 777: 100 });
    h.after(15 * MINUTE);
    expect(h.requests.map((r) => r.request._)).to.deep.equal(['updates.getDifference']);
  });

  it('sends a request again when the driver never answers it, and ignores the late answer', () => {
    const h = Harness.ready({ requestTimeoutMs: 30_000 });
    h.feed({ _: 'updatesTooLong' });
    const first = h.take('updates.getDifference');
    h.after(30_000);
    expect(h.kinds()).to.include('request-timeout');
    const second = h.take('updates.getDifference');
    expect(second.id).to.not.equal(first.id);
    h.answer(first.id, difference([newMessage(11)], serverState(11)));
    expect(h.emitted).to.deep.equal([]);
    expect(h.kinds()).to.include('stale-result');
    h.answer(second.id, difference([newMessage(11)], serverState(11)));
    expect(h.labels()).to.deep.equal(['m11']);
  });

  it('retries a failed getDifference with backoff, waiting out FLOOD_WAIT', () => {
    const h = Harness.ready();
    h.feed({ _: 'updatesTooLong' });
    const first = h.take('updates.getDifference');
    let s = h.step(h.engine.reject(first.id, new Error('connection closed')));
    expect(s.deadline).to.equal(T0 + 1000);
    h.after(1000);
    const second = h.take('updates.getDifference');
    s = h.step(h.engine.reject(second.id, { errorMessage: 'FLOOD_WAIT_7' }));
    expect(s.deadline).to.equal(h.clock.t + 7000);
    h.after(7000);
    h.take('updates.getDifference');
  });

  it('falls back to getState when the server refuses our pts (PERSISTENT_TIMESTAMP_INVALID)', () => {
    const h = Harness.ready();
    h.feed({ _: 'updatesTooLong' });
    const first = h.take('updates.getDifference');
    h.step(h.engine.reject(first.id, { errorMessage: 'PERSISTENT_TIMESTAMP_INVALID' }));
    const req = h.take('updates.getState');
    h.answer(req.id, serverState(70));
    expect(h.engine.state().pts).to.equal(70);
    expect(h.kinds()).to.include('state-reset');
  });

  it('stops asking when the session is revoked', () => {
    const h = Harness.ready();
    h.feed({ _: 'updatesTooLong' });
    const first = h.take('updates.getDifference');
    const s = h.step(h.engine.reject(first.id, { errorMessage: 'AUTH_KEY_UNREGISTERED' }));
    expect(h.engine.stopped).to.match(/AUTH_KEY_UNREGISTERED/);
    expect(s.deadline).to.equal(undefined);
    h.after(60 * MINUTE);
    expect(h.requests).to.deep.equal([]);
    // Input is no longer held for answers that will not come.
    h.feed(updates([newMessage(11)]));
    expect(h.labels()).to.deep.equal(['m11']);
  });

  it('reports malformed input and keeps working', () => {
    const h = Harness.ready();
    const bad: unknown[] = [
      null,
      42,
      'updates',
      { _: 'updates' },
      { _: 'updates', updates: 'no', users: [], chats: [], date: 1, seq: 0 },
      { _: 'updates', updates: [null, { _: 'updateNewMessage', message: {}, pts: 'x', ptsCount: 1 }], users: [], chats: [], date: 1, seq: 0 },
      { _: 'updates', updates: [{ _: 'updateNewChannelMessage', message: { _: 'message', id: 1 }, pts: 5, ptsCount: 1 }], users: [], chats: [], date: 1, seq: 0 },
      { _: 'updates', updates: [{ _: 'updateBotStopped', qts: -1 }], users: [], chats: [], date: 1, seq: 0 },
      { _: 'updateShortMessage', id: 1, pts: 11 },
      { _: 'updateShort', update: newMessage(11) },
      { _: 'messages.affectedMessages', pts: 1, ptsCount: 1 },
    ];
    for (const b of bad) h.feed(b);
    expect(h.emitted).to.deep.equal([]);
    expect(h.kinds().every((k) => k === 'malformed')).to.equal(true);
    expect(h.issues.length).to.be.at.least(bad.length);
    h.step(h.engine.applyAffected({ pts: 'x' } as never));
    h.step(h.engine.resolve(12345, { _: 'updates.state' }));
    expect(h.kinds()).to.include('stale-result');
    h.feed(updates([newMessage(11)]));
    expect(h.labels()).to.deep.equal(['m11']);
  });

  it('reports a malformed difference and asks again', () => {
    const h = Harness.ready();
    h.feed({ _: 'updatesTooLong' });
    const first = h.take('updates.getDifference');
    h.answer(first.id, { _: 'updates.difference', otherUpdates: 'nope' });
    expect(h.kinds()).to.include('malformed');
    h.after(1000);
    const second = h.take('updates.getDifference');
    h.answer(second.id, difference([newMessage(11)], serverState(11)));
    expect(h.labels()).to.deep.equal(['m11']);
  });

  it('reports a malformed getState answer under its own name, and asks again', () => {
    const h = new Harness({ catchUpChannels: false });
    h.step(h.engine.start());
    const first = h.take('updates.getState');
    h.answer(first.id, { _: 'updates.state', pts: 'nope' });
    const failed = h.issues.find((i) => i.kind === 'request-failed');
    expect(failed).to.include({ method: 'updates.getState' });
    h.after(1000);
    h.answer(h.take('updates.getState').id, serverState(10));
    expect(h.engine.state()).to.include({ pts: 10 });
  });

  it('exports a JSON-safe state that a new engine resumes from without losing or repeating updates', () => {
    const h = Harness.ready({}, { 777: 100 });
    h.feed(updates([newMessage(11), { _: 'updateNewChannelMessage', message: { _: 'message', id: 3, peerId: { _: 'peerChannel', channelId: 777n }, date: 1, message: '' }, pts: 101, ptsCount: 1 }], 4));
    const json = JSON.stringify(h.saved);
    expect(JSON.parse(json)).to.deep.equal({ pts: 11, qts: 5, seq: 4, date: 200, channels: { 777: 101 } });

    const again = new Harness({ state: JSON.parse(json), catchUpChannels: false });
    again.step(again.engine.start());
    const req = again.take('updates.getDifference');
    expect(req.request).to.deep.equal({ _: 'updates.getDifference', pts: 11, date: 200, qts: 5 });
    again.answer(req.id, difference([newMessage(11), newMessage(12)], serverState(12)));
    expect(again.labels()).to.deep.equal(['m12']);
  });

  it('validates a saved state, and an engine given a bad one starts afresh with getState', () => {
    expect(() => parseUpdatesState({ pts: 1, qts: 0, seq: 0 })).to.throw(UpdatesStateError, /date/);
    expect(() => parseUpdatesState({ pts: 1, qts: 0, seq: 0, date: 0, channels: { abc: 1 } })).to.throw(UpdatesStateError, /channel id/);
    expect(() => parseUpdatesState('x')).to.throw(UpdatesStateError);
    const engine = new UpdatesEngine({ now: () => T0, state: { pts: -4 } as never });
    const s = engine.start();
    expect(s.issues.map((i) => i.kind)).to.deep.equal(['state-reset', 'fetching']);
    expect(s.requests.map((r) => r.request._)).to.deep.equal(['updates.getState']);
  });

  it('never throws, even when resolveChannel does', () => {
    const h = Harness.ready(
      {
        resolveChannel: () => {
          throw new Error('store closed');
        },
      },
      { 777: 100 },
    );
    h.feed(updates([{ _: 'updateChannelTooLong', channelId: 777n }]));
    expect(h.kinds()).to.include('internal');
    expect(h.kinds()).to.include('channel-unavailable');
  });
});
