/**
 * Fault knobs for update delivery (`emulator.faults.updates`). Every event is
 * recorded in the update logs first; these knobs only change what is pushed
 * to the sessions, so `updates.getDifference` always finds what a push lost.
 */
import type { tl } from '../../schema/index.js';
import { seededRandom } from '../seeded-random.js';

/**
 * What can go wrong with one push:
 * - `drop`: not pushed at all (still in the log);
 * - `duplicate`: pushed, and pushed again a little later;
 * - `reorder`: held back and pushed after 1..`reorderWindow` later pushes to the same account (or `reorderMs`);
 * - `withhold`: held until `release()`;
 * - `tooLong`: `updatesTooLong` pushed instead (pushes of the common box only);
 * - `channelTooLong`: `updateChannelTooLong` pushed instead (pushes of a channel only);
 * - `skipPts`: not a push fault: the box's pts moves on by one with nothing to show for it,
 *   before the next event is recorded (the client sees a gap no difference fills with an update).
 */
export type UpdateFaultKind = 'drop' | 'duplicate' | 'reorder' | 'withhold' | 'tooLong' | 'channelTooLong' | 'skipPts';

/**
 * Which sequence a push belongs to: the account's common box (pts, qts, seq),
 * one channel's pts, or both (an `updatesCombined` of a batch), which only
 * drop, duplicate, reorder and withhold apply to.
 */
export type PushBox =
  | { kind: 'common' }
  | { kind: 'mixed' }
  | {
      kind: 'channel';
      channelId: bigint;
      /** The channel's pts before the event: where updateChannelTooLong tells a client to start. */
      ptsBefore: number;
      chats: tl.TypeChat[];
    };

/** A session of an auth key: the one whose call's answer already carries a push, so the push skips it. */
export interface SessionRef {
  authKeyId: bigint;
  sessionId: bigint;
}

/** Sends a container to every session of an account (but `except`). */
export type PushSink = (userId: bigint, updates: tl.TypeUpdates, except?: SessionRef) => void;

/** Whether an account has a session (other than `except`) to push to: faults are drawn only for pushes that reach someone. */
export type Reachable = (userId: bigint, except?: SessionRef) => boolean;

const PUSH_KINDS = ['drop', 'duplicate', 'reorder', 'withhold', 'tooLong', 'channelTooLong'] as const;
type PushKind = (typeof PUSH_KINDS)[number];

interface Held {
  userId: bigint;
  updates: tl.TypeUpdates;
  except: SessionRef | undefined;
  /** Pushes to the same account still to go before this one follows. */
  after: number;
  timer: NodeJS.Timeout;
}

export class UpdateFaults {
  /** Probability (0..1) that a push is dropped. The probabilities of one push add up to at most 1; one draw picks at most one fault. */
  drop = 0;
  duplicate = 0;
  reorder = 0;
  withhold = 0;
  /** Applies to pushes of the common box only. */
  tooLong = 0;
  /** Applies to pushes of a channel only. */
  channelTooLong = 0;
  /** Probability that a pts is skipped before an event is recorded (common box or channel). */
  skipPts = 0;
  /** A reordered or duplicated push follows after 1 to this many later pushes to the same account... */
  reorderWindow = 3;
  /** ...or after this many milliseconds, whichever comes first. */
  reorderMs = 50;
  /** How many times each fault was applied, for tests and logs. */
  readonly applied: Record<UpdateFaultKind, number> = { drop: 0, duplicate: 0, reorder: 0, withhold: 0, tooLong: 0, channelTooLong: 0, skipPts: 0 };

  private random: () => number;
  private seedValue: number;
  private readonly once: { kind: UpdateFaultKind; count: number }[] = [];
  private held: Held[] = [];
  private withheld: { userId: bigint; updates: tl.TypeUpdates; except: SessionRef | undefined }[] = [];
  private sink: PushSink | undefined;
  private reachable: Reachable = () => true;

  constructor(seed = 1) {
    this.seedValue = seed;
    this.random = seededRandom(seed);
  }

  /** The seed of the generator that picks faults: the same seed and the same pushes give the same faults. */
  get seed(): number {
    return this.seedValue;
  }

  set seed(value: number) {
    if (!Number.isInteger(value)) throw new TypeError(`faults.updates.seed: expected an integer, got ${String(value)}`);
    this.seedValue = value;
    this.random = seededRandom(value);
  }

  /**
   * Applies `kind` to the next `count` pushes it can apply to (whatever the
   * probabilities say): `next('drop')` drops the next push, `next('channelTooLong')`
   * replaces the next channel push, `next('skipPts')` skips a pts before the next event.
   */
  next(kind: UpdateFaultKind, count = 1): void {
    if (![...PUSH_KINDS, 'skipPts'].includes(kind)) throw new TypeError(`faults.updates.next: unknown fault ${JSON.stringify(kind)}`);
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`faults.updates.next: count must be a positive integer, got ${count}`);
    this.once.push({ kind, count });
  }

  /** Pushes held by `withhold` (and, early, by `reorder`/`duplicate`), in the order they were held; returns how many. */
  release(): number {
    const out = this.withheld.splice(0);
    const held = this.held.splice(0);
    for (const h of held) clearTimeout(h.timer);
    for (const w of out) this.send(w.userId, w.updates, w.except);
    for (const h of held) this.send(h.userId, h.updates, h.except);
    return out.length + held.length;
  }

  /** Pushes waiting: withheld ones plus reordered/duplicated ones not yet sent. */
  get heldCount(): number {
    return this.withheld.length + this.held.length;
  }

  /** Back to faithful delivery: probabilities 0, one-shots forgotten, everything held pushed now. */
  reset(): void {
    this.drop = this.duplicate = this.reorder = this.withhold = this.tooLong = this.channelTooLong = this.skipPts = 0;
    this.reorderWindow = 3;
    this.reorderMs = 50;
    this.once.length = 0;
    this.release();
  }

  /** The world's push: where containers go once the faults let them through. */
  bind(sink: PushSink, reachable?: Reachable): void {
    this.sink = sink;
    if (reachable) this.reachable = reachable;
  }

  /** Stops every timer and forgets what is held (the emulator is closing). */
  close(): void {
    for (const h of this.held) clearTimeout(h.timer);
    this.held = [];
    this.withheld = [];
  }

  /** Whether to skip a pts before recording the next event in a box of `owner` (an account's; a channel's has none). */
  takeSkip(owner?: bigint): boolean {
    // Asked for every event recorded: with no skip set up, answer before looking for sessions.
    if (this.skipPts <= 0 && !this.hasOnce('skipPts')) return false;
    if (owner !== undefined && !this.reachable(owner)) return false;
    if (this.takeOnce((k) => k === 'skipPts') || (this.skipPts > 0 && this.random() < this.skipPts)) {
      this.applied.skipPts++;
      return true;
    }
    return false;
  }

  /** Pushes `updates` to `userId`'s sessions (but `except`, whose call answers them), through the faults. */
  push(userId: bigint, updates: tl.TypeUpdates, box: PushBox, date: number, except?: SessionRef): void {
    // Nobody to push to: nothing can go wrong, and no one-shot or draw is spent.
    if (!this.reachable(userId, except)) return;
    const fault = this.decide(box);
    if (fault) this.applied[fault]++;
    switch (fault) {
      case 'drop':
        return;
      case 'withhold':
        return void this.withheld.push({ userId, updates, except });
      case 'reorder':
        return this.hold(userId, updates, except);
      case 'duplicate':
        this.send(userId, updates, except);
        this.countDown(userId);
        return this.hold(userId, updates, except);
      case 'tooLong':
        this.send(userId, { _: 'updatesTooLong' }, except);
        break;
      case 'channelTooLong': {
        const b = box as Extract<PushBox, { kind: 'channel' }>;
        const update: tl.UpdateChannelTooLong = { _: 'updateChannelTooLong', channelId: b.channelId, pts: b.ptsBefore };
        this.send(userId, { _: 'updates', updates: [update], users: [], chats: b.chats, date, seq: 0 }, except);
        break;
      }
      default:
        this.send(userId, updates, except);
    }
    // Only pushes that went out move the held ones along.
    this.countDown(userId);
  }

  private decide(box: PushBox): PushKind | undefined {
    const fits = (k: UpdateFaultKind): k is PushKind =>
      k !== 'skipPts' && (k === 'tooLong' ? box.kind === 'common' : k === 'channelTooLong' ? box.kind === 'channel' : true);
    const once = this.takeOnce(fits);
    if (once) return once as PushKind;
    const total = this.drop + this.duplicate + this.reorder + this.withhold + (box.kind === 'common' ? this.tooLong : box.kind === 'channel' ? this.channelTooLong : 0);
    if (total <= 0) return undefined;
    let r = this.random();
    for (const kind of PUSH_KINDS) {
      if (!fits(kind)) continue;
      r -= this[kind];
      if (r < 0) return kind;
    }
    return undefined;
  }

  private hasOnce(kind: UpdateFaultKind): boolean {
    for (const o of this.once) if (o.kind === kind) return true;
    return false;
  }

  private takeOnce(fits: (k: UpdateFaultKind) => boolean): UpdateFaultKind | undefined {
    const i = this.once.findIndex((o) => fits(o.kind));
    if (i < 0) return undefined;
    const o = this.once[i]!;
    if (--o.count <= 0) this.once.splice(i, 1);
    return o.kind;
  }

  private hold(userId: bigint, updates: tl.TypeUpdates, except: SessionRef | undefined): void {
    const after = 1 + Math.floor(this.random() * Math.max(1, this.reorderWindow));
    const h: Held = {
      userId,
      updates,
      except,
      after,
      timer: setTimeout(() => {
        const i = this.held.indexOf(h);
        if (i < 0) return;
        this.held.splice(i, 1);
        this.send(h.userId, h.updates, h.except);
      }, this.reorderMs),
    };
    h.timer.unref();
    this.held.push(h);
  }

  /** A push to `userId` went out: held pushes of that account whose turn came follow it. */
  private countDown(userId: bigint): void {
    if (this.held.length === 0) return;
    const due: Held[] = [];
    for (const h of this.held) if (h.userId === userId && --h.after <= 0) due.push(h);
    if (due.length === 0) return;
    this.held = this.held.filter((h) => !due.includes(h));
    for (const h of due) {
      clearTimeout(h.timer);
      this.send(h.userId, h.updates, h.except);
    }
  }

  private send(userId: bigint, updates: tl.TypeUpdates, except: SessionRef | undefined): void {
    this.sink?.(userId, updates, except);
  }
}
