/** Shared by the storage tests: temp folders, a raw SQLite connection, and the child process that holds or writes a session. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';

/** A recognizable 256-byte auth key. */
export const key = (fill: number): Uint8Array => new Uint8Array(256).map((_, i) => (i * 31 + fill) & 0xff);

/** The peer ids the `write` child scatters over the table at step `pts`, so that each commit writes many pages. */
export function scattered(pts: number): bigint[] {
  return Array.from({ length: 40 }, (_, j) => 10_000_000n + ((BigInt(pts) * 2_654_435_761n + BigInt(j) * 40_503n) % 1_000_000_000n));
}

export function tempDir(): { path: string; file: (name: string) => string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'layer-storage-'));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Runs `fn` on a plain SQLite connection to `file`, then lets go of the file
 * at once (libsql 0.5.29 holds it until GC otherwise; see sqlite-store.ts).
 */
export async function withRawDb<T>(file: string, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = createClient({ url: `file:${file}`, intMode: 'bigint', concurrency: 1 });
  try {
    await db.execute('PRAGMA locking_mode = EXCLUSIVE');
    return await fn(db);
  } finally {
    try {
      await db.execute('PRAGMA journal_mode = DELETE');
      await db.execute('PRAGMA locking_mode = NORMAL');
      await db.execute('SELECT count(*) FROM sqlite_schema');
    } catch {
      // not a database: nothing held
    }
    db.close();
  }
}

const CHILD = fileURLToPath(new URL('./session-child.js', import.meta.url));

/** A child process running `session-child.ts` in `mode`; `lines` yields what it prints, line by line. */
export function sessionChild(file: string, mode: 'hold' | 'write'): { child: ChildProcess; lines: AsyncIterableIterator<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CHILD, file, mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines, exited };
}

/** The next line the child prints; fails if it exits first. */
export async function nextLine(lines: AsyncIterableIterator<string>): Promise<string> {
  const r = await lines.next();
  if (r.done) throw new Error('the child process exited without printing the line expected');
  return r.value;
}
