import type { tl } from '../../schema/index.js';

/** The common update state of one account (messages and chats; channels keep their own pts). */
export interface UpdateState {
  pts: number;
  qts: number;
  seq: number;
}

export interface AccountUpdatesDeps {
  now: () => number;
  /** The auth keys logged in as an account. */
  keysOf(userId: bigint): bigint[];
  /** Queues `updates` on every session of an auth key and sends it where the key is connected. */
  deliver(authKeyId: bigint, updates: tl.TypeUpdates): void;
}

/**
 * pts, qts and seq per account, and the way to reach every session of an
 * account. Handlers that change the world take the next pts here and push
 * what happened to the account's sessions.
 */
export class AccountUpdates {
  private readonly states = new Map<bigint, UpdateState>();

  constructor(private readonly deps: AccountUpdatesDeps) {}

  /** The account's state; a new account starts at pts 1, qts 0, seq 0. */
  state(userId: bigint): UpdateState {
    let s = this.states.get(userId);
    if (!s) this.states.set(userId, (s = { pts: 1, qts: 0, seq: 0 }));
    return s;
  }

  /** The `updates.state` that updates.getState answers. */
  getState(userId: bigint): tl.updates.State {
    const s = this.state(userId);
    return { _: 'updates.state', pts: s.pts, qts: s.qts, date: Math.floor(this.deps.now() / 1000), seq: s.seq, unreadCount: 0 };
  }

  /** Advances pts by `count` (the pts_count of the update) and returns the new pts. */
  nextPts(userId: bigint, count = 1): number {
    return (this.state(userId).pts += count);
  }

  nextQts(userId: bigint): number {
    return ++this.state(userId).qts;
  }

  nextSeq(userId: bigint): number {
    return ++this.state(userId).seq;
  }

  /** Sends `updates` to every session of every auth key logged in as `userId`, except `exceptKey` (the caller, who gets them in its answer). */
  push(userId: bigint, updates: tl.TypeUpdates, exceptKey?: bigint): void {
    for (const key of this.deps.keysOf(userId)) if (key !== exceptKey) this.deps.deliver(key, updates);
  }
}
