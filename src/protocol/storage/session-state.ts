/**
 * State kept with the session: `sessionStore.stateStore()` answers a
 * StateStore on the session store's own backend (the SQLite store's `state`
 * table, through its connection and its write-behind batches; the memory and
 * string stores' memory). One bot, one file: the session and the per-chat
 * state survive a restart together.
 *
 * Writes go where the session's go: into the next batch, persisted within
 * `flushDelayMs` in the same transaction as the session's other writes, so
 * after a crash the state is that of some prefix of the calls, like the rest
 * of the session. `set` resolves once the write is queued (a later `get` sees
 * it at once); `flush()` waits until it is on disk.
 */
import { decodeState, encodeState } from './state-codec.js';
import { StateStoreClosedError } from './state-errors.js';
import { expiryOf, type StateStore, type StateStoreOptions } from './state-store.js';

/** One entry as a backend keeps it: the encoded value and, with a TTL, when it expires (ms, the view's clock). */
export interface StoredState {
  value: string;
  expiresAt?: number;
}

/** What a session store gives its state views: where entries are read and written. */
export interface StateBackend {
  /** The entry, queued writes included; an expired one may still be answered (the view checks). */
  read(key: string): Promise<StoredState | undefined>;
  /** Stores or (undefined) deletes an entry; queued, visible to `read` at once. */
  write(key: string, entry: StoredState | undefined): void;
  /** Removes the entries expired at `now`. */
  sweep(now: number): void;
  /** Entries held, expired ones not yet swept included. */
  count(): Promise<number>;
  /** Persists what is queued. */
  flush(): Promise<void>;
}

/** Expired entries are swept once this many writes have happened since the last sweep (and when a view is made). */
const SWEEP_EVERY = 256;

/** A StateStore over a session store's backend. Closing it closes only the view: the session store owns the backend. */
export class SessionStateStore implements StateStore {
  private readonly now: () => number;
  private writes = 0;
  private closed = false;

  constructor(
    private readonly backend: StateBackend,
    /** Whether the session store is closed (then so is every view). */
    private readonly sessionClosed: () => boolean,
    options: StateStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.check('stateStore');
    backend.sweep(this.now());
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.check('get');
    const entry = await this.backend.read(key);
    if (!entry || (entry.expiresAt !== undefined && this.now() >= entry.expiresAt)) return undefined;
    return decodeState(entry.value) as T;
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.check('set');
    if (value === undefined) return this.delete(key);
    const now = this.now();
    const expiresAt = expiryOf(now, ttlMs);
    const encoded = encodeState(value);
    this.backend.write(key, expiresAt === undefined ? { value: encoded } : { value: encoded, expiresAt });
    if (++this.writes >= SWEEP_EVERY) {
      this.writes = 0;
      this.backend.sweep(now);
    }
  }

  async delete(key: string): Promise<void> {
    this.check('delete');
    this.backend.write(key, undefined);
  }

  /** Persists the queued writes (the session store's `flush()`). */
  flush(): Promise<void> {
    this.check('flush');
    return this.backend.flush();
  }

  /** Ends this view; the session store, and other views on it, go on. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** How many entries the session holds, expired ones not yet swept included. */
  size(): Promise<number> {
    this.check('size');
    return this.backend.count();
  }

  private check(operation: string): void {
    if (this.closed || this.sessionClosed()) throw new StateStoreClosedError(operation);
  }
}

/** The memory and string stores' backend: a map, gone with the process. */
export class MapStateBackend implements StateBackend {
  private readonly entries = new Map<string, StoredState>();

  async read(key: string): Promise<StoredState | undefined> {
    return this.entries.get(key);
  }

  write(key: string, entry: StoredState | undefined): void {
    if (entry) this.entries.set(key, entry);
    else this.entries.delete(key);
  }

  sweep(now: number): void {
    for (const [key, e] of this.entries) if (e.expiresAt !== undefined && now >= e.expiresAt) this.entries.delete(key);
  }

  async count(): Promise<number> {
    return this.entries.size;
  }

  async flush(): Promise<void> {}

  clear(): void {
    this.entries.clear();
  }
}
