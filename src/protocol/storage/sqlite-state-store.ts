/**
 * A state store in an SQLite file of its own, through libsql like the
 * session store. To keep state in the session file instead (one file, one
 * connection, written in the session's batches), use
 * `sessionStore.stateStore()`. Several of these stores may share one state
 * file; each write is one statement, durable on return (WAL,
 * `synchronous = FULL`).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@libsql/client';
import { decodeState, encodeState } from './state-codec.js';
import { StateFileError, StateStoreClosedError } from './state-errors.js';
import { expiryOf, type StateStore, type StateStoreOptions } from './state-store.js';

/** `PRAGMA application_id` of a layer state file: 'LYRT'. */
export const STATE_APPLICATION_ID = 0x4c595254;
const TABLE = 'CREATE TABLE IF NOT EXISTS layer_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) STRICT';
const SWEEP_EVERY = 256;

export class SqliteStateStore implements StateStore {
  private closed = false;
  private writes = 0;

  private constructor(
    /** The absolute path of the state file. */
    readonly file: string,
    private readonly db: Client,
    private readonly now: () => number,
  ) {}

  /** Opens (or creates) a state file. Throws `StateFileError` for another app's database or a damaged file. */
  static async open(file: string, options: StateStoreOptions = {}): Promise<SqliteStateStore> {
    const path = resolve(file);
    const { createClient } = await import('@libsql/client');
    let db: Client | undefined;
    try {
      db = createClient({ url: pathToFileURL(path).href, intMode: 'number', concurrency: 1 });
      await db.execute('PRAGMA busy_timeout = 5000');
      const appId = Number((await db.execute('PRAGMA application_id')).rows[0]?.[0] ?? 0);
      const tables = (await db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")).rows.map((r) => String(r[0]));
      if (appId !== STATE_APPLICATION_ID && (appId !== 0 || tables.length > 0)) {
        throw new StateFileError(path, `it is not a layer state file (application id 0x${(appId >>> 0).toString(16)}, tables: ${tables.join(', ') || 'none'}); give the state store a file of its own`);
      }
      await db.execute('PRAGMA journal_mode = WAL');
      await db.execute('PRAGMA synchronous = FULL');
      await db.batch([TABLE, `PRAGMA application_id = ${STATE_APPLICATION_ID}`], 'write');
      const store = new SqliteStateStore(path, db, options.now ?? Date.now);
      await store.sweep();
      return store;
    } catch (e) {
      db?.close();
      if (e instanceof StateFileError) throw e;
      throw new StateFileError(path, `it cannot be opened (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.check('get');
    const row = (await this.db.execute({ sql: 'SELECT value, expires_at FROM layer_state WHERE key = ?', args: [key] })).rows[0];
    if (!row) return undefined;
    const expiresAt = row[1] === null ? undefined : Number(row[1]);
    if (expiresAt !== undefined && this.now() >= expiresAt) {
      await this.db.execute({ sql: 'DELETE FROM layer_state WHERE key = ? AND expires_at = ?', args: [key, expiresAt] });
      return undefined;
    }
    return decodeState(String(row[0])) as T;
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.check('set');
    if (value === undefined) return this.delete(key);
    const expiresAt = expiryOf(this.now(), ttlMs) ?? null;
    await this.db.execute({ sql: 'INSERT OR REPLACE INTO layer_state (key, value, expires_at) VALUES (?, ?, ?)', args: [key, encodeState(value), expiresAt] });
    if (++this.writes >= SWEEP_EVERY) await this.sweep();
  }

  async delete(key: string): Promise<void> {
    this.check('delete');
    await this.db.execute({ sql: 'DELETE FROM layer_state WHERE key = ?', args: [key] });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** How many entries the file holds, expired ones not yet swept included. */
  async size(): Promise<number> {
    this.check('size');
    return Number((await this.db.execute('SELECT count(*) FROM layer_state')).rows[0][0]);
  }

  /** Removes every expired entry. */
  private async sweep(): Promise<void> {
    this.writes = 0;
    await this.db.execute({ sql: 'DELETE FROM layer_state WHERE expires_at IS NOT NULL AND expires_at <= ?', args: [this.now()] });
  }

  private check(operation: string): void {
    if (this.closed) throw new StateStoreClosedError(operation);
  }
}
