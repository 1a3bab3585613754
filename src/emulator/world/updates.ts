/**
 * Each account's update state and history: the common box (pts, with its
 * log), qts (with its log), seq, its own message ids; and the way updates
 * reach the account's sessions, through the update fault knobs.
 */
import type { tl } from '../../schema/index.js';
import type { StoredMessage } from './chats.js';
import { UpdateLog, type LogEntry } from './update-log.js';
import { MessageStore } from './message-store.js';
import type { PushBox, SessionRef, UpdateFaults } from './update-faults.js';

/** The common update state of one account (messages and chats; channels keep their own pts). */
export interface UpdateState {
  pts: number;
  qts: number;
  seq: number;
}

/** What the common box's log holds: the update as this account sees it, and the peers it names. */
export interface CommonEvent {
  readonly update: tl.TypeUpdate;
  readonly users: bigint[];
  readonly chats: bigint[];
}

/** One account's boxes. Private chats and basic groups number messages per account. */
export interface AccountBox {
  pts: UpdateLog<CommonEvent>;
  qts: UpdateLog<CommonEvent>;
  seq: number;
  nextMessageId: number;
  messages: MessageStore<StoredMessage>;
}

/** Updates for one account, before they become a container. */
export interface Outgoing {
  userId: bigint;
  /** The common box (a container with seq) or a channel (seq 0). */
  box: { kind: 'common' } | { kind: 'channel'; channelId: bigint; ptsBefore: number };
  updates: tl.TypeUpdate[];
  /** A short form to push instead when this goes alone (updateShortMessage, updateShort). */
  short?: tl.TypeUpdates;
  users: bigint[];
  chats: bigint[];
}

export interface AccountUpdatesDeps {
  now: () => number;
  /** The auth keys logged in as an account. */
  keysOf(userId: bigint): bigint[];
  /** Queues `updates` on every session of an auth key (but `exceptSessionId`) and sends it where the key is connected. */
  deliver(authKeyId: bigint, updates: tl.TypeUpdates, exceptSessionId?: bigint): void;
  /** How many sessions an auth key has. */
  sessionCount(authKeyId: bigint): number;
  faults: UpdateFaults;
  /** Users and chats as `viewer` sees them, for containers and differences. */
  users(ids: Iterable<bigint>, viewer: bigint): tl.TypeUser[];
  chats(ids: Iterable<bigint>, viewer: bigint): tl.TypeChat[];
}

/** The session a call came in on, and the account it acts as. */
export interface CallingSession extends SessionRef {
  userId: bigint;
}

/**
 * What a call made happen to its own account: the containers its session
 * would have been pushed (the answer carries them instead), and the seq
 * range their common-box updates took (0, 0: none).
 */
export interface Answered<T> {
  value: T;
  outs: Outgoing[];
  seqStart: number;
  seq: number;
}

/** A new account starts at pts 1, qts 0, seq 0 (as Telegram's getState shows a fresh one). */
const FIRST = { pts: 1, qts: 0 };

export class AccountUpdates {
  /** How many events each box's log keeps (the common box, qts, each channel); older positions get "too long". */
  logLimit = 100_000;
  /** How many messages each box keeps at least (an account's, each channel's); older ones are forgotten. */
  historyLimit = Infinity;
  /** How many events one getDifference answer holds before it becomes a differenceSlice. */
  differenceLimit = 100;
  private readonly boxes = new Map<bigint, AccountBox>();
  private batching: Map<bigint, Outgoing[]> | undefined;
  private answering: { caller: CallingSession; answer: Answered<undefined> } | undefined;

  constructor(private readonly deps: AccountUpdatesDeps) {
    deps.faults.bind(
      (userId, updates, except) => {
        for (const key of deps.keysOf(userId)) deps.deliver(key, updates, key === except?.authKeyId ? except.sessionId : undefined);
      },
      (userId, except) => deps.keysOf(userId).some((key) => key !== except?.authKeyId || deps.sessionCount(key) > 1),
    );
  }

  /**
   * Runs what a call does, as Telegram answers it: what `fn` sends to the
   * caller's account goes to its other sessions (and auth keys) as pushes,
   * but not to the calling session, whose answer carries it instead, with
   * the seq those pushes take (so that session's seq stays continuous).
   */
  asCaller<T>(caller: CallingSession, fn: () => T): Answered<T> {
    if (this.answering) throw new Error('asCaller: a call is already being answered');
    const answer: Answered<undefined> = { value: undefined, outs: [], seqStart: 0, seq: 0 };
    this.answering = { caller, answer };
    try {
      const value = fn();
      return { ...answer, value };
    } finally {
      this.answering = undefined;
    }
  }

  /** Server time in seconds, as TL dates are. */
  date(): number {
    return Math.floor(this.deps.now() / 1000);
  }

  box(userId: bigint): AccountBox {
    let b = this.boxes.get(userId);
    if (!b) {
      const limit = () => this.logLimit;
      b = { pts: new UpdateLog(FIRST.pts, limit), qts: new UpdateLog(FIRST.qts, limit), seq: 0, nextMessageId: 1, messages: new MessageStore(() => this.historyLimit) };
      this.boxes.set(userId, b);
    }
    return b;
  }

  /** Where the account's sequences stand. */
  state(userId: bigint): UpdateState {
    const b = this.box(userId);
    return { pts: b.pts.current, qts: b.qts.current, seq: b.seq };
  }

  /** The `updates.state` that updates.getState answers. */
  getState(userId: bigint): tl.updates.State {
    const s = this.state(userId);
    return { _: 'updates.state', pts: s.pts, qts: s.qts, date: this.date(), seq: s.seq, unreadCount: 0 };
  }

  /**
   * Records an event in a log: takes its pts (qts) and stores what `make`
   * builds with it. The `skipPts` fault may take a pts first (in an account's
   * box, `owner`, only when someone is logged in to see the gap).
   */
  record<E>(log: UpdateLog<E>, count: number, make: (pts: number) => E, owner?: bigint): LogEntry<E> {
    const date = this.date();
    if (this.deps.faults.takeSkip(owner)) log.append(1, date, undefined);
    return log.append(count, date, make(log.current + count));
  }

  /** Takes `count` pts with nothing recorded (prefer `record`, which a difference can list); returns the new pts. */
  nextPts(userId: bigint, count = 1): number {
    this.skip(this.box(userId).pts, count);
    return this.box(userId).pts.current;
  }

  /** Takes a qts with nothing recorded; returns it. */
  nextQts(userId: bigint): number {
    this.skip(this.box(userId).qts, 1);
    return this.box(userId).qts.current;
  }

  /** Takes the next seq (for an `updates` container built by hand); returns it. */
  nextSeq(userId: bigint): number {
    return ++this.box(userId).seq;
  }

  /** Moves a log on by `count` with nothing to show: clients see a gap that only the difference closes. */
  skip(log: UpdateLog<unknown>, count: number): void {
    log.append(count, this.date(), undefined);
  }

  /** Whether anyone is logged in as the account, or calling as it, to be pushed anything (what to push need not be built otherwise). */
  watched(userId: bigint): boolean {
    return this.answering?.caller.userId === userId || this.deps.keysOf(userId).length > 0;
  }

  /** Pushes updates to the account (through the fault knobs); inside `batch`, waits for the batch to end. */
  send(out: Outgoing): void {
    if (this.batching) {
      const list = this.batching.get(out.userId) ?? [];
      list.push(out);
      this.batching.set(out.userId, list);
      return;
    }
    this.deliverAll(out.userId, [out]);
  }

  /**
   * Runs `fn`; what it sends to each account goes out at the end as one
   * container: `updatesCombined` (seq_start..seq) when there are several.
   */
  batch<T>(fn: () => T): T {
    if (this.batching) return fn();
    const batch = new Map<bigint, Outgoing[]>();
    this.batching = batch;
    try {
      return fn();
    } finally {
      this.batching = undefined;
      for (const [userId, outs] of batch) this.deliverAll(userId, outs);
    }
  }

  /** Sends `updates` to every session of every auth key logged in as `userId`, except `exceptKey`, bypassing the fault knobs. */
  push(userId: bigint, updates: tl.TypeUpdates, exceptKey?: bigint): void {
    for (const key of this.deps.keysOf(userId)) if (key !== exceptKey) this.deps.deliver(key, updates);
  }

  usersFor(ids: Iterable<bigint>, viewer: bigint): tl.TypeUser[] {
    return this.deps.users(ids, viewer);
  }

  chatsFor(ids: Iterable<bigint>, viewer: bigint): tl.TypeChat[] {
    return this.deps.chats(ids, viewer);
  }

  private deliverAll(userId: bigint, outs: Outgoing[]): void {
    const b = this.box(userId);
    const first = outs[0]!;
    const short = outs.length === 1 ? first.short : undefined;
    // Containers with common-box updates take seq (one each), whoever is there to get them.
    let common = 0;
    for (const o of outs) if (o.box.kind === 'common') common++;
    const seqStart = common && !short ? b.seq + 1 : 0;
    const seq = common && !short ? (b.seq += common) : 0;
    const except = this.calledBy(userId, outs, seqStart, seq);
    if (this.deps.keysOf(userId).length === 0) return; // nobody logged in: nothing to build
    const date = this.date();
    const users = short ? [] : this.deps.users(outs.length === 1 ? first.users : outs.flatMap((o) => o.users), userId);
    const chats = short ? [] : this.deps.chats(outs.length === 1 ? first.chats : outs.flatMap((o) => o.chats), userId);
    let box: PushBox;
    if (common === 0 && first.box.kind === 'channel' && oneChannel(outs, first.box.channelId)) {
      box = { kind: 'channel', channelId: first.box.channelId, ptsBefore: first.box.ptsBefore, chats };
    } else {
      box = { kind: common === outs.length ? 'common' : 'mixed' } as PushBox;
    }
    let container: tl.TypeUpdates;
    if (short) container = short;
    else if (outs.length === 1) container = { _: 'updates', updates: first.updates, users, chats, date, seq };
    else container = { _: 'updatesCombined', updates: outs.flatMap((o) => o.updates), users, chats, date, seqStart, seq };
    this.deps.faults.push(userId, container, box, date, except);
  }

  /** Pushes to the calling account are kept for its answer; returns the session they skip. */
  private calledBy(userId: bigint, outs: Outgoing[], seqStart: number, seq: number): SessionRef | undefined {
    const a = this.answering;
    if (!a || a.caller.userId !== userId) return undefined;
    a.answer.outs.push(...outs);
    if (seq) {
      if (!a.answer.seqStart) a.answer.seqStart = seqStart;
      a.answer.seq = seq;
    }
    return a.caller;
  }
}

/** Whether every one of `outs` is for channel `channelId`. */
function oneChannel(outs: readonly Outgoing[], channelId: bigint): boolean {
  for (const o of outs) if (o.box.kind !== 'channel' || o.box.channelId !== channelId) return false;
  return true;
}
