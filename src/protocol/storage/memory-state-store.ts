/** A state store in memory: for tests and bots whose state may die with the process. */
import { decodeState, encodeState } from './state-codec.js';
import { StateStoreClosedError } from './state-errors.js';
import { expiryOf, type StateStore, type StateStoreOptions } from './state-store.js';

/** Expired entries are swept once this many writes have happened since the last sweep. */
const SWEEP_EVERY = 256;

export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, { value: string; expiresAt?: number }>();
  private readonly now: () => number;
  private writes = 0;
  private closed = false;

  constructor(options: StateStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.check('get');
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && this.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return decodeState(entry.value) as T;
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.check('set');
    if (value === undefined) return this.delete(key);
    const now = this.now();
    const expiresAt = expiryOf(now, ttlMs);
    this.entries.set(key, expiresAt === undefined ? { value: encodeState(value) } : { value: encodeState(value), expiresAt });
    if (++this.writes >= SWEEP_EVERY) this.sweep(now);
  }

  async delete(key: string): Promise<void> {
    this.check('delete');
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.entries.clear();
  }

  /** How many entries are held, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    this.writes = 0;
    for (const [key, e] of this.entries) if (e.expiresAt !== undefined && now >= e.expiresAt) this.entries.delete(key);
  }

  private check(operation: string): void {
    if (this.closed) throw new StateStoreClosedError(operation);
  }
}
