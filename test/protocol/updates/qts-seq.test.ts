import { expect } from 'chai';
import type { tl } from '../../../src/schema/index.js';
import { Harness, botStopped, combined, difference, newMessage, serverState, updates, userStatus } from './helpers.js';

const encrypted = (qts: number): tl.UpdateNewEncryptedMessage => ({
  _: 'updateNewEncryptedMessage',
  message: { _: 'encryptedMessageService', randomId: BigInt(qts), chatId: 1, date: 1, bytes: new Uint8Array(0) },
  qts,
});

describe('updates engine: qts', () => {
  it('applies qts updates in order (local_qts + 1 == qts) and drops repeats', () => {
    const h = Harness.ready();
    h.feed(updates([botStopped(6)]));
    h.feed(updates([botStopped(6), botStopped(7)]));
    h.feed(updates([encrypted(8)]));
    expect(h.labels()).to.deep.equal(['q6', 'q7', 'updateNewEncryptedMessage']);
    expect(h.engine.state().qts).to.equal(8);
  });

  it('waits for a qts gap, then fetches the difference with the local qts', () => {
    const h = Harness.ready();
    h.feed(updates([botStopped(8)]));
    h.after(200);
    h.feed(updates([botStopped(6)]));
    expect(h.labels()).to.deep.equal(['q6']);
    h.after(500);
    const req = h.take('updates.getDifference');
    expect(req.request).to.deep.equal({ _: 'updates.getDifference', pts: 10, date: 100, qts: 6 });
    h.answer(req.id, difference([botStopped(7)], serverState(10, 7)));
    expect(h.labels()).to.deep.equal(['q6', 'q7', 'q8']);
  });

  it('keeps pts and qts independent', () => {
    const h = Harness.ready();
    h.feed(updates([botStopped(7), newMessage(11)]));
    expect(h.labels()).to.deep.equal(['m11']);
    h.feed(updates([botStopped(6)]));
    expect(h.labels()).to.deep.equal(['m11', 'q6', 'q7']);
  });
});

describe('updates engine: seq', () => {
  it('applies containers in seq order, holding one that comes early', () => {
    const h = Harness.ready();
    h.feed(updates([userStatus(1n)], 4));
    h.feed(updates([userStatus(3n)], 6));
    expect(h.emitted.map((e) => (e.update as tl.UpdateUserStatus).userId)).to.deep.equal([1n]);
    h.feed(updates([userStatus(2n)], 5));
    expect(h.emitted.map((e) => (e.update as tl.UpdateUserStatus).userId)).to.deep.equal([1n, 2n, 3n]);
    expect(h.engine.state().seq).to.equal(6);
    expect(h.engine.state().date).to.equal(200);
  });

  it('uses seq_start of updatesCombined, and skips containers already applied', () => {
    const h = Harness.ready();
    h.feed(combined([userStatus(1n), userStatus(2n)], 4, 5));
    h.feed(combined([userStatus(1n), userStatus(2n)], 4, 5));
    h.feed(updates([userStatus(3n)], 5));
    h.feed(updates([userStatus(4n)], 6));
    expect(h.emitted.map((e) => (e.update as tl.UpdateUserStatus).userId)).to.deep.equal([1n, 2n, 4n]);
  });

  it('still checks the pts of updates inside a container seen before', () => {
    const h = Harness.ready();
    h.feed(updates([newMessage(11)], 4));
    h.feed(updates([newMessage(11), newMessage(12), userStatus()], 4));
    expect(h.labels()).to.deep.equal(['m11', 'm12']);
  });

  it('ignores seq 0 (no order) and fetches the difference when a seq gap does not fill', () => {
    const h = Harness.ready();
    h.feed(updates([userStatus()], 0));
    h.feed(updates([newMessage(11)], 5));
    expect(h.labels()).to.deep.equal(['updateUserStatus']);
    h.after(500);
    const req = h.take('updates.getDifference');
    h.answer(req.id, { _: 'updates.differenceEmpty', date: 150, seq: 4 });
    expect(h.labels()).to.deep.equal(['updateUserStatus', 'm11']);
    expect(h.engine.state()).to.include({ pts: 11, seq: 5, date: 200 });
  });
});
