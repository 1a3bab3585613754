/** Builders and a harness for the updates engine tests: a fake clock, TL objects, and a recorder. */
import { expect } from 'chai';
import type { tl } from '../../../src/schema/index.js';
import { UpdatesEngine } from '../../../src/protocol/updates/engine.js';
import type { PendingRequest, UpdateEvent, UpdatesEngineOptions, UpdatesIssue, UpdatesState, UpdatesStep } from '../../../src/protocol/updates/types.js';
import { seededRandom } from '../../../src/emulator/seeded-random.js';

export const SELF = 1000n;
export const T0 = 1_750_000_000_000;
export const CHANNEL = 777n;
export const CHANNEL_HASH = 0x1234_5678n;

export const peerUser = (userId: bigint): tl.PeerUser => ({ _: 'peerUser', userId });
export const peerChannel = (channelId: bigint): tl.PeerChannel => ({ _: 'peerChannel', channelId });

export function message(id: number, peerId: tl.TypePeer = peerUser(5n)): tl.Message {
  return { _: 'message', id, peerId, date: 1, message: `m${id}` };
}

/** updateNewMessage at `pts` carrying message `id` (default: the pts). */
export const newMessage = (pts: number, id = pts): tl.UpdateNewMessage => ({ _: 'updateNewMessage', message: message(id), pts, ptsCount: 1 });

export const deleteMessages = (pts: number, ptsCount: number): tl.UpdateDeleteMessages => ({ _: 'updateDeleteMessages', messages: [pts], pts, ptsCount });

export const channelMessage = (pts: number, id = pts, channelId = CHANNEL): tl.UpdateNewChannelMessage => ({
  _: 'updateNewChannelMessage',
  message: message(id, peerChannel(channelId)),
  pts,
  ptsCount: 1,
});

export const botStopped = (qts: number): tl.UpdateBotStopped => ({ _: 'updateBotStopped', userId: 5n, date: 1, stopped: true, qts });

export const userStatus = (userId = 5n): tl.UpdateUserStatus => ({ _: 'updateUserStatus', userId, status: { _: 'userStatusRecently' } });

export const channelChat = (id = CHANNEL, accessHash = CHANNEL_HASH): tl.Channel => ({
  _: 'channel',
  id,
  accessHash,
  title: `channel ${id}`,
  photo: { _: 'chatPhotoEmpty' },
  date: 1,
});

export function updates(list: tl.TypeUpdate[], seq = 0, extra: { chats?: tl.TypeChat[]; users?: tl.TypeUser[]; date?: number } = {}): tl.Updates {
  return { _: 'updates', updates: list, users: extra.users ?? [], chats: extra.chats ?? [], date: extra.date ?? 200, seq };
}

export function combined(list: tl.TypeUpdate[], seqStart: number, seq: number): tl.UpdatesCombined {
  return { _: 'updatesCombined', updates: list, users: [], chats: [], date: 200, seqStart, seq };
}

export const serverState = (pts: number, qts = 5, seq = 3, date = 100): tl.updates.State => ({ _: 'updates.state', pts, qts, date, seq, unreadCount: 0 });

export function difference(other: tl.TypeUpdate[], state: tl.updates.State, extra: { newMessages?: tl.TypeMessage[]; chats?: tl.TypeChat[] } = {}): tl.updates.Difference {
  return { _: 'updates.difference', newMessages: extra.newMessages ?? [], newEncryptedMessages: [], otherUpdates: other, chats: extra.chats ?? [], users: [], state };
}

export function slice(other: tl.TypeUpdate[], state: tl.updates.State): tl.updates.DifferenceSlice {
  return { _: 'updates.differenceSlice', newMessages: [], newEncryptedMessages: [], otherUpdates: other, chats: [], users: [], intermediateState: state };
}

export function channelDifference(pts: number, other: tl.TypeUpdate[], extra: { final?: boolean; newMessages?: tl.TypeMessage[]; timeout?: number } = {}): tl.updates.ChannelDifference {
  return {
    _: 'updates.channelDifference',
    final: extra.final ?? true,
    pts,
    timeout: extra.timeout,
    newMessages: extra.newMessages ?? [],
    otherUpdates: other,
    chats: [],
    users: [],
  };
}

/** What an emitted update stands for: `m12` a new message with id 12, `d7` a deletion at pts 7, `q6` qts 6, or the constructor. */
export function label(e: UpdateEvent | tl.TypeUpdate): string {
  const u = 'update' in e && 'source' in e ? e.update : (e as tl.TypeUpdate);
  switch (u._) {
    case 'updateNewMessage':
    case 'updateNewChannelMessage':
      return `m${u.message.id}`;
    case 'updateDeleteMessages':
      return `d${u.pts}`;
    case 'updateBotStopped':
      return `q${u.qts}`;
    default:
      return u._;
  }
}

export class FakeClock {
  t = T0;
  readonly now = (): number => this.t;
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

/**
 * Drives an engine like a client would, recording everything it asks for.
 * Tests read `emitted`, `requests` (not yet answered) and `issues`.
 */
export class Harness {
  readonly clock = new FakeClock();
  readonly engine: UpdatesEngine;
  emitted: UpdateEvent[] = [];
  requests: PendingRequest[] = [];
  issues: UpdatesIssue[] = [];
  last!: UpdatesStep;
  saved: UpdatesState | undefined;

  constructor(options: UpdatesEngineOptions = {}) {
    this.engine = new UpdatesEngine({ now: this.clock.now, selfId: SELF, ...options });
  }

  /** A started engine at pts 10, qts 5, seq 3, date 100 (caught up: the first getDifference answered empty). */
  static ready(options: UpdatesEngineOptions = {}, channels: Record<string, number> = {}): Harness {
    const h = new Harness({ state: { pts: 10, qts: 5, seq: 3, date: 100, channels }, catchUpChannels: false, ...options });
    h.step(h.engine.start());
    const req = h.take('updates.getDifference');
    h.step(h.engine.resolve(req.id, { _: 'updates.differenceEmpty', date: 100, seq: 3 }));
    h.emitted = [];
    h.issues = [];
    return h;
  }

  step(s: UpdatesStep): UpdatesStep {
    this.last = s;
    this.emitted.push(...s.updates);
    this.requests.push(...s.requests);
    this.issues.push(...s.issues);
    if (s.stateChanged) this.saved = this.engine.state();
    return s;
  }

  feed(u: unknown, request?: { _: string }): UpdatesStep {
    return this.step(this.engine.feed(u, request ? { request } : undefined));
  }

  /** Moves the clock and ticks. */
  after(ms: number): UpdatesStep {
    this.clock.advance(ms);
    return this.step(this.engine.tick());
  }

  /** Removes and returns the one pending request of this method (fails if there is not exactly one). */
  take<M extends PendingRequest['request']['_']>(method: M): { id: number; request: Extract<PendingRequest['request'], { _: M }> } {
    const matching = this.requests.filter((r) => r.request._ === method);
    expect(matching, `pending ${method} requests`).to.have.length(1);
    this.requests = this.requests.filter((r) => r !== matching[0]);
    return matching[0] as { id: number; request: Extract<PendingRequest['request'], { _: M }> };
  }

  answer(id: number, result: unknown): UpdatesStep {
    return this.step(this.engine.resolve(id, result));
  }

  labels(): string[] {
    return this.emitted.map(label);
  }

  kinds(): string[] {
    return this.issues.map((i) => i.kind);
  }
}

/** A small seeded PRNG (mulberry32) so the property tests replay. */
export const prng = seededRandom;
