/**
 * The default store: one SQLite file, through libsql (`@libsql/client`, see
 * docs/session-stores.md for why this driver).
 *
 * - Crash-safe: WAL journal with `synchronous = FULL`; each flush is one
 *   transaction, so after a crash (or `kill -9`) the file holds the state of
 *   some prefix of the writes, and a committed auth key is never lost.
 * - One opener at a time: the connection runs in exclusive locking mode, an OS
 *   lock held until close and dropped by the kernel if the process dies. A
 *   second opener gets `SessionInUseError` naming the PID from the lock file.
 * - Nothing foreign is touched: a file that is not SQLite, a database of
 *   another app, a newer layer's or a damaged one is refused with a
 *   `SessionFileError` before anything is written.
 * - The small state is read once on open; the peer cache stays on disk and
 *   lookups read it, through the queued writes.
 */
import { closeSync, existsSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client, InStatement, InValue, Row } from '@libsql/client';
import { BufferedSessionStore, type StoreOptions } from './buffered-store.js';
import { claimedByOther, queuePeer, without, type WriteBatch } from './batch.js';
import { SessionFileError, SessionInUseError } from './errors.js';
import { lockHolder, processAlive, removeLockLabel, writeLockLabel } from './lock-file.js';
import { mergePeer, phoneKey, usernameKey } from './values.js';
import type { DcRecord, FutureSalt, PeerEntry, PeerKind } from './types.js';
import type { StateBackend, StoredState } from './session-state.js';

/** `PRAGMA application_id` of a layer session file: 'LYRS'. */
export const SQLITE_APPLICATION_ID = 0x4c595253;
/** `PRAGMA user_version`: the schema below (2 added the `state` table; a version 1 file gets it on open). */
export const SQLITE_SCHEMA_VERSION = 2;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** `stateStore()`'s entries (version 2); `expires_at` in the state view's clock, milliseconds. */
const STATE_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) STRICT',
  'CREATE INDEX IF NOT EXISTS state_expiry ON state (expires_at) WHERE expires_at IS NOT NULL',
];

const SCHEMA = [
  'CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) STRICT',
  `CREATE TABLE dcs (id INTEGER PRIMARY KEY, host TEXT, port INTEGER, auth_key BLOB, temp_key BLOB,
     temp_key_expires INTEGER, salt INTEGER, future_salts BLOB) STRICT`,
  'CREATE TABLE update_state (id INTEGER PRIMARY KEY CHECK (id = 0), pts INTEGER NOT NULL, qts INTEGER NOT NULL, seq INTEGER NOT NULL, date INTEGER NOT NULL) STRICT',
  'CREATE TABLE channel_pts (channel_id INTEGER PRIMARY KEY, pts INTEGER NOT NULL) STRICT',
  `CREATE TABLE peers (id INTEGER PRIMARY KEY, access_hash INTEGER NOT NULL, kind TEXT NOT NULL, min INTEGER NOT NULL,
     username TEXT, username_key TEXT, phone TEXT) STRICT`,
  'CREATE INDEX peers_username ON peers (username_key) WHERE username_key IS NOT NULL',
  'CREATE INDEX peers_phone ON peers (phone) WHERE phone IS NOT NULL',
  ...STATE_SCHEMA,
  `PRAGMA application_id = ${SQLITE_APPLICATION_ID}`,
  `PRAGMA user_version = ${SQLITE_SCHEMA_VERSION}`,
];

// The SQL form of `mergePeer`: a min row keeps a full row's access hash and never erases.
const upsertPeers = (rows: number) => `INSERT INTO peers (id, access_hash, kind, min, username, username_key, phone)
  VALUES ${placeholders(rows, 7)}
  ON CONFLICT (id) DO UPDATE SET
    access_hash = CASE WHEN excluded.min AND NOT peers.min THEN peers.access_hash ELSE excluded.access_hash END,
    min = excluded.min AND peers.min,
    kind = excluded.kind,
    username = CASE WHEN excluded.min THEN coalesce(excluded.username, peers.username) ELSE excluded.username END,
    username_key = CASE WHEN excluded.min THEN coalesce(excluded.username_key, peers.username_key) ELSE excluded.username_key END,
    phone = CASE WHEN excluded.min THEN coalesce(excluded.phone, peers.phone) ELSE excluded.phone END`;
// Each (key, claimer) pair takes the key from every other row.
const clearUsernames = (rows: number) => `UPDATE peers SET username = NULL, username_key = NULL
  FROM (VALUES ${placeholders(rows, 2)}) AS claim WHERE peers.username_key = claim.column1 AND peers.id <> claim.column2`;
const clearPhones = (rows: number) => `UPDATE peers SET phone = NULL
  FROM (VALUES ${placeholders(rows, 2)}) AS claim WHERE peers.phone = claim.column1 AND peers.id <> claim.column2`;
const upsertState = (rows: number) => `INSERT OR REPLACE INTO state (key, value, expires_at) VALUES ${placeholders(rows, 3)}`;
const deleteState = (rows: number) => `DELETE FROM state WHERE key IN (${Array(rows).fill('?').join(', ')})`;
const upsertChannels = (rows: number) => `INSERT OR REPLACE INTO channel_pts (channel_id, pts) VALUES ${placeholders(rows, 2)}`;
/** Rows per multi-row statement: far below SQLite's 32,766 bound parameters. */
const CHUNK = 500;

function placeholders(rows: number, columns: number): string {
  const row = `(${Array(columns).fill('?').join(', ')})`;
  return Array(rows).fill(row).join(', ');
}

/** One multi-row statement per `CHUNK` items: a flush costs a few statements, not a few per row. */
function chunked<T>(out: InStatement[], items: Iterable<T>, sql: (rows: number) => string, args: (item: T) => InValue[]): void {
  const all = [...items];
  for (let at = 0; at < all.length; at += CHUNK) {
    const part = all.slice(at, at + CHUNK);
    out.push({ sql: sql(part.length), args: part.flatMap(args) });
  }
}
const PEER_COLUMNS = 'id, access_hash, kind, min, username, phone';

export interface SqliteStoreOptions extends StoreOptions {
  /**
   * How long to keep retrying while another opener is between opening the
   * file and writing its lock label, in milliseconds. Default 1000. A lock
   * label naming a live process fails at once.
   */
  openRetryMs?: number;
}

type Probe = 'new' | 'ours';

export class SqliteSessionStore extends BufferedSessionStore {
  protected readonly persistent = true;
  /** `user_version` of the file as opened (0 for a new one). */
  private version = 0;

  private constructor(
    /** The absolute path of the session file. */
    readonly file: string,
    private readonly db: Client,
    options: StoreOptions,
  ) {
    super(options);
  }

  /**
   * Opens (or creates) a session file. Throws `SessionInUseError` if another
   * process or store has it open, `SessionFileError` if it is not a layer
   * session or is damaged (the file is left untouched).
   */
  static async open(file: string, options: SqliteStoreOptions = {}): Promise<SqliteSessionStore> {
    const path = resolve(file);
    checkHeader(path);
    const sideFiles = new Set(SIDE_FILES.map((s) => path + s).filter((f) => existsSync(f)));
    const { createClient } = await import('@libsql/client');
    const deadline = Date.now() + (options.openRetryMs ?? 1000);
    for (let attempt = 0; ; attempt++) {
      let db: Client;
      try {
        db = createClient({ url: pathToFileURL(path).href, intMode: 'bigint', concurrency: 1, timeout: 0 });
      } catch (e) {
        throw fileError(path, e);
      }
      try {
        const store = new SqliteSessionStore(path, db, options);
        await store.claim();
        writeLockLabel(path);
        return store;
      } catch (e) {
        await unlockAndClose(db, false);
        if (!isBusy(e)) {
          removeNewSideFiles(path, sideFiles);
          throw e instanceof SessionFileError ? e : fileError(path, e);
        }
        const holder = lockHolder(path);
        // A live holder named in the label: refuse now. Otherwise the holder may be
        // between opening and labelling, or two openers raced: wait a little, retry.
        if ((holder !== undefined && processAlive(holder)) || Date.now() >= deadline) throw new SessionInUseError(path, holder);
        await new Promise((r) => setTimeout(r, 10 + Math.random() * 20 * Math.min(attempt + 1, 5)));
      }
    }
  }

  /** Takes the exclusive lock, checks the database is ours, creates the schema if new, and loads the state. */
  private async claim(): Promise<void> {
    const db = this.db;
    await db.execute('PRAGMA busy_timeout = 0');
    await db.execute('PRAGMA locking_mode = EXCLUSIVE');
    const kind = await this.probe();
    if (kind === 'ours') {
      const check = await db.execute('PRAGMA quick_check(1)');
      const verdict = String(check.rows[0]?.[0]);
      if (verdict !== 'ok') throw new SessionFileError(this.file, 'corrupt', `SQLite's integrity check fails (${verdict}); restore a backup or log in again with a new file`);
    }
    // The first writes: from here on the connection holds the file exclusively.
    const mode = await db.execute('PRAGMA journal_mode = WAL');
    if (String(mode.rows[0]?.[0]).toLowerCase() !== 'wal') throw new SessionFileError(this.file, 'unreadable', 'SQLite cannot use a WAL journal here');
    await db.execute('PRAGMA synchronous = FULL');
    if (kind === 'new') await db.batch(SCHEMA, 'write');
    else if (this.version < SQLITE_SCHEMA_VERSION) await db.batch([...STATE_SCHEMA, `PRAGMA user_version = ${SQLITE_SCHEMA_VERSION}`], 'write');
    await db.execute({ sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('opened_by_pid', ?)", args: [process.pid] });
    await this.loadAll();
  }

  /** What the file holds: a new (empty) database, ours, or something to refuse. */
  private async probe(): Promise<Probe> {
    const db = this.db;
    const pragma = async (name: string) => Number((await db.execute(`PRAGMA ${name}`)).rows[0]?.[0] ?? 0);
    const appId = await pragma('application_id');
    const version = await pragma('user_version');
    const tables = (await db.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")).rows.map((r) => String(r[0]));
    if (appId === SQLITE_APPLICATION_ID) {
      this.version = version;
      if (version > SQLITE_SCHEMA_VERSION) {
        throw new SessionFileError(this.file, 'newer-version', `it was written by a newer layer (schema ${version}; this one reads up to ${SQLITE_SCHEMA_VERSION}): upgrade layer`);
      }
      return 'ours';
    }
    if (appId === 0 && tables.length === 0) return 'new';
    const app = appId !== 0 ? `application id 0x${(appId >>> 0).toString(16)}` : 'no application id';
    const guess = guessApp(tables);
    throw new SessionFileError(
      this.file,
      'foreign',
      `it is an SQLite database of another app${guess ? ` (looks like a ${guess} session)` : ''}, not a layer session (${app}; tables: ${tables.join(', ') || 'none'}); give layer a file of its own`,
    );
  }

  private async loadAll(): Promise<void> {
    const [meta, dcs, state, channels] = await this.db.batch(
      [
        'SELECT key, value FROM meta',
        'SELECT id, host, port, auth_key, temp_key, temp_key_expires, salt, future_salts FROM dcs',
        'SELECT pts, qts, seq, date FROM update_state WHERE id = 0',
        'SELECT channel_id, pts FROM channel_pts',
      ],
      'read',
    );
    const metaMap = new Map(meta.rows.map((r) => [String(r[0]), r[1]]));
    const homeDc = metaMap.get('home_dc');
    const s = state.rows[0];
    this.load({
      homeDc: homeDc === undefined || homeDc === null ? undefined : Number(homeDc),
      timeOffset: Number(metaMap.get('time_offset') ?? 0),
      dcs: dcs.rows.map(rowToDc),
      updateState: s ? { pts: Number(s[0]), qts: Number(s[1]), seq: Number(s[2]), date: Number(s[3]) } : undefined,
      channelPts: new Map(channels.rows.map((r) => [r[0] as bigint, Number(r[1])])),
    });
  }

  protected async persist(b: WriteBatch): Promise<void> {
    const stmts: InStatement[] = [];
    const meta = (key: string, value: number) => stmts.push({ sql: 'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', args: [key, value] });
    if (b.homeDc !== undefined) meta('home_dc', b.homeDc);
    if (b.timeOffset !== undefined) meta('time_offset', b.timeOffset);
    for (const [id, dc] of b.dcs) stmts.push(dc ? dcUpsert(dc) : { sql: 'DELETE FROM dcs WHERE id = ?', args: [id] });
    if (b.updateState) {
      const u = b.updateState;
      stmts.push({ sql: 'INSERT OR REPLACE INTO update_state (id, pts, qts, seq, date) VALUES (0, ?, ?, ?, ?)', args: [u.pts, u.qts, u.seq, u.date] });
    }
    chunked(stmts, b.channelPts, upsertChannels, ([id, pts]) => [id, pts]);
    chunked(stmts, b.peers.values(), upsertPeers, (p) => [
      p.id,
      p.accessHash,
      p.kind,
      p.min ? 1 : 0,
      p.username ?? null,
      p.username === undefined ? null : usernameKey(p.username),
      p.phone ?? null,
    ]);
    // Then each claim takes its username or phone from every other row, even
    // if the claimer dropped it later in the batch (after the upserts, so that
    // a min row's "absent keeps the old one" cannot bring a lost name back).
    chunked(stmts, b.usernameClaims, clearUsernames, ([key, id]) => [key, id]);
    chunked(stmts, b.phoneClaims, clearPhones, ([phone, id]) => [phone, id]);
    const states = [...b.state];
    chunked(stmts, states.filter(([, e]) => e !== null) as [string, StoredState][], upsertState, ([key, e]) => [key, e.value, e.expiresAt ?? null]);
    chunked(stmts, states.filter(([, e]) => e === null), deleteState, ([key]) => [key]);
    // After the batch's own state writes: an entry set since the sweep was decided expires later than it.
    if (b.stateSweep !== undefined) stmts.push({ sql: 'DELETE FROM state WHERE expires_at IS NOT NULL AND expires_at <= ?', args: [b.stateSweep] });
    if (stmts.length) await this.db.batch(stmts, 'write');
  }

  protected async release(): Promise<void> {
    removeLockLabel(this.file);
    await unlockAndClose(this.db, true);
  }

  protected putPeersChecked(peers: readonly PeerEntry[]): void {
    for (const p of peers) queuePeer(this.queued, p);
    this.changed(peers.length);
  }

  protected readonly stateBackend: StateBackend = {
    // Through the queued writes, like peer lookups: inside `exclusive`, nothing is in flight.
    read: (key) =>
      this.exclusive(async () => {
        const queued = this.queued.state.get(key);
        if (queued !== undefined) return queued ?? undefined;
        const r = (await this.db.execute({ sql: 'SELECT value, expires_at FROM state WHERE key = ?', args: [key] })).rows[0];
        return r && (r[1] === null ? { value: String(r[0]) } : { value: String(r[0]), expiresAt: Number(r[1]) });
      }),
    write: (key, entry) => {
      this.queued.state.set(key, entry ?? null);
      this.changed();
    },
    sweep: (now) => {
      this.queued.stateSweep = now;
      this.changed();
    },
    count: async () => {
      await this.flush();
      return this.exclusive(async () => Number((await this.db.execute('SELECT count(*) FROM state')).rows[0][0]));
    },
    flush: () => this.flush(),
  };

  peer(id: bigint): Promise<PeerEntry | undefined> {
    this.checkOpen('peer');
    return this.exclusive(() => this.viewById(id));
  }

  peerByUsername(username: string): Promise<PeerEntry | undefined> {
    this.checkOpen('peerByUsername');
    const key = usernameKey(username);
    return this.exclusive(async () => {
      const claimant = this.queued.usernameClaims.get(key);
      const id = claimant ?? (await this.selectPeer('username_key = ?', key))?.id;
      if (id === undefined) return undefined;
      const v = await this.viewById(id);
      return v?.username !== undefined && usernameKey(v.username) === key ? v : undefined;
    });
  }

  peerByPhone(phone: string): Promise<PeerEntry | undefined> {
    this.checkOpen('peerByPhone');
    const key = phoneKey(phone);
    return this.exclusive(async () => {
      if (key === '') return undefined;
      const claimant = this.queued.phoneClaims.get(key);
      const id = claimant ?? (await this.selectPeer('phone = ?', key))?.id;
      if (id === undefined) return undefined;
      const v = await this.viewById(id);
      return v?.phone === key ? v : undefined;
    });
  }

  private async viewById(id: bigint): Promise<PeerEntry | undefined> {
    const q = this.queued.peers.get(id);
    return this.view(id, q && !q.min ? undefined : await this.selectPeer('id = ?', id));
  }

  /** A stored row seen through the queued writes (runs inside `exclusive`, so nothing is in flight). */
  private view(id: bigint, stored: PeerEntry | undefined): PeerEntry | undefined {
    const q = this.queued.peers.get(id);
    let v = q ? mergePeer(stored, q) : stored;
    if (v?.username !== undefined && claimedByOther(this.queued, 'username', v.username, id)) v = without(v, 'username');
    if (v?.phone !== undefined && claimedByOther(this.queued, 'phone', v.phone, id)) v = without(v, 'phone');
    return v;
  }

  private async selectPeer(where: string, arg: bigint | string): Promise<PeerEntry | undefined> {
    const r = (await this.db.execute({ sql: `SELECT ${PEER_COLUMNS} FROM peers WHERE ${where}`, args: [arg] })).rows[0];
    return r && rowToPeer(r);
  }
}

/**
 * Gives up the OS lock, then closes. libsql 0.5.29's `close()` leaves the
 * connection (and its lock) open until the garbage collector finalizes the
 * prepared statements (tursodatabase/libsql-js#228, fixed upstream but not yet
 * released), so an explicit unlock is what lets the file be reopened at once.
 * The exclusive lock taken with WAL can only be dropped after leaving WAL,
 * which also checkpoints: a closed session is one self-contained file.
 */
async function unlockAndClose(db: Client, owned: boolean): Promise<void> {
  try {
    if (owned) await db.execute('PRAGMA journal_mode = DELETE');
    await db.execute('PRAGMA locking_mode = NORMAL');
    await db.execute('SELECT count(*) FROM sqlite_schema');
  } catch {
    // Nothing more to do: the lock goes with the connection or the process.
  } finally {
    db.close();
  }
}

function rowToPeer(r: Row): PeerEntry {
  const out: { -readonly [K in keyof PeerEntry]: PeerEntry[K] } = {
    id: r[0] as bigint,
    accessHash: r[1] as bigint,
    kind: String(r[2]) as PeerKind,
    min: Number(r[3]) !== 0,
  };
  if (r[4] !== null) out.username = String(r[4]);
  if (r[5] !== null) out.phone = String(r[5]);
  return out;
}

function rowToDc(r: Row): DcRecord {
  const dc: { -readonly [K in keyof DcRecord]: DcRecord[K] } = { id: Number(r[0]) };
  if (r[1] !== null && r[2] !== null) dc.address = { host: String(r[1]), port: Number(r[2]) };
  if (r[3] !== null) dc.authKey = bytes(r[3]);
  if (r[4] !== null && r[5] !== null) dc.tempAuthKey = { key: bytes(r[4]), expiresAt: Number(r[5]) };
  if (r[6] !== null) dc.salt = r[6] as bigint;
  if (r[7] !== null) dc.futureSalts = decodeFutureSalts(bytes(r[7]));
  return dc;
}

function dcUpsert(dc: DcRecord): InStatement {
  return {
    sql: `INSERT OR REPLACE INTO dcs (id, host, port, auth_key, temp_key, temp_key_expires, salt, future_salts)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      dc.id,
      dc.address?.host ?? null,
      dc.address?.port ?? null,
      dc.authKey ?? null,
      dc.tempAuthKey?.key ?? null,
      dc.tempAuthKey?.expiresAt ?? null,
      dc.salt ?? null,
      dc.futureSalts ? encodeFutureSalts(dc.futureSalts) : null,
    ],
  };
}

const bytes = (v: unknown): Uint8Array => (v instanceof ArrayBuffer ? new Uint8Array(v) : Uint8Array.from(v as Uint8Array));

/** 16 bytes each: valid_since i32, valid_until i32, salt i64 (little-endian, as on the wire). */
function encodeFutureSalts(salts: readonly FutureSalt[]): Uint8Array {
  const b = Buffer.alloc(salts.length * 16);
  salts.forEach((s, i) => {
    b.writeInt32LE(s.validSince, i * 16);
    b.writeInt32LE(s.validUntil, i * 16 + 4);
    b.writeBigInt64LE(s.salt, i * 16 + 8);
  });
  return b;
}

function decodeFutureSalts(b: Uint8Array): FutureSalt[] {
  const v = Buffer.from(b.buffer, b.byteOffset, b.length);
  const out: FutureSalt[] = [];
  for (let at = 0; at + 16 <= v.length; at += 16) out.push({ validSince: v.readInt32LE(at), validUntil: v.readInt32LE(at + 4), salt: v.readBigInt64LE(at + 8) });
  return out;
}

/** Refuses, before SQLite sees it, a file that is not SQLite at all. Missing and empty files are new sessions. */
function checkHeader(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new SessionFileError(path, 'unreadable', 'it is not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof SessionFileError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(path, e);
    try {
      if (!statSync(dirname(path)).isDirectory()) throw new Error('not a directory');
    } catch {
      throw new SessionFileError(path, 'unreadable', `its folder ${dirname(path)} does not exist`);
    }
    return;
  }
  if (size === 0) return;
  const head = Buffer.alloc(100);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, head, 0, head.length, 0);
  } catch (e) {
    throw fileError(path, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (size < 512 || !head.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    throw new SessionFileError(path, 'not-sqlite', 'it is not an SQLite database (no SQLite header), so not a layer session; give layer a file of its own');
  }
  // The fixed fields of the header (sqlite.org/fileformat.html, 1.3): page size, file format versions, payload fractions.
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
  const valid = pageSize >= 512 && (pageSize & (pageSize - 1)) === 0 && [1, 2].includes(head[18]) && [1, 2].includes(head[19]) && head[21] === 64 && head[22] === 32 && head[23] === 32;
  if (!valid) throw new SessionFileError(path, 'corrupt', 'its SQLite header is damaged; restore a backup or log in again with a new file');
}

/** The files SQLite may create beside a database. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Removes the empty side files an attempt that failed left beside a file it refused. */
function removeNewSideFiles(path: string, before: Set<string>): void {
  for (const suffix of SIDE_FILES) {
    const side = path + suffix;
    if (before.has(side)) continue;
    try {
      if (statSync(side).size === 0) unlinkSync(side);
    } catch {
      // not there
    }
  }
}

const sqliteCode = (e: unknown): string => String((e as { code?: unknown })?.code ?? '');
const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(e));

function fileError(path: string, e: unknown): SessionFileError {
  const code = sqliteCode(e);
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new SessionFileError(path, 'corrupt', `SQLite reports it damaged (${code}); restore a backup or log in again with a new file`, { cause: e });
  }
  const why = e instanceof Error ? e.message : String(e);
  return new SessionFileError(path, 'unreadable', `it cannot be opened (${why})`, { cause: e });
}

function guessApp(tables: string[]): string | undefined {
  const has = (...names: string[]) => names.every((n) => tables.includes(n));
  if (has('sessions', 'entities', 'sent_files', 'version')) return 'Telethon';
  if (has('sessions', 'peers', 'version')) return 'Pyrogram';
  return undefined;
}
