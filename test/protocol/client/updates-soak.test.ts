import { expect } from 'chai';
import { Client } from '../../../src/protocol/client/client.js';
import type { UpdateEvent, UpdatesState } from '../../../src/protocol/updates/index.js';
import type { PeerRef } from '../../../src/emulator/index.js';
import { useEmulator } from './harness.js';
import { MemorySessionStore, SqliteSessionStore, type SessionStore } from '../../../src/protocol/storage/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../../src/emulator/seeded-random.js';

/** A message as it reached updates$: its chat (`u<id>`, `c<id>`, `C<id>`), its id there, its text. */
interface Seen {
  peer: string;
  id: number;
  text: string;
  source: UpdateEvent['source'];
}

function seenOf(e: UpdateEvent): Seen | undefined {
  const u = e.update;
  if (u._ !== 'updateNewMessage' && u._ !== 'updateNewChannelMessage') return undefined;
  const m = u.message;
  if (m._ !== 'message') return undefined;
  const p = m.peerId;
  const peer = p._ === 'peerUser' ? `u${p.userId}` : p._ === 'peerChat' ? `c${p.chatId}` : `C${p.channelId}`;
  return { peer, id: m.id, text: m.message, source: e.source };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


/** Waits on real time until `check` holds, or fails with `what` and the detail `explain` gives. */
async function waitFor(check: () => boolean, what: string, ms: number, explain: () => string = () => ''): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${ms} ms${explain() ? `: ${explain()}` : ''}`);
    await sleep(10);
  }
}

describe('protocol/client: updates through the wire, against the emulator\'s logs and delivery faults', function () {
  this.timeout(120_000);
  const h = useEmulator();
  let dir: string;
  before(() => void (dir = mkdtempSync(join(tmpdir(), 'layer-soak-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const phone = () => `+99968${String(process.pid % 1000).padStart(3, '0')}${String(++n).padStart(4, '0')}`;
  const user = (firstName = 'Ann') => h.emulator.createUser({ phone: phone(), firstName, dcId: 1 }).userId;

  /** A bot logged in through the real Client, its updates engine running and holding a state. */
  async function startBot(options: { updates?: { state?: UpdatesState; onState?(s: UpdatesState): void }; session?: SessionStore } = {}) {
    const created = h.emulator.createBot({ username: `soak_bot_${++n}`, dcId: 2 });
    const client = h.client({ dcId: 2, ...options });
    const seen: Seen[] = [];
    const other: UpdateEvent[] = [];
    client.updates$.subscribe((e) => {
      const s = seenOf(e);
      if (s) seen.push(s);
      else other.push(e);
    });
    await client.signInBot(created.token);
    await waitFor(() => (client.updatesState()?.pts ?? 0) > 0, 'the engine\'s first state', 10_000);
    return { client, botId: created.userId, token: created.token, seen, other };
  }

  const calls = (method: string) => h.emulator.callCount(method);

  it('a skipped pts: the client waits for the hole, calls getDifference, and the update arrives once', async () => {
    const { botId, seen } = await startBot();
    const ann = user();
    const before = calls('updates.getDifference');
    h.emulator.updates.skipPts({ user: botId });
    const sent = h.emulator.updates.sendMessage({ from: ann, to: { user: botId }, text: 'after a hole' });
    await waitFor(() => seen.length === 1, 'the message', 5_000);
    expect(seen[0]).to.deep.equal({ peer: `u${ann}`, id: sent.ids.get(botId), text: 'after a hole', source: 'difference' });
    expect(calls('updates.getDifference')).to.be.greaterThan(before);
    await sleep(600);
    expect(seen).to.have.length(1);
  });

  it('a short message from a user the client cannot address is fetched with getDifference, which brings the user', async () => {
    const { client, botId, seen, other } = await startBot();
    const stranger = user('Stranger');
    const users: bigint[] = [];
    client.updates$.subscribe((e) => users.push(...e.users.map((u) => u.id)));
    const before = calls('updates.getDifference');
    h.emulator.updates.sendMessage({ from: stranger, to: { user: botId }, text: 'who am I' });
    await waitFor(() => seen.length === 1, 'the message', 5_000);
    expect(seen[0]).to.include({ text: 'who am I', source: 'difference' });
    expect(calls('updates.getDifference')).to.be.greaterThan(before);
    expect(users).to.include(stranger);
    // Now known: the next short message is taken as it comes.
    h.emulator.updates.sendMessage({ from: stranger, to: { user: botId }, text: 'again' });
    await waitFor(() => seen.length === 2, 'the second message', 5_000);
    expect(seen[1]).to.include({ text: 'again', source: 'live' });
    expect(other).to.deep.equal([]);
  });

  it('updatesTooLong: getDifference at once, and the update arrives once', async () => {
    const { botId, seen } = await startBot();
    const ann = user();
    h.emulator.faults.updates.next('tooLong');
    h.emulator.updates.sendMessage({ from: ann, to: { user: botId }, text: 'too long' });
    await waitFor(() => seen.length === 1, 'the message', 5_000);
    expect(seen[0]).to.include({ text: 'too long', source: 'difference' });
  });

  it('withheld, then released: the update arrives once, live if released in time, from the difference if not', async () => {
    const { botId, seen } = await startBot();
    const ann = user();
    // The bot meets Ann first (a full update brings her), so her short messages can be taken live.
    h.emulator.updates.post({ from: ann, to: { user: botId }, content: { text: 'hello' } });
    await waitFor(() => seen.length === 1, 'hello', 5_000);
    seen.splice(0);
    // Released before anything else comes: it simply arrives, live.
    h.emulator.faults.updates.next('withhold');
    h.emulator.updates.sendMessage({ from: ann, to: { user: botId }, text: 'w1' });
    await sleep(100);
    expect(seen).to.have.length(0);
    expect(h.emulator.faults.updates.release()).to.equal(1);
    await waitFor(() => seen.length === 1, 'w1', 5_000);
    expect(seen[0]).to.include({ text: 'w1', source: 'live' });

    // Withheld while later ones arrive: the gap is filled by getDifference; the late push is a repeat.
    const before = calls('updates.getDifference');
    h.emulator.faults.updates.next('withhold');
    h.emulator.updates.sendMessage({ from: ann, to: { user: botId }, text: 'w2' });
    h.emulator.updates.sendMessage({ from: ann, to: { user: botId }, text: 'w3' });
    await waitFor(() => seen.length === 3, 'w2 and w3', 5_000);
    expect(calls('updates.getDifference')).to.be.greaterThan(before);
    expect(h.emulator.faults.updates.release()).to.equal(1);
    await sleep(300);
    expect(seen.map((s) => s.text)).to.deep.equal(['w1', 'w2', 'w3']);
  });

  it('channel gaps go through getChannelDifference: a dropped push, and updateChannelTooLong', async () => {
    const { botId, seen } = await startBot();
    const ann = user();
    const { channelId } = h.emulator.updates.createChannel({ creator: ann, title: 'news', members: [botId] });
    const to = { channel: channelId };
    h.emulator.updates.sendMessage({ from: ann, to, text: 'c1' });
    await waitFor(() => seen.length === 1, 'c1', 5_000);
    const before = calls('updates.getChannelDifference');
    const common = calls('updates.getDifference');

    h.emulator.faults.updates.next('drop');
    h.emulator.updates.sendMessage({ from: ann, to, text: 'c2' });
    h.emulator.updates.sendMessage({ from: ann, to, text: 'c3' });
    await waitFor(() => seen.length === 3, 'c2 and c3', 5_000);
    expect(calls('updates.getChannelDifference')).to.equal(before + 1);

    h.emulator.faults.updates.next('channelTooLong');
    h.emulator.updates.sendMessage({ from: ann, to, text: 'c4' });
    await waitFor(() => seen.length === 4, 'c4', 5_000);
    expect(calls('updates.getChannelDifference')).to.equal(before + 2);
    expect(calls('updates.getDifference')).to.equal(common);
    expect(seen.map((s) => [s.peer, s.id, s.text])).to.deep.equal([1, 2, 3, 4].map((i) => [`C${channelId}`, i, `c${i}`]));
  });

  it('history the server forgot: differenceTooLong is reported as a hole and the stream goes on; channelDifferenceTooLong brings the latest messages', async () => {
    const { client, botId, seen } = await startBot();
    const issues: string[] = [];
    client.events$.subscribe((e) => {
      if (e.type === 'updates-issue') issues.push(e.issue.kind);
    });
    const ann = user();
    const { channelId } = h.emulator.updates.createChannel({ creator: ann, title: 'c', members: [botId] });
    const channel = { channel: channelId };
    h.emulator.updates.sendMessage({ from: ann, to: channel, text: 'c0' });
    await waitFor(() => seen.length === 1, 'c0', 5_000);

    // The common box: ten messages the client never hears of, then forgotten by the server.
    h.emulator.faults.updates.next('withhold', 10);
    for (let i = 1; i <= 10; i++) h.emulator.updates.sendMessage({ from: ann, to: { user: botId }, text: `p${i}` });
    h.emulator.updates.forgetHistory({ user: botId }, 2);
    h.emulator.updates.sendMessage({ from: ann, to: { user: botId }, text: 'p11' });
    await waitFor(() => issues.includes('difference-too-long'), 'differenceTooLong', 5_000);
    h.emulator.updates.sendMessage({ from: ann, to: { user: botId }, text: 'p12' });
    await waitFor(() => seen.some((s) => s.text === 'p12'), 'p12', 5_000);

    // A channel: the same, but channelDifferenceTooLong carries the channel's latest messages.
    h.emulator.faults.updates.next('withhold', 5);
    for (let i = 1; i <= 5; i++) h.emulator.updates.sendMessage({ from: ann, to: channel, text: `c${i}` });
    h.emulator.updates.forgetHistory(channel, 1);
    h.emulator.updates.sendMessage({ from: ann, to: channel, text: 'c6' });
    await waitFor(() => seen.some((s) => s.text === 'c6'), 'c6', 5_000);
    expect(issues).to.include('channel-too-long');
    expect(seen.filter((s) => s.peer === `C${channelId}`).map((s) => s.text)).to.deep.equal(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    h.emulator.faults.updates.release();
    await sleep(200);
    expect(seen.filter((s) => s.peer === `C${channelId}`)).to.have.length(7);
  });

  it('duplicates and reorders alone are absorbed live: each update once, in order, without asking for the difference', async () => {
    const { botId, seen } = await startBot();
    const ann = user();
    const { chatId } = h.emulator.updates.createChat({ creator: ann, title: 'g', members: [botId] });
    const { channelId } = h.emulator.updates.createChannel({ creator: ann, title: 'c', members: [botId] });
    const targets: PeerRef[] = [{ user: botId }, { chat: chatId }, { channel: channelId }];
    const keys = [`u${ann}`, `c${chatId}`, `C${channelId}`];
    const sent: string[] = [];
    const send = (i: number) => {
      const text = `d${sent.length}`;
      const r = h.emulator.updates.sendMessage({ from: ann, to: targets[i]!, text });
      sent.push(`${keys[i]}:${i === 2 ? r.id : r.ids.get(botId)}:${text}`);
    };
    for (let i = 0; i < 3; i++) send(i);
    await waitFor(() => seen.length === 3, 'the warm-up', 5_000);
    const differences = calls('updates.getDifference') + calls('updates.getChannelDifference');
    const duplicatesBefore = h.emulator.faults.updates.applied.duplicate;
    Object.assign(h.emulator.faults.updates, { duplicate: 0.1, reorder: 0.1, reorderWindow: 3, reorderMs: 30 });
    const pick = seededRandom(3);
    for (let k = 0; k < 20; k++) {
      for (let j = 0; j < 50; j++) send(Math.floor(pick() * 3));
      await sleep(10);
    }
    await waitFor(() => seen.length >= sent.length, 'every update', 20_000);
    await sleep(300);
    expect(seen.map((s) => `${s.peer}:${s.id}:${s.text}`)).to.have.members(sent).and.have.length(sent.length);
    for (const key of keys) {
      const ids = seen.filter((s) => s.peer === key).map((s) => s.id);
      expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
    }
    expect(h.emulator.faults.updates.applied.duplicate - duplicatesBefore).to.be.greaterThan(50);
    // A held push comes back within 30 ms, well inside the client's 0.5 s wait for a hole.
    expect(seen.filter((s) => s.source === 'live').length).to.be.greaterThan(0.9 * sent.length);
    expect(calls('updates.getDifference') + calls('updates.getChannelDifference') - differences).to.be.at.most(3);
  });

  /** Closes `client` and starts another on the same auth key, logged in, its engine resuming from `state`. */
  /** A new process: the client and its SQLite session closed, the file reopened, the login and updates resumed from it. */
  async function restart(client: Client, store: SqliteSessionStore, file: string, onEvent: (e: UpdateEvent) => void): Promise<{ client: Client; store: SqliteSessionStore }> {
    await client.close();
    await store.close();
    const reopened = await SqliteSessionStore.open(file);
    const next = h.client({ session: reopened });
    next.updates$.subscribe(onEvent);
    await next.connect();
    return { client: next, store: reopened };
  }

  it('after a restart from the session store, a channel that stayed quiet is caught up with getChannelDifference', async () => {
    const store = new MemorySessionStore();
    const first = await startBot({ session: store });
    const ann = user();
    const { channelId } = h.emulator.updates.createChannel({ creator: ann, title: 'quiet', members: [first.botId] });
    h.emulator.updates.sendMessage({ from: ann, to: { channel: channelId }, text: 'before' });
    await waitFor(() => first.seen.length === 1, 'the first message', 5_000);
    await waitFor(() => store.channelPts(channelId) === 2, 'the channel pts saved', 5_000);
    await first.client.close();
    h.emulator.updates.sendMessage({ from: ann, to: { channel: channelId }, text: 'while away' });

    // A new process: the same store, nothing else carried over.
    const next = h.client({ dcId: 1, session: store });
    next.updates$.subscribe((e) => {
      const s = seenOf(e);
      if (s) first.seen.push(s);
    });
    await next.connect();
    expect(next.self?.id, 'the login resumed from the store').to.equal(first.botId);
    await waitFor(() => first.seen.length === 2, 'the message sent while the client was away', 5_000);
    expect(first.seen[1]).to.include({ text: 'while away', source: 'channel-difference' });
  });

  interface Soak {
    /** How many messages, warm-up and final ones included. */
    total: number;
    /** faults.updates knobs for the body of the run. */
    faults: Partial<Record<'drop' | 'duplicate' | 'reorder' | 'withhold' | 'skipPts' | 'tooLong' | 'channelTooLong', number>>;
    seed: number;
    /** Chunks (of 100 messages) after which to close every connection, and to restart the client. */
    disconnects: number[];
    restart?: number;
    /** Every chunk, release what `withhold` held. */
    release?: boolean;
    /** Send every other chunk in batches of 5 (`updatesCombined`). */
    batches?: boolean;
  }

  /**
   * Logs a bot in, then sends `total` messages over 10 private chats, 10 basic
   * groups and 5 megagroups while the faults play, and checks that updates$
   * delivered each exactly once, in order per chat. Returns a line for the log.
   */
  async function soak(o: Soak): Promise<string> {
    const started = Date.now();
    const emulator = h.emulator;
    // SOAK_SEED replays another run (the seed picks the faults and the chats).
    const seed = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : o.seed;
    emulator.faults.updates.seed = seed;
    const appliedBefore = { ...emulator.faults.updates.applied };
    const callsBefore = { diff: calls('updates.getDifference'), channel: calls('updates.getChannelDifference') };
    const file = join(dir, `soak-${seed}.session`);
    let store = await SqliteSessionStore.open(file);
    const first = await startBot({ session: store });
    const botId = first.botId;
    const seen: Seen[] = first.seen;

    // 10 private chats, 10 basic groups, 5 megagroups; each with its own author.
    const targets: { to: PeerRef; from: bigint; key: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const from = user(`P${i}`);
      targets.push({ to: { user: botId }, from, key: `u${from}` });
    }
    for (let i = 0; i < 10; i++) {
      const from = user(`G${i}`);
      const { chatId } = emulator.updates.createChat({ creator: from, title: `group ${i}`, members: [botId, user(`M${i}`)] });
      targets.push({ to: { chat: chatId }, from, key: `c${chatId}` });
    }
    for (let i = 0; i < 5; i++) {
      const from = user(`C${i}`);
      const { channelId } = emulator.updates.createChannel({ creator: from, title: `channel ${i}`, members: [botId] });
      targets.push({ to: { channel: channelId }, from, key: `C${channelId}` });
    }

    const pick = seededRandom(seed);
    const paceMs = Number(process.env.SOAK_PACE_MS ?? 20);
    const sent: Seen[] = [];
    const send = (t: (typeof targets)[number]) => {
      const text = `m${sent.length}`;
      const r = emulator.updates.sendMessage({ from: t.from, to: t.to, text });
      sent.push({ peer: t.key, id: 'channel' in t.to ? r.id : r.ids.get(botId)!, text, source: 'live' });
    };
    const randomTarget = () => targets[Math.floor(pick() * targets.length)]!;
    const explain = () =>
      `${seen.length} of ${sent.length} seen; faults ${JSON.stringify(emulator.faults.updates.applied)}; ` +
      `getDifference ${calls('updates.getDifference')}, getChannelDifference ${calls('updates.getChannelDifference')}`;

    // Warm-up, faults off: every chat and channel is known to the client (a channel's first
    // update starts its sequence, so it must not be one that was reordered).
    for (const t of targets) send(t);
    await waitFor(() => seen.length === sent.length, 'the warm-up', 10_000, explain);

    Object.assign(emulator.faults.updates, { reorderWindow: 3, reorderMs: 30, ...o.faults });
    let client = first.client;
    const body = o.total - 2 * targets.length;
    const chunk = 100;
    const events: string[] = [];
    for (let i = 0, step = 0; i < body; i += chunk, step++) {
      if (o.disconnects.includes(step)) {
        emulator.faults.closeConnections();
        events.push(`disconnect at ${sent.length}`);
      }
      if (o.restart === step) {
        // Restart from the SQLite session: same auth key, the update state and peers it saved last.
        const keys = emulator.authKeyCount;
        ({ client, store } = await restart(client, store, file, (e) => {
          const s = seenOf(e);
          if (s) seen.push(s);
        }));
        expect(emulator.authKeyCount, 'no new auth key').to.equal(keys);
        events.push(`restart at ${sent.length} from pts ${store.updateState()?.pts}`);
      }
      const count = Math.min(chunk, body - i);
      if (o.batches && step % 2 === 1) {
        for (let k = 0; k < count; k += 5) emulator.updates.batch(() => Array.from({ length: Math.min(5, count - k) }, () => send(randomTarget())));
      } else {
        for (let k = 0; k < count; k++) send(randomTarget());
      }
      if (o.release) emulator.faults.updates.release();
      await sleep(paceMs);
    }

    // Faults off (held pushes go out now), and one last message per chat and channel, which
    // shows the client any hole still open at the end of each sequence.
    emulator.faults.updates.reset();
    for (const t of targets) send(t);
    expect(sent).to.have.length(o.total);
    await waitFor(() => seen.length >= sent.length, 'every update', 90_000, explain);
    await sleep(700); // a late repeat would show up now
    const elapsed = Date.now() - started;

    // Exactly once: the multiset of (chat, id, text) is what was sent.
    const key = (s: Seen) => `${s.peer}:${s.id}:${s.text}`;
    const counts = new Map<string, number>();
    for (const s of seen) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
    const repeated = [...counts].filter(([, c]) => c > 1);
    expect(repeated, 'delivered more than once').to.deep.equal([]);
    expect([...counts.keys()].sort()).to.deep.equal(sent.map(key).sort());
    // In order per chat and channel: ids strictly increase.
    const last = new Map<string, number>();
    for (const s of seen) {
      const prev = last.get(s.peer) ?? 0;
      expect(s.id, `${s.peer}: ${s.id} after ${prev}`).to.be.greaterThan(prev);
      last.set(s.peer, s.id);
    }
    const applied = Object.fromEntries(Object.entries(emulator.faults.updates.applied).map(([k, v]) => [k, v - appliedBefore[k as keyof typeof appliedBefore]]));
    for (const [kind, p] of Object.entries(o.faults)) if (p > 0) expect(applied[kind], `${kind} applied`).to.be.greaterThan(0);
    await client.close();
    await store.close();
    const bySource = { live: 0, difference: 0, 'channel-difference': 0 };
    for (const s of seen) bySource[s.source]++;
    return (
      `${o.total} updates in ${elapsed} ms (seed ${seed}); faults ${JSON.stringify(applied)}; ${events.join(', ')}; ` +
      `getDifference ${calls('updates.getDifference') - callsBefore.diff}, getChannelDifference ${calls('updates.getChannelDifference') - callsBefore.channel}; ` +
      `by source ${JSON.stringify(bySource)}`
    );
  }

  it('soak: 10,000 updates over 20 chats and 5 channels, 5 % dropped, duplicated and reordered, two disconnects and a restart from the SQLite session: each arrives once, in order', async () => {
    const line = await soak({ total: 10_000, seed: 20_261_124, faults: { drop: 0.05, duplicate: 0.05, reorder: 0.05 }, disconnects: [25, 75], restart: 50 });
    console.log(`      soak: ${line}`);
  });

  it('every fault at once, with updatesCombined batches: 3,000 updates, each once, in order', async () => {
    const line = await soak({
      total: 3_000,
      seed: 11,
      faults: { drop: 0.03, duplicate: 0.03, reorder: 0.03, withhold: 0.02, skipPts: 0.02, tooLong: 0.01, channelTooLong: 0.02 },
      disconnects: [10],
      restart: 20,
      release: true,
      batches: true,
    });
    console.log(`      mixed: ${line}`);
  });
});
