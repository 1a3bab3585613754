/**
 * A long stream of updates across the common pts box, qts and three
 * channels, delivered reordered, duplicated and partly dropped, with requests
 * answered late or failing: what comes out must be exactly the stream, in
 * order within each box. The clock is the test's; seeds make failures replay.
 */
import { expect } from 'chai';
import type { tl } from '../../../src/schema/index.js';
import { UpdatesEngine } from '../../../src/protocol/updates/engine.js';
import type { PendingRequest, UpdateEvent, UpdatesState, UpdatesStep } from '../../../src/protocol/updates/types.js';
import { FakeClock, SELF, botStopped, channelChat, channelMessage, deleteMessages, label, newMessage, prng } from './helpers.js';

const CHANNELS = [501n, 502n, 503n];
const hashOf = (id: bigint) => id * 7n;

interface Entry {
  start: number;
  end: number;
  update: tl.TypeUpdate;
}

/** The server side: the full history, from which it answers getDifference and getChannelDifference. */
class World {
  pts = 10;
  qts = 5;
  seq = 3;
  date = 100;
  readonly common: Entry[] = [];
  readonly secret: Entry[] = [];
  readonly channels = new Map<bigint, { pts: number; log: Entry[]; nextId: number }>(CHANNELS.map((id) => [id, { pts: 0, log: [], nextId: 1 }]));
  /** What each box must deliver, in order. */
  readonly expected = new Map<string, string[]>();
  private nextId = 1000;
  /** Containers sent and not yet delivered. */
  readonly network: unknown[] = [];

  constructor(private readonly rng: () => number) {}

  private expect(box: string, key: string): void {
    const list = this.expected.get(box) ?? [];
    list.push(key);
    this.expected.set(box, list);
  }

  private container(list: tl.TypeUpdate[], chats: tl.TypeChat[] = [], ordered = true): tl.Updates {
    return { _: 'updates', updates: list, users: [], chats, date: ordered ? ++this.date : this.date, seq: ordered ? ++this.seq : 0 };
  }

  generate(): void {
    const r = this.rng();
    if (r < 0.45) {
      const list: tl.TypeUpdate[] = [];
      for (let n = this.rng() < 0.2 ? 2 : 1; n > 0; n--) {
        const u = newMessage(++this.pts, this.nextId++);
        this.common.push({ start: this.pts - 1, end: this.pts, update: u });
        this.expect('p', label(u));
        list.push(u);
      }
      if (list.length === 1 && this.rng() < 0.3) {
        const u = list[0] as tl.UpdateNewMessage;
        this.network.push({ _: 'updateShortMessage', id: u.message.id, userId: 5n, message: `m${u.message.id}`, pts: u.pts, ptsCount: 1, date: 1 });
      } else {
        this.network.push(this.container(list));
      }
    } else if (r < 0.55) {
      this.pts += 2;
      const u = deleteMessages(this.pts, 2);
      this.common.push({ start: this.pts - 2, end: this.pts, update: u });
      this.expect('p', label(u));
      this.network.push(this.container([u]));
    } else if (r < 0.65) {
      const u = botStopped(++this.qts);
      this.secret.push({ start: this.qts - 1, end: this.qts, update: u });
      this.expect('q', label(u));
      this.network.push(this.container([u]));
    } else {
      const id = CHANNELS[Math.floor(this.rng() * CHANNELS.length)]!;
      const ch = this.channels.get(id)!;
      const u = channelMessage(++ch.pts, ch.nextId++, id);
      ch.log.push({ start: ch.pts - 1, end: ch.pts, update: u });
      this.expect(`c${id}`, label(u));
      this.network.push(this.container([u], [channelChat(id, hashOf(id))], false));
    }
  }

  answer(request: PendingRequest['request']): unknown {
    switch (request._) {
      case 'updates.getState':
        return { _: 'updates.state', pts: this.pts, qts: this.qts, seq: this.seq, date: this.date, unreadCount: 0 };
      case 'updates.getDifference': {
        const room = 1 + Math.floor(this.rng() * 8);
        const common = this.common.filter((e) => e.end > request.pts);
        const secret = this.secret.filter((e) => e.end > request.qts);
        if (common.length + secret.length === 0) return { _: 'updates.differenceEmpty', date: this.date, seq: this.seq };
        const c = common.slice(0, room);
        const s = secret.slice(0, Math.max(0, room - c.length));
        const final = c.length === common.length && s.length === secret.length;
        const state = {
          _: 'updates.state',
          pts: final ? this.pts : (c.at(-1)?.end ?? request.pts),
          qts: final ? this.qts : (s.at(-1)?.end ?? request.qts),
          seq: this.seq,
          date: this.date,
          unreadCount: 0,
        };
        const body = { newMessages: [], newEncryptedMessages: [], otherUpdates: [...c, ...s].map((e) => e.update), chats: [], users: [] };
        return final ? { _: 'updates.difference', ...body, state } : { _: 'updates.differenceSlice', ...body, intermediateState: state };
      }
      case 'updates.getChannelDifference': {
        const channel = request.channel as tl.InputChannel;
        expect(channel.accessHash).to.equal(hashOf(channel.channelId));
        const ch = this.channels.get(channel.channelId)!;
        const after = ch.log.filter((e) => e.end > request.pts);
        if (after.length === 0) return { _: 'updates.channelDifferenceEmpty', final: true, pts: ch.pts };
        const part = after.slice(0, Math.min(request.limit, 1 + Math.floor(this.rng() * 5)));
        const final = part.length === after.length;
        return { _: 'updates.channelDifference', final, pts: part.at(-1)!.end, newMessages: [], otherUpdates: part.map((e) => e.update), chats: [], users: [] };
      }
    }
  }
}

function boxOf(e: UpdateEvent): string {
  const u = e.update;
  if (u._ === 'updateNewChannelMessage') return `c${(u.message as tl.Message).peerId._ === 'peerChannel' ? ((u.message as tl.Message).peerId as tl.PeerChannel).channelId : '?'}`;
  if (u._ === 'updateBotStopped') return 'q';
  return 'p';
}

interface Faults {
  /** Updates lost, delivered twice. */
  drop: number;
  duplicate: number;
  /** Requests that fail, or are never answered (the engine re-sends them after a timeout). */
  fail: number;
  lose?: number;
  /** The client restarts from its saved state at these rounds; reconnects (catchUp) with this chance per round. */
  restartAt?: number[];
  reconnect?: number;
}

function run(seed: number, events: number, faults: Faults) {
  const rng = prng(seed);
  const world = new World(rng);
  const clock = new FakeClock();
  // The client knows each channel's pts (from getDialogs) and access hash (its peer cache): the
  // first update of a channel whose pts is unknown can only be taken as the start of its sequence.
  const open = (state: UpdatesState) =>
    new UpdatesEngine({
      now: clock.now,
      selfId: SELF,
      maxChannelRequests: 2,
      requestTimeoutMs: 5_000,
      state,
      resolveChannel: (channelId) => ({ _: 'inputChannel', channelId, accessHash: hashOf(channelId) }),
    });
  let saved: UpdatesState = { pts: 10, qts: 5, seq: 3, date: 100, channels: Object.fromEntries(CHANNELS.map((id) => [id.toString(), 0])) };
  let engine = open(saved);
  const out: UpdateEvent[] = [];
  let inflight: (PendingRequest & { due: number })[] = [];
  let deadline: number | undefined;
  let round = 0;
  let requests = 0;
  let restarts = 0;
  const absorb = (s: UpdatesStep) => {
    out.push(...s.updates);
    if (s.stateChanged) saved = engine.state();
    for (const r of s.requests) {
      if (rng() >= (faults.lose ?? 0)) inflight.push({ ...r, due: round + Math.floor(rng() * 4) });
    }
    requests += s.requests.length;
    deadline = s.deadline;
  };
  const answerDue = (all: boolean) => {
    const due = inflight.filter((r) => all || r.due <= round);
    inflight = inflight.filter((r) => !due.includes(r));
    for (const r of due) {
      if (rng() < faults.fail) absorb(engine.reject(r.id, { errorMessage: 'INTERNAL', code: 500 }));
      else absorb(engine.resolve(r.id, world.answer(r.request)));
    }
  };
  const deliver = () => {
    const net = world.network;
    const [c] = net.splice(Math.floor(rng() * Math.min(4, net.length)), 1);
    const p = rng();
    if (p < faults.drop) return;
    absorb(engine.feed(c));
    if (p > 1 - faults.duplicate) net.splice(Math.floor(rng() * (net.length + 1)), 0, c);
  };

  absorb(engine.start());
  for (round = 0; round < events; round++) {
    world.generate();
    for (let n = Math.floor(rng() * 3); n > 0 && world.network.length > 0; n--) deliver();
    answerDue(false);
    clock.advance(Math.floor(rng() * 150));
    if (deadline !== undefined && deadline <= clock.t) absorb(engine.tick());
    if (rng() < (faults.reconnect ?? 0)) absorb(engine.catchUp());
    if (faults.restartAt?.includes(round)) {
      // A new process: what was held in memory and the requests in flight are gone; the saved state is not.
      restarts++;
      inflight = [];
      engine = open(JSON.parse(JSON.stringify(saved)) as UpdatesState);
      absorb(engine.start());
    }
  }
  while (world.network.length > 0) deliver();
  const total = [...world.expected.values()].reduce((n, l) => n + l.length, 0);
  for (let settle = 0; settle < 500 && (out.length < total || inflight.length > 0); settle++) {
    round++;
    answerDue(true);
    if (inflight.length > 0) continue;
    clock.t = Math.max(clock.t + 1, deadline ?? clock.t + 60_000);
    absorb(engine.tick());
  }

  const boxes = new Map<string, string[]>();
  for (const e of out) {
    const list = boxes.get(boxOf(e)) ?? [];
    list.push(label(e));
    boxes.set(boxOf(e), list);
  }
  for (const [box, keys] of world.expected) expect(boxes.get(box) ?? [], `box ${box}, seed ${seed}`).to.deep.equal(keys);
  expect(out.length, `seed ${seed}: delivered count`).to.equal(total);
  const final = engine.state();
  expect(final.pts, `seed ${seed}`).to.equal(world.pts);
  expect(final.qts, `seed ${seed}`).to.equal(world.qts);
  return { requests, restarts };
}

/** More seeds on demand: `UPDATES_SEEDS=500 npx mocha ...property.test.js`; `UPDATES_SEED=n` replays one. */
const SEEDS = process.env.UPDATES_SEED
  ? [Number(process.env.UPDATES_SEED)]
  : Array.from({ length: Number(process.env.UPDATES_SEEDS ?? 8) }, (_, i) => i + 1);

describe('updates engine: property, a shuffled, duplicated, lossy stream', () => {
  for (const seed of SEEDS) {
    it(`delivers exactly the stream, in order per box (seed ${seed})`, () => {
      run(seed, 1500, { drop: 0.05, duplicate: 0.1, fail: 0.05 });
    });
  }

  it('reorders and duplicates without loss and recovers without a single fault left behind', () => {
    for (const seed of [11, 12, 13]) run(seed, 1000, { drop: 0, duplicate: 0.2, fail: 0 });
  });

  for (const seed of SEEDS) {
    it(`holds under heavy faults: 30 % dropped, 30 % repeated, 20 % of requests failing (seed ${seed})`, () => {
      run(seed + 200, 800, { drop: 0.3, duplicate: 0.3, fail: 0.2, lose: 0.1, reconnect: 0.01 });
    });
  }

  for (const seed of SEEDS) {
    it(`survives lost requests, reconnects and restarts from the saved state (seed ${seed})`, () => {
      const { restarts } = run(seed + 100, 1500, { drop: 0.05, duplicate: 0.1, fail: 0.05, lose: 0.05, reconnect: 0.005, restartAt: [300, 301, 900] });
      expect(restarts).to.equal(3);
    });
  }
});
