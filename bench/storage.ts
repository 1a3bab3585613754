/**
 * `npm run build && node dist/bench/storage.js`: session storage throughput.
 *
 * 1. Raw SQLite drivers on the updates engine's workload: one transaction per
 *    flush holding the update state, two channel pts and 10 peer upserts (each
 *    with its username-claim UPDATE), WAL, synchronous FULL and NORMAL.
 *    `@libsql/client` (async, ours) and `libsql` (its synchronous core) always
 *    run; better-sqlite3 runs when installed (`npm i --no-save better-sqlite3`).
 * 2. `SqliteSessionStore` on the same workload, flushing every step (the worst
 *    case) and with its default write-behind, plus peer lookups.
 * docs/session-stores.md holds the numbers and the choice they support.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type InStatement } from '@libsql/client';
import { SqliteSessionStore } from '../src/protocol/storage/index.js';

const FLUSHES = 2000;
const PEERS = 10;
const ROUNDS = 3;
const require = createRequire(import.meta.url);

const DDL = [
  'CREATE TABLE state (id INTEGER PRIMARY KEY, pts INTEGER, qts INTEGER, seq INTEGER, date INTEGER)',
  'CREATE TABLE channel_pts (id INTEGER PRIMARY KEY, pts INTEGER NOT NULL)',
  'CREATE TABLE peers (id INTEGER PRIMARY KEY, access_hash INTEGER NOT NULL, kind TEXT NOT NULL, min INTEGER NOT NULL, username TEXT, phone TEXT)',
  'CREATE INDEX peers_username ON peers (username)',
];
const STATE = 'INSERT OR REPLACE INTO state (id, pts, qts, seq, date) VALUES (0, ?, ?, ?, ?)';
const CHANNEL = 'INSERT OR REPLACE INTO channel_pts (id, pts) VALUES (?, ?)';
const CLAIM = 'UPDATE peers SET username = NULL WHERE username = ? AND id <> ?';
const PEER = `INSERT INTO peers (id, access_hash, kind, min, username, phone) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET access_hash = excluded.access_hash, kind = excluded.kind, min = excluded.min, username = excluded.username, phone = excluded.phone`;

const peerArgs = (i: number, j: number) => {
  const id = BigInt(((i * 7919 + j * 104729) % 200_000) + 1);
  return [id, id * 1_000_003n, 'user', 0, `user${id}`, null] as const;
};

interface SyncDb {
  exec(sql: string): unknown;
  prepare(sql: string): { run(...args: unknown[]): unknown };
  transaction<F extends (...a: never[]) => void>(fn: F): F;
  close(): void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function tempFile(): { file: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'layer-bench-storage-'));
  return { file: join(dir, 'bench.db'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

function syncDriver(Database: new (file: string) => SyncDb, sync: string): number {
  const { file, done } = tempFile();
  const db = new Database(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${sync}`);
  for (const s of DDL) db.exec(s);
  const [st, ch, claim, peer] = [STATE, CHANNEL, CLAIM, PEER].map((s) => db.prepare(s));
  const step = db.transaction((i: number) => {
    st.run(i, i, i, 1_700_000_000 + i);
    ch.run(BigInt((i % 5) + 1), i);
    ch.run(BigInt(((i + 1) % 5) + 1), i);
    for (let j = 0; j < PEERS; j++) {
      const a = peerArgs(i, j);
      claim.run(a[4], a[0]);
      peer.run(...a);
    }
  });
  const t = performance.now();
  for (let i = 0; i < FLUSHES; i++) step(i);
  const perSecond = (FLUSHES / (performance.now() - t)) * 1000;
  db.close();
  done();
  return perSecond;
}

async function libsqlClient(sync: string): Promise<number> {
  const { file, done } = tempFile();
  const db = createClient({ url: `file:${file}`, intMode: 'bigint', concurrency: 1 });
  await db.execute('PRAGMA journal_mode = WAL');
  await db.execute(`PRAGMA synchronous = ${sync}`);
  for (const s of DDL) await db.execute(s);
  const t = performance.now();
  for (let i = 0; i < FLUSHES; i++) {
    const stmts: InStatement[] = [
      { sql: STATE, args: [i, i, i, 1_700_000_000 + i] },
      { sql: CHANNEL, args: [BigInt((i % 5) + 1), i] },
      { sql: CHANNEL, args: [BigInt(((i + 1) % 5) + 1), i] },
    ];
    for (let j = 0; j < PEERS; j++) {
      const a = peerArgs(i, j);
      stmts.push({ sql: CLAIM, args: [a[4], a[0]] }, { sql: PEER, args: [...a] });
    }
    await db.batch(stmts, 'write');
  }
  const perSecond = (FLUSHES / (performance.now() - t)) * 1000;
  db.close();
  done();
  return perSecond;
}

/** The store itself: `flushEvery` steps per explicit flush (0: write-behind only). */
async function store(flushEvery: number): Promise<{ steps: number; lookupUs: number; usernameUs: number }> {
  const { file, done } = tempFile();
  const s = await SqliteSessionStore.open(file);
  const t = performance.now();
  for (let i = 1; i <= FLUSHES; i++) {
    s.setUpdateState({ pts: i, qts: i, seq: i, date: 1_700_000_000 + i });
    s.setChannelPts(BigInt((i % 5) + 1), i);
    s.setChannelPts(BigInt(((i + 1) % 5) + 1), i);
    s.putPeers(Array.from({ length: PEERS }, (_, j) => {
      const a = peerArgs(i, j);
      return { id: a[0], accessHash: a[1], kind: 'user' as const, min: false, username: a[4] };
    }));
    if (flushEvery && i % flushEvery === 0) await s.flush();
  }
  await s.flush();
  const steps = (FLUSHES / (performance.now() - t)) * 1000;
  const ids = Array.from({ length: 1000 }, (_, i) => peerArgs(i, 0)[0]);
  let t2 = performance.now();
  for (const id of ids) await s.peer(id);
  const lookupUs = ((performance.now() - t2) * 1000) / ids.length;
  t2 = performance.now();
  for (const id of ids) await s.peerByUsername(`USER${id}`);
  const usernameUs = ((performance.now() - t2) * 1000) / ids.length;
  await s.close();
  done();
  return { steps, lookupUs, usernameUs };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`node ${process.version}; ${FLUSHES} transactions of 1 state + 2 channel pts + ${PEERS} peers (+ claims); median of ${ROUNDS} rounds\n`);
console.log('raw drivers, transactions/s        synchronous=FULL  synchronous=NORMAL');
const drivers: [string, (sync: string) => Promise<number> | number][] = [['@libsql/client (async)', libsqlClient]];
drivers.push(['libsql (sync core)', (sync) => syncDriver(require('libsql') as new (f: string) => SyncDb, sync)]);
try {
  const Bsq = require('better-sqlite3') as new (f: string) => SyncDb;
  drivers.push(['better-sqlite3', (sync) => syncDriver(Bsq, sync)]);
} catch {
  console.log('(better-sqlite3 not installed: `npm i --no-save better-sqlite3` to include it)');
}
for (const [name, run] of drivers) {
  const cells: string[] = [];
  for (const sync of ['FULL', 'NORMAL']) {
    const xs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) xs.push(await run(sync));
    cells.push(fmt(median(xs)).padStart(16));
  }
  console.log(`${name.padEnd(34)}${cells.join('  ')}`);
}

console.log('\nSqliteSessionStore (WAL, synchronous=FULL)         steps/s   peer(id) µs   peerByUsername µs');
for (const [name, every] of [['flush() after every step', 1], ['flush() every 10 steps', 10], ['write-behind only', 0]] as const) {
  const xs: { steps: number; lookupUs: number; usernameUs: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) xs.push(await store(every));
  const m = (f: (x: (typeof xs)[number]) => number) => median(xs.map(f));
  console.log(`${name.padEnd(48)}${fmt(m((x) => x.steps)).padStart(9)}${m((x) => x.lookupUs).toFixed(1).padStart(14)}${m((x) => x.usernameUs).toFixed(1).padStart(20)}`);
}
