/**
 * The part every store shares: the in-memory view of the small state (DCs,
 * home DC, time offset, update state, channel pts), argument checks, and the
 * write-behind queue that coalesces writes into one atomic batch per flush.
 * A store supplies where batches go (`persist`), how peers are kept, and what
 * closing releases.
 */
import { SessionClosedError } from './errors.js';
import { batchIsEmpty, clearBatch, emptyBatch, requeue, type WriteBatch } from './batch.js';
import {
  checkAddress,
  checkDcId,
  checkFutureSalts,
  checkInt32,
  checkInt64,
  checkKey,
  checkTempKey,
  checkUpdateState,
  normalizePeer,
} from './values.js';
import type { DcAddressRecord, DcRecord, FutureSalt, PeerEntry, SessionStore, TempAuthKey, UpdateState } from './types.js';
import { SessionStateStore, type StateBackend } from './session-state.js';
import type { StateStoreOptions } from './state-store.js';

export interface StoreOptions {
  /** Longest a write waits before it is persisted, in milliseconds. Default 100. */
  flushDelayMs?: number;
  /** Persist at once when this many writes are queued. Default 1000. */
  maxQueuedWrites?: number;
  /**
   * Told of a background flush that failed; the writes stay queued and the
   * next `flush()` retries (and rejects if it fails again). Default: ignore.
   */
  onError?: (error: unknown) => void;
  /** The clock `stateStore()` measures TTLs by, in milliseconds (for tests). Default `Date.now`. */
  now?: () => number;
}

/** Everything but the peer cache, as a store loads it on open. */
export interface SessionSnapshot {
  homeDc?: number;
  timeOffset?: number;
  dcs: DcRecord[];
  updateState?: UpdateState;
  channelPts?: Map<bigint, number>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export abstract class BufferedSessionStore implements SessionStore {
  private home: number | undefined;
  private offset = 0;
  private readonly dcMap = new Map<number, DcRecord>();
  private state: UpdateState | undefined;
  private readonly channels = new Map<bigint, number>();

  /** Writes not yet handed to `persist`. */
  protected queued: WriteBatch = emptyBatch();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerUrgent = false;
  private turn: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private readonly flushDelayMs: number;
  private readonly maxQueuedWrites: number;
  private readonly onError: ((error: unknown) => void) | undefined;
  private readonly stateClock: (() => number) | undefined;

  /** Whether batches go anywhere; a store that keeps nothing skips the queue's timer. */
  protected abstract readonly persistent: boolean;

  constructor(options: StoreOptions = {}) {
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.maxQueuedWrites = options.maxQueuedWrites ?? 1000;
    this.onError = options.onError;
    this.stateClock = options.now;
  }

  /** Persists one batch atomically: all of it or none. */
  protected abstract persist(batch: WriteBatch): Promise<void>;
  /** Releases what the store holds; called once, after the last flush. */
  protected abstract release(): Promise<void>;
  protected abstract putPeersChecked(peers: readonly PeerEntry[]): void;
  /** Where `stateStore()` keeps its entries. */
  protected abstract readonly stateBackend: StateBackend;
  abstract peer(id: bigint): Promise<PeerEntry | undefined>;
  abstract peerByUsername(username: string): Promise<PeerEntry | undefined>;
  abstract peerByPhone(phone: string): Promise<PeerEntry | undefined>;

  /** Fills the view from what the store loaded. */
  protected load(s: SessionSnapshot): void {
    this.home = s.homeDc;
    this.offset = s.timeOffset ?? 0;
    for (const dc of s.dcs) this.dcMap.set(dc.id, dc);
    this.state = s.updateState;
    for (const [k, v] of s.channelPts ?? []) this.channels.set(k, v);
  }

  /** The view as a snapshot (the string session encodes it). */
  protected snapshot(): SessionSnapshot {
    return {
      homeDc: this.home,
      timeOffset: this.offset,
      dcs: [...this.dcMap.values()],
      updateState: this.state,
      channelPts: new Map(this.channels),
    };
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  protected checkOpen(operation: string): void {
    if (this.closing) throw new SessionClosedError(operation);
  }

  homeDc(): number | undefined {
    return this.home;
  }

  setHomeDc(dcId: number): void {
    this.checkOpen('setHomeDc');
    this.home = checkDcId(dcId);
    this.queued.homeDc = dcId;
    this.queued.urgent = true;
    this.changed();
  }

  dc(dcId: number): DcRecord | undefined {
    return this.dcMap.get(dcId);
  }

  dcs(): DcRecord[] {
    return [...this.dcMap.values()].sort((a, b) => a.id - b.id);
  }

  setDcAddress(dcId: number, address: DcAddressRecord | null): void {
    this.checkOpen('setDcAddress');
    this.updateDc(dcId, { address: address === null ? undefined : checkAddress(address) }, false);
  }

  setAuthKey(dcId: number, key: Uint8Array | null): void {
    this.checkOpen('setAuthKey');
    this.updateDc(dcId, { authKey: key === null ? undefined : checkKey('authKey', key) }, true);
  }

  setTempAuthKey(dcId: number, key: TempAuthKey | null): void {
    this.checkOpen('setTempAuthKey');
    this.updateDc(dcId, { tempAuthKey: key === null ? undefined : checkTempKey(key) }, true);
  }

  setSalt(dcId: number, salt: bigint, futureSalts?: readonly FutureSalt[]): void {
    this.checkOpen('setSalt');
    const patch: Partial<Mutable<DcRecord>> = { salt: checkInt64('salt', salt) };
    if (futureSalts) patch.futureSalts = checkFutureSalts(futureSalts);
    this.updateDc(dcId, patch, false);
  }

  private updateDc(dcId: number, patch: Partial<Mutable<DcRecord>>, urgent: boolean): void {
    checkDcId(dcId);
    const next: Mutable<DcRecord> = { ...(this.dcMap.get(dcId) ?? { id: dcId }), ...patch };
    for (const k of Object.keys(next) as (keyof DcRecord)[]) if (next[k] === undefined) delete next[k];
    // A record with nothing but its id is forgotten.
    const empty = Object.keys(next).length === 1;
    if (empty) this.dcMap.delete(dcId);
    else this.dcMap.set(dcId, next);
    this.queued.dcs.set(dcId, empty ? null : next);
    this.queued.urgent ||= urgent;
    this.changed();
  }

  timeOffset(): number {
    return this.offset;
  }

  setTimeOffset(seconds: number): void {
    this.checkOpen('setTimeOffset');
    this.offset = checkInt32('timeOffset', seconds);
    this.queued.timeOffset = seconds;
    this.changed();
  }

  updateState(): UpdateState | undefined {
    return this.state && { ...this.state };
  }

  setUpdateState(state: UpdateState): void {
    this.checkOpen('setUpdateState');
    this.state = checkUpdateState(state);
    this.queued.updateState = this.state;
    this.changed();
  }

  channelPts(channelId: bigint): number | undefined {
    return this.channels.get(channelId);
  }

  setChannelPts(channelId: bigint, pts: number): void {
    this.checkOpen('setChannelPts');
    checkInt64('channelId', channelId);
    checkInt32('pts', pts);
    this.channels.set(channelId, pts);
    this.queued.channelPts.set(channelId, pts);
    this.changed();
  }

  allChannelPts(): Map<bigint, number> {
    return new Map(this.channels);
  }

  putPeers(peers: readonly PeerEntry[]): void {
    this.checkOpen('putPeers');
    if (!Array.isArray(peers)) throw new TypeError(`putPeers: expected an array of peers, got ${typeof peers}`);
    // Check them all first, so a bad entry rejects the whole call and queues nothing.
    const normal = peers.map((p, i) => normalizePeer(p, `peers[${i}]`));
    this.putPeersChecked(normal);
  }

  /**
   * A StateStore kept with this session (see session-state.ts): the SQLite
   * store's `state` table, written in its batches; the memory store's memory.
   * Each call answers a new view (with its own clock) on the same entries.
   */
  stateStore(options: StateStoreOptions = {}): SessionStateStore {
    return new SessionStateStore(this.stateBackend, () => this.closed, { now: this.stateClock, ...options });
  }

  /** Counts a queued write and arranges for it to be persisted in time. */
  protected changed(count = 1): void {
    if (count === 0) return;
    if (count !== 1) this.queued.writes += count - 1;
    this.queued.writes++;
    if (!this.persistent) {
      clearBatch(this.queued);
      return;
    }
    const now = this.queued.urgent || this.queued.writes >= this.maxQueuedWrites;
    if (this.timer && (this.timerUrgent || !now)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerUrgent = now;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((e: unknown) => this.onError?.(e));
    }, now ? 0 : this.flushDelayMs);
  }

  flush(): Promise<void> {
    return this.exclusive(async () => {
      if (batchIsEmpty(this.queued)) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      const batch = this.queued;
      this.queued = emptyBatch();
      try {
        await this.persist(batch);
      } catch (e) {
        this.queued = requeue(batch, this.queued);
        throw e;
      }
    });
  }

  /**
   * Runs `task` when no flush or other task is running, and keeps them out
   * until it settles: a read done here sees the file with every earlier batch
   * in it and `queued` holding exactly the writes that are not.
   */
  protected exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.turn.then(task);
    this.turn = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.flush();
      } finally {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        await this.release();
      }
    })();
    return this.closing;
  }
}
