import { expect } from 'chai';
import { existsSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { lastValueFrom, toArray } from 'rxjs';
import type { tl } from '../../../../src/schema/index.js';
import { CdnHashMismatchError, FileInputError, FileTransferAbortedError, FileTransferError, type TransferProgress } from '../../../../src/protocol/client/files/index.js';
import { useEmulator } from '../harness.js';
import { botWithUser, bytesOf, KIB, MIB, sha256hex } from './helpers.js';

describe('client files: sources, sinks, references, DCs, CDN, faults', function () {
  const h = useEmulator();
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'layer-files-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => h.emulator.files.reset());

  /** The bot sends `bytes` as a document to the user and returns the message (its origin for references). */
  async function sent(pair: Awaited<ReturnType<typeof botWithUser>>, bytes: Uint8Array): Promise<tl.Message> {
    return pair.client.sendFile(pair.peer, await pair.client.uploadFile(bytes), { kind: 'document', name: 'f.bin' });
  }

  describe('sources', () => {
    it('a path, a Uint8Array, a Readable and an async iterable upload the same bytes', async () => {
      const pair = await botWithUser(h);
      const bytes = bytesOf(3 * MIB + 123);
      const path = join(dir, 'source.bin');
      writeFileSync(path, bytes);
      async function* pieces() {
        for (let at = 0; at < bytes.length; at += 100_000) yield bytes.subarray(at, at + 100_000);
      }
      const sources = [path, bytes, Readable.from(pieces()), pieces()];
      for (const source of sources) {
        const message = await pair.client.sendFile(pair.peer, source, { kind: 'document', name: 'x.bin' });
        expect(sha256hex(await pair.client.downloadFile(message))).to.equal(sha256hex(bytes));
      }
      const named = await pair.client.uploadFile(path);
      expect(named.name).to.equal('source.bin');
    });

    it('bad sources: a typed error, never a hang (wrong size, a string stream, a missing path, a long stream without size)', async () => {
      const { client } = await botWithUser(h);
      const errors = await Promise.all([
        client.uploadFile(bytesOf(10), { size: 11 }).catch((e: unknown) => e),
        client.uploadFile(Readable.from(['text chunks'])).catch((e: unknown) => e),
        client.uploadFile(join(dir, 'missing.bin')).catch((e: unknown) => e),
        client.uploadFile(Readable.from([bytesOf(6 * MIB), bytesOf(5 * MIB)])).catch((e: unknown) => e),
        client.uploadFile(Readable.from([bytesOf(1000)]), { size: 2000 }).catch((e: unknown) => e),
        client.uploadFile(bytesOf(10), { partSize: 3000 }).catch((e: unknown) => e),
      ]);
      for (const e of errors) expect(e).to.be.instanceOf(FileInputError);
    });
  });

  describe('sinks', () => {
    it('a path, a Writable and memory receive the same bytes', async () => {
      const pair = await botWithUser(h);
      const bytes = bytesOf(2 * MIB + 5);
      const message = await sent(pair, bytes);
      const path = join(dir, 'sink.bin');
      expect(await pair.client.downloadFile(message, { to: path })).to.equal(bytes.length);
      expect(sha256hex(readFileSync(path))).to.equal(sha256hex(bytes));
      const chunks: Buffer[] = [];
      const stream = new Writable({ highWaterMark: 1024, write: (c: Buffer, _e, done) => (chunks.push(c), setImmediate(done)) });
      expect(await pair.client.downloadFile(message, { to: stream })).to.equal(bytes.length);
      expect(sha256hex(Buffer.concat(chunks))).to.equal(sha256hex(bytes));
      expect(sha256hex(await pair.client.downloadFile(message))).to.equal(sha256hex(bytes));
    });

    it('resumes from an offset that is not 4 KiB-aligned', async () => {
      const pair = await botWithUser(h);
      const bytes = bytesOf(3 * MIB);
      const message = await sent(pair, bytes);
      const offset = 1_234_567;
      const tail = await pair.client.downloadFile(message, { offset });
      expect(sha256hex(tail)).to.equal(sha256hex(bytes.subarray(offset)));
    });
  });

  it('a reference that expires mid-download is refreshed from the message, and the bytes are right', async () => {
    const pair = await botWithUser(h);
    const bytes = bytesOf(6 * MIB);
    const message = await sent(pair, bytes);
    const refetches = h.emulator.callCount('messages.getMessages');
    h.emulator.files.expireReferencesAfter(2);
    const back = await pair.client.downloadFile(message);
    expect(sha256hex(back)).to.equal(sha256hex(bytes));
    expect(h.emulator.callCount('messages.getMessages')).to.equal(refetches + 1);
  });

  it('an expired reference without an origin is a typed error', async () => {
    const pair = await botWithUser(h);
    const doc = (await sent(pair, bytesOf(100 * KIB))).media as tl.MessageMediaDocument;
    h.emulator.files.expireReferences();
    const e = await pair.client.downloadFile(doc).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(FileTransferError);
  });

  it('a file on another DC: straight there with the document\'s dc_id, or by FILE_MIGRATE_X from a bare location', async () => {
    const pair = await botWithUser(h);
    const bytes = bytesOf(1 * MIB + 77);
    const doc = h.emulator.files.put(pair.botId, bytes, { dcId: 3 }) as tl.Document;
    expect(doc.dcId).to.equal(3);
    expect(sha256hex(await pair.client.downloadFile(doc))).to.equal(sha256hex(bytes));
    const location: tl.InputDocumentFileLocation = { _: 'inputDocumentFileLocation', id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: '' };
    expect(sha256hex(await pair.client.downloadFile({ location }))).to.equal(sha256hex(bytes));
  });

  describe('CDN', () => {
    it('downloads through the CDN DC: decrypted, hash-checked, right bytes', async () => {
      const pair = await botWithUser(h);
      const bytes = bytesOf(3 * MIB + 999);
      const message = await sent(pair, bytes);
      h.emulator.files.cdn.enabled = true;
      const before = h.emulator.callCount('upload.getCdnFile');
      expect(sha256hex(await pair.client.downloadFile(message))).to.equal(sha256hex(bytes));
      expect(h.emulator.callCount('upload.getCdnFile')).to.be.greaterThan(before);
    });

    it('reupload needed: upload.reuploadCdnFile at the master DC, then the CDN serves it', async () => {
      const pair = await botWithUser(h);
      const bytes = bytesOf(1 * MIB);
      const message = await sent(pair, bytes);
      h.emulator.files.cdn.enabled = true;
      h.emulator.files.cdn.reuploadNeeded = true;
      const before = h.emulator.callCount('upload.reuploadCdnFile');
      expect(sha256hex(await pair.client.downloadFile(message))).to.equal(sha256hex(bytes));
      expect(h.emulator.callCount('upload.reuploadCdnFile')).to.be.greaterThan(before);
    });

    it('a corrupt CDN part is a CdnHashMismatchError, and no partial file is left', async () => {
      const pair = await botWithUser(h);
      const message = await sent(pair, bytesOf(2 * MIB));
      h.emulator.files.cdn.enabled = true;
      h.emulator.files.cdn.corruptPart = 5;
      const path = join(dir, 'corrupt.bin');
      const e = (await pair.client.downloadFile(message, { to: path }).catch((x: unknown) => x)) as FileTransferError;
      expect(e).to.be.instanceOf(FileTransferError);
      expect(e.cause).to.be.instanceOf(CdnHashMismatchError);
      expect((e.cause as CdnHashMismatchError).offset).to.equal(5 * 128 * KIB);
      expect(e.partial).to.deep.equal({ path, kept: false });
      expect(existsSync(path)).to.equal(false);
    });
  });

  describe('cancellation', () => {
    it('an aborted download removes its partial file and says so', async () => {
      const pair = await botWithUser(h);
      const message = await sent(pair, bytesOf(12 * MIB));
      const path = join(dir, 'cancelled.bin');
      const controller = new AbortController();
      const e = (await pair.client.downloadFile(message, { to: path, signal: controller.signal, onProgress: () => controller.abort() }).catch((x: unknown) => x)) as FileTransferAbortedError;
      expect(e).to.be.instanceOf(FileTransferAbortedError);
      expect(e.partial).to.deep.equal({ path, kept: false });
      expect(existsSync(path)).to.equal(false);
    });

    it('keepPartial keeps it; a download from offset = its length completes the file', async () => {
      const pair = await botWithUser(h);
      const bytes = bytesOf(12 * MIB);
      const message = await sent(pair, bytes);
      const path = join(dir, 'resumed.bin');
      const controller = new AbortController();
      const e = (await pair.client
        .downloadFile(message, { to: path, keepPartial: true, signal: controller.signal, onProgress: (p) => p.bytes >= 3 * MIB && controller.abort() })
        .catch((x: unknown) => x)) as FileTransferAbortedError;
      expect(e).to.be.instanceOf(FileTransferAbortedError);
      expect(e.partial).to.deep.equal({ path, kept: true });
      expect(statSync(path).size).to.be.at.least(e.bytes);
      await pair.client.downloadFile(message, { to: path, offset: e.bytes });
      expect(sha256hex(readFileSync(path))).to.equal(sha256hex(bytes));
    });

    it('a source that stalls does not hold a cancel up: the upload rejects at once', async () => {
      const { client } = await botWithUser(h);
      const controller = new AbortController();
      async function* stalls(): AsyncGenerator<Uint8Array> {
        yield bytesOf(64 * KIB);
        await new Promise(() => {}); // a stream that never delivers its next chunk
      }
      const upload = client.uploadFile(stalls(), { size: 256 * KIB, signal: controller.signal, onProgress: () => controller.abort(new Error('stop')) });
      const e = await upload.catch((x: unknown) => x);
      expect(e).to.be.instanceOf(FileTransferAbortedError);
    });

    it('sendFile cancelled once its upload is done sends nothing', async () => {
      const pair = await botWithUser(h);
      const uploaded = await pair.client.uploadFile(bytesOf(256 * KIB), { name: 'late.bin' });
      const before = h.emulator.callCount('messages.sendMedia');
      const controller = new AbortController();
      controller.abort(new Error('too late'));
      const e = await pair.client.sendFile(pair.peer, uploaded, { signal: controller.signal }).catch((x: unknown) => x);
      expect((e as Error).message).to.equal('too late');
      expect(h.emulator.callCount('messages.sendMedia')).to.equal(before);
    });

    it('an aborted upload is a FileTransferAbortedError', async () => {
      const { client } = await botWithUser(h);
      const controller = new AbortController();
      const e = await client.uploadFile(bytesOf(12 * MIB), { signal: controller.signal, onProgress: () => controller.abort() }).catch((x: unknown) => x);
      expect(e).to.be.instanceOf(FileTransferAbortedError);
    });
  });

  it('a connection dropped mid-download: the links reconnect, the download completes with the right bytes', async () => {
    const pair = await botWithUser(h);
    const bytes = bytesOf(16 * MIB);
    const message = await sent(pair, bytes);
    let dropped = false;
    const back = await pair.client.downloadFile(message, {
      onProgress: (p) => {
        if (!dropped && p.bytes >= 2 * MIB) {
          dropped = true;
          h.emulator.faults.closeConnections();
        }
      },
    });
    expect(dropped).to.equal(true);
    expect(sha256hex(back)).to.equal(sha256hex(bytes));
  });

  it('a connection dropped mid-upload: the upload completes and the file is whole', async () => {
    const pair = await botWithUser(h);
    const bytes = bytesOf(14 * MIB);
    let dropped = false;
    const file = await pair.client.uploadFile(bytes, {
      onProgress: (p) => {
        if (!dropped && p.bytes >= 2 * MIB) {
          dropped = true;
          h.emulator.faults.closeConnections();
        }
      },
    });
    const message = await pair.client.sendFile(pair.peer, file, { kind: 'document' });
    expect(sha256hex(await pair.client.downloadFile(message))).to.equal(sha256hex(bytes));
  });

  it('photo sizes: the largest by default, or one by type; a missing type is a typed error', async () => {
    const pair = await botWithUser(h);
    const bytes = bytesOf(64 * KIB);
    const photo = h.emulator.files.put(pair.botId, bytes, { kind: 'photo' }) as tl.Photo;
    const largest = await pair.client.downloadFile(photo);
    expect(sha256hex(largest)).to.equal(sha256hex(bytes));
    const m = photo.sizes.find((s): s is tl.PhotoSize => s.type === 'm' && s._ === 'photoSize')!;
    const small = await pair.client.downloadFile(photo, { size: 'm' });
    expect(small.length).to.equal(m.size);
    expect(sha256hex(small)).to.equal(sha256hex(bytes.subarray(0, m.size)));
    const e = await pair.client.downloadFile(photo, { size: 'q' }).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(FileInputError);
  });

  it('progress: monotonic, ending at the total, as a callback and as download$ / upload$', async () => {
    const pair = await botWithUser(h);
    const bytes = bytesOf(5 * MIB + 3);
    const seen: TransferProgress[] = [];
    const file = await pair.client.uploadFile(bytes, { onProgress: (p) => seen.push(p) });
    const message = await pair.client.sendFile(pair.peer, file, { kind: 'document' });
    const events = await lastValueFrom(pair.client.download$(message).pipe(toArray()));
    const uploads = await lastValueFrom(pair.client.upload$(bytes).pipe(toArray()));
    for (const list of [seen, events, uploads]) {
      for (let i = 1; i < list.length; i++) expect(list[i].bytes).to.be.at.least(list[i - 1].bytes);
      expect(list.at(-1)!.bytes).to.equal(bytes.length);
      expect(list.at(-1)!.total).to.equal(bytes.length);
      for (const p of list) expect(p.rate).to.be.at.least(0);
    }
    expect(sha256hex(events.at(-1)!.data!)).to.equal(sha256hex(bytes));
    expect(uploads.at(-1)!.file!._).to.equal('inputFile');
  });

  it('a stream sink that closes early is an error, not a silent loss', async () => {
    const pair = await botWithUser(h);
    const message = await sent(pair, bytesOf(3 * MIB));
    const stream = new PassThrough({ highWaterMark: 1024 });
    setImmediate(() => stream.destroy());
    const e = await pair.client.downloadFile(message, { to: stream }).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(FileTransferError);
  });
});
