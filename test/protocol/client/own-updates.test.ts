import { expect } from 'chai';
import type { tl } from '../../../src/schema/index.js';
import type { Client } from '../../../src/protocol/client/client.js';
import type { UpdateEvent } from '../../../src/protocol/updates/index.js';
import { markedPeerId } from '../../../src/protocol/storage/index.js';
import { useEmulator } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await sleep(10);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A client of one account: what its updates$ emitted, and the containers the server pushed to it. */
interface Watched {
  client: Client;
  seen: UpdateEvent[];
  pushes: tl.TypeUpdates[];
}

function watch(client: Client): Watched {
  const seen: UpdateEvent[] = [];
  const pushes: tl.TypeUpdates[] = [];
  client.updates$.subscribe((e) => seen.push(e));
  client.events$.subscribe((e) => {
    if (e.type === 'updates') pushes.push(e.updates);
  });
  return { client, seen, pushes };
}

/** How many times updates$ emitted a new message with this text. */
const times = (w: Watched, text: string) =>
  w.seen.filter((e) => (e.update._ === 'updateNewMessage' || e.update._ === 'updateNewChannelMessage') && e.update.message._ === 'message' && e.update.message.message === text).length;

describe('protocol/client: one\'s own actions — the answer for the calling session, pushes for the other sessions', function () {
  this.timeout(30_000);
  const h = useEmulator();
  let n = 0;
  const phone = () => `+99965${String(process.pid % 1000).padStart(3, '0')}${String(++n).padStart(4, '0')}`;

  /** The account logged in three times: A and B on two auth keys, C a second session on A's key. */
  async function threeSessions(number: string) {
    const login = async () => {
      const c = h.client({ dcId: 1 });
      await c.connect();
      const sent = await c.sendCode(number);
      await c.signIn(sent, h.emulator.lastLoginCode(number)!);
      return c;
    };
    const a = await login();
    const b = await login();
    const c = h.client({ dcId: 1, authKey: a.authKey });
    await c.connect();
    const [me] = await c.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
    c.setAuthorization({ _: 'auth.authorization', user: me! });
    await Promise.all([a.updatesReady(), b.updatesReady(), c.updatesReady()]);
    return { a: watch(a), b: watch(b), c: watch(c) };
  }

  it('A sends; its other sessions (another key, and another session of its key) get each message once; A only its answers, no getDifference', async () => {
    const number = phone();
    h.emulator.createUser({ phone: number, firstName: 'Ann', username: `own_ann_${n}`, dcId: 1 });
    const bot = h.emulator.createBot({ username: `own_bot_${n}`, dcId: 1 });
    const { a, b, c } = await threeSessions(number);
    // Everyone knows the bot, so a short message naming it needs no getDifference to learn who it is.
    for (const w of [a, b, c]) await w.client.resolvePeer(`own_bot_${n}`);
    const pushesBefore = a.pushes.length;
    const differences = h.emulator.callCount('updates.getDifference');
    // messages.createChat answers messages.invitedUsers, whose updates the client feeds to its engine like any other.
    const group = await a.client.createGroup('own', [`own_bot_${n}`]);

    const texts = ['private 1', 'group 1', 'private 2', 'group 2', 'group 3'];
    for (const text of texts) await a.client.sendMessage(text.startsWith('group') ? markedPeerId('chat', group.id) : `own_bot_${n}`, text);
    const edited = await a.client.sendMessage(markedPeerId('chat', group.id), 'to edit');
    await a.client.editMessage(markedPeerId('chat', group.id), edited.id, 'edited');
    await waitFor(() => [b, c].every((w) => [...texts, 'to edit'].every((t) => times(w, t) === 1)), 'the messages at B and C');
    await waitFor(() => [b, c].every((w) => w.seen.some((e) => e.update._ === 'updateEditMessage')), 'the edit at B and C');
    await sleep(300);

    for (const text of [...texts, 'to edit']) {
      expect(times(a, text), `A's updates$: ${text}`).to.equal(1);
      expect(times(b, text), `B's updates$: ${text}`).to.equal(1);
      expect(times(c, text), `C's updates$: ${text}`).to.equal(1);
    }
    expect(a.pushes.length, 'pushes to the calling session').to.equal(pushesBefore);
    expect(h.emulator.callCount('updates.getDifference'), 'getDifference calls').to.equal(differences);
    // A's seq followed its answers: it stands where the server's does, as do B's and C's from the pushes.
    const server = h.emulator.updates.state(a.client.self!.id);
    for (const w of [a, b, c]) expect(w.client.updatesState()).to.include({ pts: server.pts, seq: server.seq });
  });

  it('deletions and reactions: the caller gets the answer, its other sessions the push', async () => {
    const number = phone();
    h.emulator.createUser({ phone: number, firstName: 'Ann', dcId: 1 });
    h.emulator.createBot({ username: `own_bot_${n}`, dcId: 1 });
    const { a, b, c } = await threeSessions(number);
    for (const w of [a, b, c]) await w.client.resolvePeer(`own_bot_${n}`);
    const m = await a.client.sendMessage(`own_bot_${n}`, 'soon gone');
    await waitFor(() => times(b, 'soon gone') === 1 && times(c, 'soon gone') === 1, 'the message at B and C');
    const pushesBefore = a.pushes.length;
    const differences = h.emulator.callCount('updates.getDifference');

    await a.client.sendReaction(`own_bot_${n}`, m.id, '👍');
    await waitFor(() => [b, c].every((w) => w.seen.some((e) => e.update._ === 'updateMessageReactions')), 'the reaction at B and C');
    expect(await a.client.deleteMessages(`own_bot_${n}`, [m.id], { revoke: true })).to.equal(1);
    await waitFor(() => [b, c].every((w) => w.seen.some((e) => e.update._ === 'updateDeleteMessages')), 'the deletion at B and C');
    await sleep(200);

    expect(a.pushes.length, 'pushes to the calling session').to.equal(pushesBefore);
    expect(h.emulator.callCount('updates.getDifference')).to.equal(differences);
    const server = h.emulator.updates.state(a.client.self!.id);
    for (const w of [a, b, c]) expect(w.client.updatesState()).to.include({ pts: server.pts, seq: server.seq });
  });
});
