import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { startEmulator, UpdateFaults, type Emulator } from '../../src/emulator/index.js';
import { API, expectRpcError, Links, sendCodeRequest, until, type RawLink } from './helpers.js';

/** A logged-in bot on a raw link (DC 1), and its id. */
interface Bot {
  link: RawLink;
  id: bigint;
}

const getDifference = (pts: number, qts = 0, extra: Partial<tl.updates.GetDifferenceRequest> = {}): tl.updates.GetDifferenceRequest => ({
  _: 'updates.getDifference',
  pts,
  date: 0,
  qts,
  ...extra,
});

const channelDifference = (channel: tl.TypeInputChannel, pts: number, limit = 100): tl.updates.GetChannelDifferenceRequest => ({
  _: 'updates.getChannelDifference',
  channel,
  filter: { _: 'channelMessagesFilterEmpty' },
  pts,
  limit,
});

const texts = (messages: tl.TypeMessage[]) => messages.map((m) => (m._ === 'message' ? m.message : m._));

describe('emulator: updates — the logs, getDifference and getChannelDifference, delivery faults', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  const links = new Links(() => emulator);
  let n = 0;

  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    emulator.faults.reset();
    emulator.updates.logLimit = 100_000;
    emulator.updates.differenceLimit = 100;
    await links.closeAll();
  });
  after(() => emulator.close());

  async function bot(): Promise<Bot> {
    const created = emulator.createBot({ username: `upd_bot_${++n}`, dcId: 1 });
    const link = await links.raw(1);
    await link.invoke({ _: 'auth.importBotAuthorization', flags: 0, ...API, botAuthToken: created.token });
    return { link, id: created.userId };
  }

  const phone = () => `+99967${String(process.pid % 1000).padStart(3, '0')}${String(++n).padStart(4, '0')}`;
  const user = (firstName = 'Ann') => emulator.createUser({ phone: phone(), firstName, dcId: 1 }).userId;

  /** A logged-in user on a raw link (DC 1). */
  async function loggedInUser(): Promise<Bot> {
    const number = phone();
    const { userId } = emulator.createUser({ phone: number, firstName: 'Uma', dcId: 1 });
    const link = await links.raw(1);
    const sent = (await link.invoke(sendCodeRequest(number))) as tl.auth.SentCode;
    await link.invoke({ _: 'auth.signIn', phoneNumber: number, phoneCodeHash: sent.phoneCodeHash, phoneCode: emulator.lastLoginCode(number) });
    return { link, id: userId };
  }

  describe('private chats and basic groups (the common box)', () => {
    it('a private message: updateShortMessage with the next pts, listed by getDifference as a message', async () => {
      const b = await bot();
      const ann = user('Ann');
      const sent = emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'hello' });
      await until(() => b.link.updates.length === 1, 'the push');
      expect(b.link.updates[0]).to.include({ _: 'updateShortMessage', out: false, id: sent.ids.get(b.id), userId: ann, message: 'hello', pts: 2, ptsCount: 1, date: sent.date });
      expect(await b.link.invoke({ _: 'updates.getState' })).to.include({ pts: 2, qts: 0, seq: 0 });

      const d = await b.link.invoke(getDifference(1));
      if (d._ !== 'updates.difference') throw new Error(`expected updates.difference, got ${d._}`);
      expect(d.newMessages).to.have.length(1);
      expect(d.newMessages[0]).to.deep.include({ _: 'message', id: 1, out: false, fromId: { _: 'peerUser', userId: ann }, peerId: { _: 'peerUser', userId: ann }, message: 'hello' });
      expect(d.otherUpdates).to.deep.equal([]);
      expect(d.users.map((u) => u.id)).to.deep.equal([ann]);
      expect(d.state).to.include({ pts: 2, qts: 0, seq: 0 });

      const empty = await b.link.invoke(getDifference(2));
      expect(empty).to.include({ _: 'updates.differenceEmpty', seq: 0 });
    });

    it('each account numbers its own messages; a basic group goes out as `updates` with seq, chats and users', async () => {
      const a = await bot();
      const b = await bot();
      const ann = user('Ann');
      emulator.updates.sendMessage({ from: ann, to: { user: a.id }, text: 'only to a' });
      const { chatId } = emulator.updates.createChat({ creator: ann, title: 'group', members: [a.id, b.id] });
      const sent = emulator.updates.sendMessage({ from: ann, to: { chat: chatId }, text: 'to all' });
      expect(sent.ids.get(a.id)).to.equal(2);
      expect(sent.ids.get(b.id)).to.equal(1);
      await until(() => a.link.updates.length === 2 && b.link.updates.length === 1, 'the pushes');
      const pushed = b.link.updates[0]!;
      if (pushed._ !== 'updates') throw new Error(`expected updates, got ${pushed._}`);
      expect(pushed.seq).to.equal(1);
      expect(pushed.updates[0]).to.deep.include({ _: 'updateNewMessage', pts: 2, ptsCount: 1 });
      expect((pushed.updates[0] as tl.UpdateNewMessage).message).to.deep.include({ id: 1, peerId: { _: 'peerChat', chatId }, fromId: { _: 'peerUser', userId: ann }, message: 'to all' });
      expect(pushed.chats).to.have.length(1);
      expect(pushed.chats[0]).to.include({ _: 'chat', id: chatId, title: 'group', participantsCount: 3 });
      expect(pushed.users.map((u) => u.id)).to.deep.equal([ann]);
      expect(a.link.updates[1]).to.include({ _: 'updates', seq: 1 });
    });

    it('edits and deletions are events too: updateEditMessage (seq) and updateDeleteMessages (updateShort), listed in pts order', async () => {
      const b = await bot();
      const ann = user();
      const m1 = emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'one' });
      const m2 = emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'two' });
      emulator.updates.editMessage({ from: ann, to: { user: b.id }, id: m1.id, text: 'one, edited' });
      emulator.updates.deleteMessages({ from: ann, to: { user: b.id }, ids: [m1.id, m2.id] });
      await until(() => b.link.updates.length === 4, 'the pushes');
      const [, , edit, del] = b.link.updates;
      expect(edit).to.include({ _: 'updates', seq: 1 });
      expect((edit as tl.Updates).updates[0]).to.deep.include({ _: 'updateEditMessage', pts: 4, ptsCount: 1 });
      expect((edit as tl.Updates).updates[0]).to.have.nested.property('message.message', 'one, edited');
      expect(del).to.deep.include({ _: 'updateShort', update: { _: 'updateDeleteMessages', messages: [m1.ids.get(b.id), m2.ids.get(b.id)], pts: 6, ptsCount: 2 } });

      const d = await b.link.invoke(getDifference(1));
      if (d._ !== 'updates.difference') throw new Error(`expected updates.difference, got ${d._}`);
      expect(texts(d.newMessages)).to.deep.equal(['one', 'two']);
      expect(d.otherUpdates.map((u) => [u._, (u as { pts: number }).pts])).to.deep.equal([
        ['updateEditMessage', 4],
        ['updateDeleteMessages', 6],
      ]);
      expect(d.state).to.include({ pts: 6, seq: 1 });
    });

    it('a long difference comes in slices of differenceLimit, each with its intermediate_state', async () => {
      const b = await bot();
      const ann = user();
      emulator.updates.differenceLimit = 10;
      for (let i = 0; i < 25; i++) emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: `m${i}` });
      const seen: string[] = [];
      const kinds: string[] = [];
      let pts = 1;
      for (;;) {
        const d = await b.link.invoke(getDifference(pts));
        kinds.push(d._);
        if (d._ === 'updates.differenceSlice') {
          seen.push(...texts(d.newMessages));
          expect(d.intermediateState.pts).to.equal(pts + 10);
          pts = d.intermediateState.pts;
        } else if (d._ === 'updates.difference') {
          seen.push(...texts(d.newMessages));
          expect(d.state.pts).to.equal(26);
          break;
        } else throw new Error(`unexpected ${d._}`);
      }
      expect(kinds).to.deep.equal(['updates.differenceSlice', 'updates.differenceSlice', 'updates.difference']);
      expect(seen).to.deep.equal(Array.from({ length: 25 }, (_, i) => `m${i}`));
    });

    it('differenceTooLong: from a pts older than the log keeps, or past pts_total_limit', async () => {
      const b = await bot();
      const ann = user();
      for (let i = 0; i < 10; i++) emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: `m${i}` });
      expect(await b.link.invoke(getDifference(1, 0, { ptsTotalLimit: 5 }))).to.deep.equal({ _: 'updates.differenceTooLong', pts: 11 });
      expect(await b.link.invoke(getDifference(1, 0, { ptsTotalLimit: 10 }))).to.include({ _: 'updates.difference' });
      emulator.updates.forgetHistory({ user: b.id }, 4);
      expect(await b.link.invoke(getDifference(6))).to.deep.equal({ _: 'updates.differenceTooLong', pts: 11 });
      const d = await b.link.invoke(getDifference(7));
      if (d._ !== 'updates.difference') throw new Error(`expected updates.difference, got ${d._}`);
      expect(texts(d.newMessages)).to.deep.equal(['m6', 'm7', 'm8', 'm9']);
      // logLimit does the same as the log grows.
      emulator.updates.logLimit = 3;
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'm10' });
      expect(await b.link.invoke(getDifference(8))).to.deep.equal({ _: 'updates.differenceTooLong', pts: 12 });
      expect(await b.link.invoke(getDifference(9))).to.include({ _: 'updates.difference' });
    });

    it('qts: updateBotStopped goes in the bot\'s qts sequence, and getDifference lists it by qts', async () => {
      const b = await bot();
      const ann = user();
      emulator.updates.botStopped({ bot: b.id, user: ann });
      await until(() => b.link.updates.length === 1, 'the push');
      expect(b.link.updates[0]).to.include({ _: 'updates', seq: 1 });
      expect((b.link.updates[0] as tl.Updates).updates[0]).to.include({ _: 'updateBotStopped', userId: ann, stopped: true, qts: 1 });
      const d = await b.link.invoke(getDifference(1, 0));
      if (d._ !== 'updates.difference') throw new Error(`expected updates.difference, got ${d._}`);
      expect(d.otherUpdates).to.have.length(1);
      expect(d.otherUpdates[0]).to.include({ _: 'updateBotStopped', qts: 1 });
      expect(d.state).to.include({ pts: 1, qts: 1, seq: 1 });
      expect(await b.link.invoke(getDifference(1, 1))).to.include({ _: 'updates.differenceEmpty' });
    });

    it('batch: what one account gets goes out as one updatesCombined, seq_start..seq, short forms made full', async () => {
      const b = await bot();
      const ann = user();
      const { chatId } = emulator.updates.createChat({ creator: ann, title: 'g', members: [b.id] });
      emulator.updates.batch(() => {
        emulator.updates.sendMessage({ from: ann, to: { chat: chatId }, text: 'g1' });
        emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'p1' });
        emulator.updates.sendMessage({ from: ann, to: { chat: chatId }, text: 'g2' });
      });
      await until(() => b.link.updates.length === 1, 'the combined push');
      const c = b.link.updates[0]!;
      if (c._ !== 'updatesCombined') throw new Error(`expected updatesCombined, got ${c._}`);
      expect([c.seqStart, c.seq]).to.deep.equal([1, 3]);
      expect(c.updates.map((u) => [(u as tl.UpdateNewMessage).message._ === 'message' && ((u as tl.UpdateNewMessage).message as tl.Message).message, (u as tl.UpdateNewMessage).pts])).to.deep.equal([
        ['g1', 2],
        ['p1', 3],
        ['g2', 4],
      ]);
    });

    it('test API input is checked: unknown accounts, non-members, someone else\'s message', () => {
      const ann = user();
      const bob = user('Bob');
      const { chatId } = emulator.updates.createChat({ creator: ann, title: 'g' });
      expect(() => emulator.updates.sendMessage({ from: 42n, to: { user: ann }, text: 'x' })).to.throw(/no account 42/);
      expect(() => emulator.updates.sendMessage({ from: bob, to: { chat: chatId }, text: 'x' })).to.throw(/not a member/);
      const m = emulator.updates.sendMessage({ from: ann, to: { user: bob }, text: 'x' });
      expect(() => emulator.updates.editMessage({ from: bob, to: { user: ann }, id: m.ids.get(bob)!, text: 'y' })).to.throw(/did not write/);
      expect(() => emulator.updates.createChannel({ creator: ann, title: '' })).to.throw(TypeError, /title/);
      expect(() => emulator.updates.skipPts({ user: ann }, 0)).to.throw(RangeError);
    });
  });

  describe('channels', () => {
    async function channelWith(b: Bot, members: bigint[] = []) {
      const ann = user();
      const { channelId } = emulator.updates.createChannel({ creator: ann, title: 'news', members: [b.id, ...members] });
      return { ann, channelId, input: emulator.updates.inputChannel(b.id, channelId) };
    }

    it('a channel message: `updates` with seq 0 and the channel\'s own pts; chats carry the channel with its access hash', async () => {
      const b = await bot();
      const { ann, channelId, input } = await channelWith(b);
      const sent = emulator.updates.sendMessage({ from: ann, to: { channel: channelId }, text: 'c1' });
      expect(sent.id).to.equal(1);
      await until(() => b.link.updates.length === 1, 'the push');
      const u = b.link.updates[0] as tl.Updates;
      expect(u).to.include({ _: 'updates', seq: 0 });
      expect(u.updates[0]).to.deep.include({ _: 'updateNewChannelMessage', pts: 2, ptsCount: 1 });
      expect(u.chats[0]).to.include({ _: 'channel', id: channelId, accessHash: input.accessHash, megagroup: true, title: 'news' });
      // The common box did not move.
      expect(await b.link.invoke({ _: 'updates.getState' })).to.include({ pts: 1, seq: 0 });
      expect(emulator.updates.channelPts(channelId)).to.equal(2);
    });

    it('getChannelDifference: channelDifference (final), empty at the pts, non-final past `limit`', async () => {
      const b = await bot();
      const { ann, channelId, input } = await channelWith(b);
      for (const text of ['c1', 'c2', 'c3']) emulator.updates.sendMessage({ from: ann, to: { channel: channelId }, text });
      emulator.updates.sendMessage({ from: b.id, to: { channel: channelId }, text: 'mine' });
      emulator.updates.editMessage({ from: ann, to: { channel: channelId }, id: 1, text: 'c1!' });
      emulator.updates.deleteMessages({ from: ann, to: { channel: channelId }, ids: [2] });

      const d = await b.link.invoke(channelDifference(input, 1));
      if (d._ !== 'updates.channelDifference') throw new Error(`expected channelDifference, got ${d._}`);
      expect(d).to.include({ final: true, pts: 7, timeout: 30 });
      expect(texts(d.newMessages)).to.deep.equal(['c1', 'c2', 'c3', 'mine']);
      expect(d.newMessages.map((m) => (m as tl.Message).out)).to.deep.equal([false, false, false, true]);
      expect(d.otherUpdates.map((u) => u._)).to.deep.equal(['updateEditChannelMessage', 'updateDeleteChannelMessages']);
      expect(d.otherUpdates[1]).to.deep.include({ channelId, messages: [2], pts: 7, ptsCount: 1 });
      expect(d.chats[0]).to.include({ id: channelId });

      expect(await b.link.invoke(channelDifference(input, 7))).to.deep.include({ _: 'updates.channelDifferenceEmpty', final: true, pts: 7 });
      const part = await b.link.invoke(channelDifference(input, 1, 2));
      expect(part).to.include({ _: 'updates.channelDifference', final: false, pts: 3 });
      const rest = await b.link.invoke(channelDifference(input, 3, 2));
      expect(rest).to.include({ _: 'updates.channelDifference', final: false, pts: 5 });
    });

    it('channelDifferenceTooLong from a pts the log no longer keeps: the dialog with the pts and the latest messages', async () => {
      const b = await bot();
      const { ann, channelId, input } = await channelWith(b);
      for (let i = 1; i <= 6; i++) emulator.updates.sendMessage({ from: ann, to: { channel: channelId }, text: `c${i}` });
      emulator.updates.forgetHistory({ channel: channelId }, 2);
      const d = await b.link.invoke(channelDifference(input, 3, 3));
      if (d._ !== 'updates.channelDifferenceTooLong') throw new Error(`expected channelDifferenceTooLong, got ${d._}`);
      expect(d.dialog).to.deep.include({ _: 'dialog', peer: { _: 'peerChannel', channelId }, topMessage: 6, pts: 7 });
      expect(texts(d.messages)).to.deep.equal(['c6', 'c5', 'c4']);
      expect(d.users.map((u) => u.id)).to.deep.equal([ann]);
      expect(await b.link.invoke(channelDifference(input, 5))).to.include({ _: 'updates.channelDifference', pts: 7 });
    });

    it('errors: a wrong access hash, a channel one is not in, a pts of 0 or ahead of the channel', async () => {
      const b = await bot();
      const outsider = await bot();
      const { channelId, input } = await channelWith(b);
      await expectRpcError(b.link.invoke(channelDifference({ ...input, accessHash: input.accessHash + 1n }, 1)), 400, 'CHANNEL_INVALID');
      await expectRpcError(b.link.invoke(channelDifference({ _: 'inputChannel', channelId: 5n, accessHash: 0n }, 1)), 400, 'CHANNEL_INVALID');
      await expectRpcError(outsider.link.invoke(channelDifference(emulator.updates.inputChannel(outsider.id, channelId), 1)), 400, 'CHANNEL_PRIVATE');
      await expectRpcError(b.link.invoke(channelDifference(input, 0)), 400, 'PERSISTENT_TIMESTAMP_EMPTY');
      await expectRpcError(b.link.invoke(channelDifference(input, 9)), 400, 'PERSISTENT_TIMESTAMP_INVALID');
    });

    it('a broadcast channel: posts without from_id; users get at most 100 per call, bots 100,000', async () => {
      const b = await bot();
      const u = await loggedInUser();
      const ann = user();
      const { channelId } = emulator.updates.createChannel({ creator: ann, title: 'feed', members: [b.id, u.id], broadcast: true });
      for (let i = 0; i < 120; i++) emulator.updates.sendMessage({ from: ann, to: { channel: channelId }, text: `p${i}` });
      const d = await b.link.invoke(channelDifference(emulator.updates.inputChannel(b.id, channelId), 1, 1_000_000));
      if (d._ !== 'updates.channelDifference') throw new Error(`expected channelDifference, got ${d._}`);
      expect(d).to.include({ final: true, pts: 121 });
      expect(d.newMessages).to.have.length(120);
      expect(d.newMessages[0]).to.include({ post: true, fromId: undefined });
      expect(d.chats[0]).to.include({ broadcast: true, megagroup: false });
      const forUser = await u.link.invoke(channelDifference(emulator.updates.inputChannel(u.id, channelId), 1, 1_000_000));
      expect(forUser).to.include({ _: 'updates.channelDifference', final: false, pts: 101 });
    });
  });

  describe('delivery faults (emulator.faults.updates)', () => {
    it('drop: not pushed, yet getDifference lists it', async () => {
      const b = await bot();
      const ann = user();
      emulator.faults.updates.next('drop');
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'lost' });
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'after' });
      await until(() => b.link.updates.length === 1, 'the second push');
      expect(b.link.updates[0]).to.include({ message: 'after', pts: 3 });
      const d = (await b.link.invoke(getDifference(1))) as tl.updates.Difference;
      expect(texts(d.newMessages)).to.deep.equal(['lost', 'after']);
      expect(emulator.faults.updates.applied.drop).to.be.at.least(1);
    });

    it('duplicate: pushed twice; reorder: the held one follows a later push', async () => {
      const b = await bot();
      const ann = user();
      emulator.faults.updates.reorderWindow = 1;
      emulator.faults.updates.next('duplicate');
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'twice' });
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'between' });
      await until(() => b.link.updates.length === 3, 'three pushes');
      expect(b.link.updates.map((u) => (u as tl.UpdateShortMessage).message)).to.deep.equal(['twice', 'between', 'twice']);

      b.link.updates.length = 0;
      emulator.faults.updates.next('reorder');
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'first' });
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'second' });
      await until(() => b.link.updates.length === 2, 'two pushes');
      expect(b.link.updates.map((u) => (u as tl.UpdateShortMessage).message)).to.deep.equal(['second', 'first']);
    });

    it('reorder without a later push: the held one goes out after reorderMs', async () => {
      const b = await bot();
      const ann = user();
      emulator.faults.updates.reorderMs = 30;
      emulator.faults.updates.next('reorder');
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'late' });
      expect(emulator.faults.updates.heldCount).to.equal(1);
      await until(() => b.link.updates.length === 1, 'the late push');
      expect(emulator.faults.updates.heldCount).to.equal(0);
    });

    it('withhold: held until release(), then pushed in order', async () => {
      const b = await bot();
      const ann = user();
      emulator.faults.updates.next('withhold', 2);
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'w1' });
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'w2' });
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'free' });
      await until(() => b.link.updates.length === 1, 'the free push');
      await new Promise((r) => setTimeout(r, 50));
      expect(b.link.updates).to.have.length(1);
      expect(emulator.faults.updates.release()).to.equal(2);
      await until(() => b.link.updates.length === 3, 'the released pushes');
      expect(b.link.updates.map((u) => (u as tl.UpdateShortMessage).message)).to.deep.equal(['free', 'w1', 'w2']);
    });

    it('skipPts: pts moves on with nothing to show, in the push or in the difference', async () => {
      const b = await bot();
      const ann = user();
      emulator.updates.skipPts({ user: b.id }, 2);
      emulator.faults.updates.next('skipPts');
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'after the hole' });
      await until(() => b.link.updates.length === 1, 'the push');
      expect(b.link.updates[0]).to.include({ pts: 5, ptsCount: 1 });
      const d = (await b.link.invoke(getDifference(1))) as tl.updates.Difference;
      expect(texts(d.newMessages)).to.deep.equal(['after the hole']);
      expect(d.otherUpdates).to.deep.equal([]);
      expect(d.state.pts).to.equal(5);
    });

    it('tooLong: updatesTooLong instead of a common-box push; channelTooLong: updateChannelTooLong naming where to start', async () => {
      const b = await bot();
      const ann = user();
      const { channelId } = emulator.updates.createChannel({ creator: ann, title: 'c', members: [b.id] });
      emulator.faults.updates.next('channelTooLong');
      emulator.faults.updates.next('tooLong');
      emulator.updates.sendMessage({ from: ann, to: { channel: channelId }, text: 'c1' });
      emulator.updates.sendMessage({ from: ann, to: { user: b.id }, text: 'p1' });
      await until(() => b.link.updates.length === 2, 'two pushes');
      const [channel, common] = b.link.updates as [tl.Updates, tl.TypeUpdates];
      expect(channel.updates[0]).to.deep.equal({ _: 'updateChannelTooLong', channelId, pts: 1 });
      expect(channel.chats[0]).to.include({ id: channelId });
      expect(common).to.deep.equal({ _: 'updatesTooLong' });
    });

    it('probabilities draw from a seeded generator: the same seed, the same faults', () => {
      const run = (seed: number) => {
        const faults = new UpdateFaults(seed);
        const got: string[] = [];
        faults.bind((_, u) => got.push(u._ === "updateShort" ? `${u.date}` : u._));
        Object.assign(faults, { drop: 0.2, duplicate: 0.1, withhold: 0.1, tooLong: 0.05 });
        for (let i = 0; i < 200; i++) faults.push(1n, { _: 'updateShort', update: { _: 'updateConfig' }, date: i }, { kind: 'common' }, i);
        faults.close();
        return { got, applied: { ...faults.applied } };
      };
      const a = run(7);
      expect(run(7)).to.deep.equal(a);
      expect(run(8).got).to.not.deep.equal(a.got);
      expect(a.applied.drop).to.be.within(20, 60);
      expect(a.applied.withhold).to.be.within(5, 40);
    });
  });
});
