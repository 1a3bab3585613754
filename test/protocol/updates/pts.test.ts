import { expect } from 'chai';
import {
  Harness,
  T0,
  deleteMessages,
  difference,
  message,
  newMessage,
  serverState,
  slice,
  updates,
  userStatus,
} from './helpers.js';

describe('updates engine: the common pts box', () => {
  it('starts without a saved state by asking for it, and asks for nothing else', () => {
    const h = new Harness();
    h.step(h.engine.start());
    const req = h.take('updates.getState');
    expect(h.requests).to.deep.equal([]);
    const s = h.answer(req.id, serverState(50, 7, 9, 123));
    expect(s.stateChanged).to.equal(true);
    expect(h.engine.state()).to.deep.equal({ pts: 50, qts: 7, seq: 9, date: 123, channels: {} });
    h.feed(updates([newMessage(51)]));
    expect(h.labels()).to.deep.equal(['m51']);
  });

  it('starts from a saved state by catching up with getDifference(pts, date, qts)', () => {
    const h = new Harness({ state: { pts: 10, qts: 5, seq: 3, date: 100, channels: {} } });
    h.step(h.engine.start());
    const req = h.take('updates.getDifference');
    expect(req.request).to.deep.equal({ _: 'updates.getDifference', pts: 10, date: 100, qts: 5 });
    h.answer(req.id, difference([newMessage(11), newMessage(12)], serverState(12, 5, 4, 150)));
    expect(h.labels()).to.deep.equal(['m11', 'm12']);
    expect(h.emitted.map((e) => e.source)).to.deep.equal(['difference', 'difference']);
    expect(h.engine.state()).to.deep.equal({ pts: 12, qts: 5, seq: 4, date: 150, channels: {} });
  });

  it('holds updates that arrive before start and applies them after catching up', () => {
    const h = new Harness({ state: { pts: 10, qts: 5, seq: 3, date: 100, channels: {} } });
    h.feed(updates([newMessage(13)]));
    expect(h.emitted).to.deep.equal([]);
    h.step(h.engine.start());
    const req = h.take('updates.getDifference');
    h.answer(req.id, difference([newMessage(11), newMessage(12)], serverState(12)));
    expect(h.labels()).to.deep.equal(['m11', 'm12', 'm13']);
  });

  it('applies updates in order and saves the state', () => {
    const h = Harness.ready();
    const s = h.feed(updates([newMessage(11), newMessage(12)]));
    expect(s.stateChanged).to.equal(true);
    h.feed(updates([deleteMessages(14, 2)]));
    expect(h.labels()).to.deep.equal(['m11', 'm12', 'd14']);
    expect(h.engine.state().pts).to.equal(14);
    expect(h.requests).to.deep.equal([]);
    expect(h.issues).to.deep.equal([]);
  });

  it('skips duplicates (local_pts + pts_count > pts)', () => {
    const h = Harness.ready();
    h.feed(updates([newMessage(11)]));
    h.feed(updates([newMessage(11)]));
    h.feed(updates([newMessage(12), newMessage(11)]));
    h.feed(updates([newMessage(12)]));
    expect(h.labels()).to.deep.equal(['m11', 'm12']);
    const s = h.feed(updates([newMessage(12)]));
    expect(s.stateChanged).to.equal(false);
  });

  it('delivers updates without pts at once, in their place', () => {
    const h = Harness.ready();
    h.feed(updates([newMessage(11), userStatus(), newMessage(12)]));
    expect(h.labels()).to.deep.equal(['m11', 'updateUserStatus', 'm12']);
  });

  it('waits for a gap to fill: a late update within 0.5 s needs no getDifference', () => {
    const h = Harness.ready();
    const s = h.feed(updates([newMessage(12)]));
    expect(h.emitted).to.deep.equal([]);
    expect(s.deadline).to.equal(T0 + 500);
    expect(h.kinds()).to.deep.equal(['gap']);
    h.after(300);
    h.feed(updates([newMessage(11)]));
    expect(h.labels()).to.deep.equal(['m11', 'm12']);
    h.after(300);
    expect(h.requests).to.deep.equal([]);
  });

  it('orders updates that come out of order inside one container', () => {
    const h = Harness.ready();
    h.feed(updates([newMessage(13), newMessage(12), newMessage(11)]));
    expect(h.labels()).to.deep.equal(['m11', 'm12', 'm13']);
  });

  it('fetches the difference when a gap does not fill, holds live updates meanwhile, then releases them in order', () => {
    const h = Harness.ready();
    h.feed(updates([newMessage(13)]));
    h.after(499);
    expect(h.requests).to.deep.equal([]);
    h.after(1);
    const req = h.take('updates.getDifference');
    expect(req.request).to.deep.equal({ _: 'updates.getDifference', pts: 10, date: 100, qts: 5 });
    // While the difference is in flight, live updates wait, even the ones that would apply.
    h.feed(updates([newMessage(14)]));
    h.feed(updates([newMessage(11)]));
    expect(h.emitted).to.deep.equal([]);
    h.answer(req.id, difference([], serverState(12), { newMessages: [message(11), message(12)] }));
    expect(h.labels()).to.deep.equal(['m11', 'm12', 'm13', 'm14']);
    expect(h.emitted.map((e) => e.update._)).to.deep.equal(['updateNewMessage', 'updateNewMessage', 'updateNewMessage', 'updateNewMessage']);
    expect(h.emitted.map((e) => e.source)).to.deep.equal(['difference', 'difference', 'live', 'live']);
    expect(h.engine.state().pts).to.equal(14);
  });

  it('loops over differenceSlice until the final difference', () => {
    const h = Harness.ready();
    h.feed({ _: 'updatesTooLong' });
    const first = h.take('updates.getDifference');
    h.answer(first.id, slice([newMessage(11), newMessage(12)], serverState(12, 6, 4, 110)));
    expect(h.labels()).to.deep.equal(['m11', 'm12']);
    const second = h.take('updates.getDifference');
    expect(second.request).to.deep.equal({ _: 'updates.getDifference', pts: 12, date: 110, qts: 6 });
    h.feed(updates([newMessage(15)]));
    h.answer(second.id, slice([newMessage(13)], serverState(13, 6, 5, 120)));
    const third = h.take('updates.getDifference');
    expect(third.request.pts).to.equal(13);
    h.answer(third.id, difference([newMessage(14)], serverState(14, 6, 5, 130)));
    expect(h.labels()).to.deep.equal(['m11', 'm12', 'm13', 'm14', 'm15']);
    expect(h.requests).to.deep.equal([]);
  });

  it('differenceTooLong moves pts, reports the hole, and fetches again from there', () => {
    const h = Harness.ready({ ptsTotalLimit: 1000 });
    h.feed({ _: 'updatesTooLong' });
    const first = h.take('updates.getDifference');
    expect(first.request.ptsTotalLimit).to.equal(1000);
    h.answer(first.id, { _: 'updates.differenceTooLong', pts: 5000 });
    expect(h.kinds()).to.include('difference-too-long');
    const second = h.take('updates.getDifference');
    expect(second.request.pts).to.equal(5000);
    h.answer(second.id, { _: 'updates.differenceEmpty', date: 300, seq: 9 });
    expect(h.engine.state()).to.include({ pts: 5000, seq: 9, date: 300 });
    h.feed(updates([newMessage(5001)]));
    expect(h.labels()).to.deep.equal(['m5001']);
  });

  it('updatesTooLong asks for the difference at once', () => {
    const h = Harness.ready();
    const s = h.feed({ _: 'updatesTooLong' });
    expect(s.requests.map((r) => r.request._)).to.deep.equal(['updates.getDifference']);
  });

  it('orders the pts updates of a difference and drops the ones already applied', () => {
    const h = Harness.ready();
    h.feed(updates([newMessage(11)]));
    h.feed({ _: 'updatesTooLong' });
    const req = h.take('updates.getDifference');
    expect(req.request.pts).to.equal(11);
    h.answer(req.id, difference([newMessage(13), userStatus(), newMessage(11), newMessage(12)], serverState(13)));
    // The pts updates are sorted among the places they hold; the others stay where they were.
    expect(h.labels()).to.deep.equal(['m11', 'updateUserStatus', 'm12', 'm13']);
  });

  it('drops a message a difference repeats after it was delivered live', () => {
    const h = Harness.ready();
    h.feed(updates([newMessage(11)]));
    h.feed({ _: 'updatesTooLong' });
    const req = h.take('updates.getDifference');
    h.answer(req.id, difference([], serverState(12), { newMessages: [message(11), message(12)] }));
    expect(h.labels()).to.deep.equal(['m11', 'm12']);
  });

  it('consumes the pts of affectedMessages results', () => {
    const h = Harness.ready();
    h.step(h.engine.applyAffected({ pts: 12, ptsCount: 2 }));
    h.feed(updates([newMessage(13)]));
    expect(h.labels()).to.deep.equal(['m13']);
    expect(h.requests).to.deep.equal([]);
  });

  it('updatePtsChanged refetches the state with getState', () => {
    const h = Harness.ready();
    h.feed(updates([{ _: 'updatePtsChanged' }, newMessage(11)]));
    const req = h.take('updates.getState');
    h.answer(req.id, serverState(500, 5, 3, 100));
    expect(h.labels()).to.deep.equal(['updatePtsChanged']);
    expect(h.kinds()).to.include('state-reset');
    h.feed(updates([newMessage(501)]));
    expect(h.labels()).to.deep.equal(['updatePtsChanged', 'm501']);
  });

  it('hands every user and chat to the peer cache, with duplicates and held updates too', () => {
    const h = Harness.ready();
    const user = { _: 'user', id: 5n, accessHash: 9n } as const;
    const s1 = h.feed(updates([newMessage(11)], 0, { users: [user] }));
    expect(s1.users).to.deep.equal([user]);
    expect(h.emitted[0]!.users).to.deep.equal([user]);
    const s2 = h.feed(updates([newMessage(11)], 0, { users: [user] }));
    expect(s2.users).to.deep.equal([user]);
    const s3 = h.feed(updates([newMessage(13)], 0, { users: [user] }));
    expect(s3.users).to.deep.equal([user]);
    expect(s3.updates).to.deep.equal([]);
  });
});
