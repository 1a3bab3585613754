/**
 * The SQLite store beyond the conformance suite: files it must refuse without
 * touching them, one opener at a time (with child processes), and crash
 * safety under `kill -9` during heavy writes.
 */
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import {
  SessionFileError,
  SessionInUseError,
  SqliteSessionStore,
  type SessionFileProblem,
} from '../../../src/protocol/storage/index.js';
import { prng } from './conformance.js';
import { key, nextLine, scattered, sessionChild, tempDir, withRawDb } from './helpers.js';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function refusedFile(file: string, problem: SessionFileProblem, message?: RegExp): Promise<SessionFileError> {
  try {
    const s = await SqliteSessionStore.open(file);
    await s.close();
  } catch (e) {
    expect(e).to.be.instanceOf(SessionFileError);
    const err = e as SessionFileError;
    expect(err.problem, err.message).to.equal(problem);
    expect(err.file).to.equal(file);
    expect(err.message).to.contain(file).and.to.contain('left untouched');
    if (message) expect(err.message).to.match(message);
    return err;
  }
  throw new Error(`${file} opened without complaint`);
}

describe('SqliteSessionStore', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  describe('files it refuses, untouched', () => {
    /** Refuses the file and checks nothing was written beside or into it. */
    async function untouched(file: string, problem: SessionFileProblem, message?: RegExp): Promise<SessionFileError> {
      const before = digest(file);
      const names = readdirSync(dir.path).sort();
      const e = await refusedFile(file, problem, message);
      expect(digest(file), 'the file changed').to.equal(before);
      expect(readdirSync(dir.path).sort(), 'files appeared beside it').to.deep.equal(names);
      return e;
    }

    it('random bytes: not SQLite', async () => {
      const file = dir.file('random.db');
      writeFileSync(file, randomBytes(4096));
      await untouched(file, 'not-sqlite', /not an SQLite database/);
    });

    it('a short text file: not SQLite', async () => {
      const file = dir.file('notes.session');
      writeFileSync(file, 'my session notes\n');
      await untouched(file, 'not-sqlite');
    });

    it('an SQLite magic string over random bytes: damaged header', async () => {
      const file = dir.file('header.db');
      writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), randomBytes(8192)]));
      await untouched(file, 'corrupt', /header is damaged/);
    });

    it('a valid WAL-mode header over random pages: damaged, and no WAL file left beside it', async () => {
      const file = dir.file('pages.db');
      await (await SqliteSessionStore.open(file)).close();
      const header = readFileSync(file).subarray(0, 100);
      header[18] = 2; // WAL mode: SQLite creates a -wal file when it opens one
      header[19] = 2;
      writeFileSync(file, Buffer.concat([header, randomBytes(3 * 4096 - 100)]));
      await untouched(file, 'corrupt', /damaged/);
    });

    it('a layer session with damaged pages: damaged', async () => {
      const file = dir.file('damaged.db');
      const s = await SqliteSessionStore.open(file);
      s.setAuthKey(2, key(2));
      s.putPeers(Array.from({ length: 3000 }, (_, i) => ({ id: BigInt(i + 1), accessHash: BigInt(i), kind: 'user' as const, min: false, username: `user_${i}` })));
      await s.close();
      const bytes = readFileSync(file);
      expect(bytes.length).to.be.above(16 * 4096);
      const rnd = prng(11);
      for (let page = 2; page * 4096 < bytes.length; page += 3) for (let i = 0; i < 64; i++) bytes[page * 4096 + rnd(4096)] = rnd(256);
      writeFileSync(file, bytes);
      await untouched(file, 'corrupt');
    });

    it("another app's SQLite database, named when it is Telethon's", async () => {
      const file = dir.file('telethon.session');
      await withRawDb(file, async (db) => {
        await db.batch([
          'CREATE TABLE version (version INTEGER PRIMARY KEY)',
          'CREATE TABLE sessions (dc_id INTEGER PRIMARY KEY, server_address TEXT, port INTEGER, auth_key BLOB, takeout_id INTEGER)',
          'CREATE TABLE entities (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, username TEXT, phone INTEGER, name TEXT, date INTEGER)',
          'CREATE TABLE sent_files (md5_digest BLOB, file_size INTEGER, type INTEGER, id INTEGER, hash INTEGER, PRIMARY KEY (md5_digest, file_size, type))',
          'CREATE TABLE update_state (id INTEGER PRIMARY KEY, pts INTEGER, qts INTEGER, date INTEGER, seq INTEGER)',
        ]);
      });
      await untouched(file, 'foreign', /another app \(looks like a Telethon session\).*tables: entities, sent_files, sessions, update_state, version/);
    });

    it('a database with another application id', async () => {
      const file = dir.file('other.db');
      await withRawDb(file, async (db) => {
        await db.execute('PRAGMA application_id = 1234');
      });
      await untouched(file, 'foreign', /application id 0x4d2/);
    });

    it('a session from a newer layer', async () => {
      const file = dir.file('newer.db');
      await (await SqliteSessionStore.open(file)).close();
      await withRawDb(file, async (db) => {
        await db.execute('PRAGMA user_version = 99');
      });
      await untouched(file, 'newer-version', /schema 99.*upgrade layer/);
    });

    it('a folder that does not exist, and a folder where the file should be', async () => {
      await refusedFile(dir.file('missing/session.db'), 'unreadable', /does not exist/);
      mkdirSync(dir.file('a-folder'));
      await refusedFile(dir.file('a-folder'), 'unreadable', /not a regular file/);
      expect(existsSync(dir.file('missing'))).to.equal(false);
    });
  });

  it('takes an empty file as a new session', async () => {
    const file = dir.file('empty.db');
    writeFileSync(file, '');
    const s = await SqliteSessionStore.open(file);
    s.setHomeDc(3);
    await s.close();
    const again = await SqliteSessionStore.open(file);
    expect(again.homeDc()).to.equal(3);
    await again.close();
  });

  it('leaves one self-contained file and no lock file after close', async () => {
    const file = dir.file('tidy.db');
    const s = await SqliteSessionStore.open(file);
    expect(readdirSync(dir.path).sort()).to.deep.equal(['tidy.db', 'tidy.db-wal', 'tidy.db.lock']);
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid).to.equal(process.pid);
    s.setAuthKey(1, key(1));
    await s.close();
    expect(readdirSync(dir.path)).to.deep.equal(['tidy.db']);
  });

  describe('one opener at a time', () => {
    it('refuses a second store in the same process, naming this process', async () => {
      const file = dir.file('twice.db');
      const first = await SqliteSessionStore.open(file);
      try {
        await SqliteSessionStore.open(file);
        expect.fail('opened twice');
      } catch (e) {
        expect(e).to.be.instanceOf(SessionInUseError);
        const err = e as SessionInUseError;
        expect(err.pid).to.equal(process.pid);
        expect(err.file).to.equal(file);
        expect(err.message).to.match(/in use by this process.*AUTH_KEY_DUPLICATED.*use a different session file, or close the other process/);
      }
      first.setHomeDc(1);
      await first.close();
      const after = await SqliteSessionStore.open(file);
      expect(after.homeDc()).to.equal(1);
      await after.close();
    });

    it('refuses while another process holds the file, naming its PID, and opens once it has closed', async () => {
      const file = dir.file('shared.db');
      const holder = sessionChild(file, 'hold');
      expect(await nextLine(holder.lines)).to.equal('ready');
      try {
        await SqliteSessionStore.open(file);
        expect.fail('opened a file another process holds');
      } catch (e) {
        expect(e).to.be.instanceOf(SessionInUseError);
        expect((e as SessionInUseError).pid).to.equal(holder.child.pid);
        expect((e as Error).message).to.contain(`in use by process ${holder.child.pid}`).and.to.contain(file);
      }
      holder.child.stdin!.end();
      expect(await holder.exited).to.equal(0);
      const s = await SqliteSessionStore.open(file);
      await s.close();
    });

    it('a child refuses the file this process holds', async () => {
      const file = dir.file('mine.db');
      const s = await SqliteSessionStore.open(file);
      const other = sessionChild(file, 'hold');
      expect(await nextLine(other.lines)).to.equal(`error SessionInUseError session file ${file} is in use by process ${process.pid}. ` +
        'One session must not run twice (Telegram would revoke it with AUTH_KEY_DUPLICATED): use a different session file, or close the other process (or store) first.');
      expect(await other.exited).to.equal(2);
      await s.close();
    });

    it('opens over a lock file left by a killed process, or naming a live process that does not hold the file', async () => {
      const file = dir.file('stale.db');
      const holder = sessionChild(file, 'hold');
      expect(await nextLine(holder.lines)).to.equal('ready');
      holder.child.kill('SIGKILL');
      await holder.exited;
      expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid, 'the dead holder left its lock file').to.equal(holder.child.pid);
      const s = await SqliteSessionStore.open(file);
      expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid).to.equal(process.pid);
      await s.close();
      // A PID that is alive (our parent) but holds nothing: PID reuse after a crash looks like this.
      writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.ppid }));
      const again = await SqliteSessionStore.open(file);
      await again.close();
    });
  });

  it('survives kill -9 during heavy writes: never damaged, the auth key kept, every acknowledged flush kept, batches whole', async () => {
    const file = dir.file('crash.db');
    const seed = Date.now() % 1_000_000;
    const rnd = prng(seed);
    let acked = 0;
    for (let round = 0; round < 6; round++) {
      const writer = sessionChild(file, 'write');
      expect(await nextLine(writer.lines), `seed ${seed}: it resumes where the last run's file ends`).to.equal(`ready ${acked}`);
      // Kill after a random number of acknowledged flushes; the child keeps writing meanwhile.
      const wait = 1 + rnd(120);
      for (let i = 0; i < wait; i++) acked = Number(await nextLine(writer.lines));
      writer.child.kill('SIGKILL');
      await writer.exited;
      const at = `seed ${seed}, round ${round}`;

      const raw = await withRawDb(file, async (db) => {
        const check = String((await db.execute('PRAGMA integrity_check')).rows[0][0]);
        const authKey = (await db.execute('SELECT auth_key FROM dcs WHERE id = 2')).rows[0]?.[0];
        return { check, authKey: authKey ? new Uint8Array(authKey as ArrayBuffer) : undefined };
      });
      expect(raw.check, at).to.equal('ok');
      expect(raw.authKey, `${at}: the auth key`).to.deep.equal(key(2));

      const s = await SqliteSessionStore.open(file);
      const pts = s.updateState()!.pts;
      expect(pts, `${at}: acknowledged ${acked}`).to.be.at.least(acked);
      // Whole batches: everything written with that pts is there, nothing after it.
      expect(s.updateState(), at).to.deep.equal({ pts, qts: pts * 2, seq: pts, date: 1_700_000_000 + pts });
      expect(s.channelPts(1n), at).to.equal(pts);
      expect(s.dc(2)?.salt, at).to.equal(BigInt(pts));
      expect(s.homeDc(), at).to.equal(2);
      expect(await s.peer(BigInt(pts)), at).to.deep.equal({
        id: BigInt(pts),
        accessHash: BigInt(pts) * 7n,
        kind: 'user',
        min: false,
        username: `user${pts % 64}`,
        phone: `${pts % 97}`,
      });
      expect((await s.peerByUsername(`USER${pts % 64}`))?.id, at).to.equal(BigInt(pts));
      expect(await s.peer(BigInt(-pts)), at).to.deep.equal({ id: BigInt(-pts), accessHash: 0n, kind: 'chat', min: false });
      expect(await s.peer(BigInt(pts + 1)), at).to.equal(undefined);
      for (const id of scattered(pts)) expect((await s.peer(id))?.accessHash, `${at}: peer ${id} of the last batch`).to.equal(BigInt(pts));
      for (const id of scattered(pts + 1)) expect((await s.peer(id))?.accessHash, `${at}: peer ${id} of the next batch`).to.not.equal(BigInt(pts + 1));
      // Peer 1 alternates full (odd pts) and min (even): a min write never took the full hash.
      expect(await s.peer(1n), at).to.deep.equal({ id: 1n, accessHash: BigInt(pts % 2 ? pts : pts - 1), kind: 'user', min: false });
      await s.close();
      acked = pts;
    }
  });
});
