import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { expectRpcError, Links, type RawLink } from './helpers.js';
import { botLink, bytesOf, documentLocation, download, KIB, linkOn, md5hex, MIB, photoLocation, randomId, sha256hex, upload, uploadDocument } from './files-helpers.js';

const uploadMedia = (link: RawLink, file: tl.TypeInputFile) =>
  link.invoke({ _: 'messages.uploadMedia', peer: { _: 'inputPeerSelf' }, media: { _: 'inputMediaUploadedDocument', file, mimeType: 'application/octet-stream', attributes: [] } });

describe('emulator: files — uploads and upload.getFile', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  const links = new Links(() => emulator);
  let n = 0;
  let link: RawLink;
  let me: bigint;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(async () => {
    ({ link, id: me } = await botLink(emulator, links, `files_bot_${++n}`));
  });
  afterEach(async () => {
    emulator.files.reset();
    await links.closeAll();
  });
  after(() => emulator.close());

  describe('uploads', () => {
    it('a small file in parts sent out of order and at once comes back byte for byte', async () => {
      const bytes = bytesOf(300 * KIB + 123);
      const doc = await uploadDocument(link, bytes, { partSize: 64 * KIB, order: (count) => [...Array(count).keys()].reverse(), name: 'notes.txt', mimeType: 'text/plain' });
      expect(doc).to.include({ size: BigInt(bytes.length), dcId: 1, mimeType: 'text/plain' });
      expect(doc.attributes).to.deep.equal([{ _: 'documentAttributeFilename', fileName: 'notes.txt' }]);
      expect(sha256hex(await download(link, documentLocation(doc), bytes.length, 128 * KIB))).to.equal(sha256hex(bytes));
      expect(sha256hex(emulator.files.stored(doc.id)!)).to.equal(sha256hex(bytes));
    });

    it('a one-part file of a few bytes; a correct md5_checksum is accepted', async () => {
      const bytes = bytesOf(10);
      const doc = await uploadDocument(link, bytes, { md5: md5hex(bytes) });
      expect(await download(link, documentLocation(doc), 10)).to.deep.equal(bytes);
    });

    it('a big file (over 10 MiB) with saveBigFilePart and inputFileBig', async () => {
      const bytes = bytesOf(10 * MIB + 5 * KIB);
      const file = await upload(link, bytes, { partSize: 512 * KIB, big: true });
      expect(file._).to.equal('inputFileBig');
      const doc = await uploadDocument(link, bytes, { partSize: 512 * KIB, big: true });
      expect(sha256hex(await download(link, documentLocation(doc), bytes.length, MIB))).to.equal(sha256hex(bytes));
      // The same bytes as a small upload are too many for saveFilePart.
      await expectRpcError(uploadMedia(link, await upload(link, bytes, { partSize: 512 * KIB, big: false })), 400, 'FILE_PARTS_INVALID');
    });

    it('a small upload named as big, and a big one as small: FILE_PARTS_INVALID', async () => {
      const small = await upload(link, bytesOf(3 * KIB), { partSize: KIB });
      await expectRpcError(uploadMedia(link, { _: 'inputFileBig', id: small.id, parts: small.parts, name: 'x' }), 400, 'FILE_PARTS_INVALID');
      const big = await upload(link, bytesOf(3 * KIB), { partSize: KIB, big: true });
      await expectRpcError(uploadMedia(link, { _: 'inputFile', id: big.id, parts: big.parts, name: 'x', md5Checksum: '' }), 400, 'FILE_PARTS_INVALID');
      await expectRpcError(uploadMedia(link, { _: 'inputFileBig', id: big.id, parts: 2, name: 'x' }), 400, 'FILE_PARTS_INVALID');
    });

    it('part numbers and counts out of range: FILE_PART_INVALID, FILE_PARTS_INVALID', async () => {
      const fileId = randomId();
      const bytes = bytesOf(KIB);
      await expectRpcError(link.invoke({ _: 'upload.saveFilePart', fileId, filePart: -1, bytes }), 400, 'FILE_PART_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.saveFilePart', fileId, filePart: 4000, bytes }), 400, 'FILE_PART_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.saveBigFilePart', fileId, filePart: 3, fileTotalParts: 3, bytes }), 400, 'FILE_PART_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.saveBigFilePart', fileId, filePart: 0, fileTotalParts: 0, bytes }), 400, 'FILE_PARTS_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.saveBigFilePart', fileId, filePart: 0, fileTotalParts: 4001, bytes }), 400, 'FILE_PARTS_INVALID');
      expect(await link.invoke({ _: 'upload.saveBigFilePart', fileId, filePart: 0, fileTotalParts: 3, bytes })).to.equal(true);
      // The total may not change, and the file_id may not turn into a small upload.
      await expectRpcError(link.invoke({ _: 'upload.saveBigFilePart', fileId, filePart: 1, fileTotalParts: 4, bytes }), 400, 'FILE_PARTS_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.saveFilePart', fileId, filePart: 1, bytes }), 400, 'FILE_PARTS_INVALID');
    });

    it('part sizes: FILE_PART_EMPTY, FILE_PART_TOO_BIG, FILE_PART_SIZE_INVALID, FILE_PART_SIZE_CHANGED', async () => {
      await expectRpcError(link.invoke({ _: 'upload.saveFilePart', fileId: randomId(), filePart: 0, bytes: new Uint8Array(0) }), 400, 'FILE_PART_EMPTY');
      await expectRpcError(link.invoke({ _: 'upload.saveFilePart', fileId: randomId(), filePart: 0, bytes: bytesOf(512 * KIB + 1) }), 400, 'FILE_PART_TOO_BIG');

      // 1000 bytes is fine as a last part, but not as every part's size.
      const odd = randomId();
      await link.invoke({ _: 'upload.saveFilePart', fileId: odd, filePart: 1, bytes: bytesOf(1000) });
      await expectRpcError(link.invoke({ _: 'upload.saveFilePart', fileId: odd, filePart: 0, bytes: bytesOf(1000) }), 400, 'FILE_PART_SIZE_INVALID');
      // 3 KiB is a multiple of 1 KiB that does not divide 512 KiB.
      const three = randomId();
      await link.invoke({ _: 'upload.saveFilePart', fileId: three, filePart: 0, bytes: bytesOf(3 * KIB) });
      await expectRpcError(link.invoke({ _: 'upload.saveFilePart', fileId: three, filePart: 1, bytes: bytesOf(3 * KIB) }), 400, 'FILE_PART_SIZE_INVALID');

      const changed = randomId();
      await link.invoke({ _: 'upload.saveFilePart', fileId: changed, filePart: 0, bytes: bytesOf(2 * KIB) });
      await link.invoke({ _: 'upload.saveFilePart', fileId: changed, filePart: 1, bytes: bytesOf(KIB) }); // could be the last part…
      await expectRpcError(link.invoke({ _: 'upload.saveFilePart', fileId: changed, filePart: 2, bytes: bytesOf(2 * KIB) }), 400, 'FILE_PART_SIZE_CHANGED'); // …it is not
      // A refused part leaves the others as they were: part 1 can be sent again at the right size.
      await link.invoke({ _: 'upload.saveFilePart', fileId: changed, filePart: 1, bytes: bytesOf(2 * KIB) });
      await link.invoke({ _: 'upload.saveFilePart', fileId: changed, filePart: 2, bytes: bytesOf(KIB) });
      const doc = (await uploadMedia(link, { _: 'inputFile', id: changed, parts: 3, name: 'c', md5Checksum: '' })) as tl.MessageMediaDocument;
      expect((doc.document as tl.Document).size).to.equal(5n * 1024n);

      const big = randomId();
      await link.invoke({ _: 'upload.saveBigFilePart', fileId: big, filePart: 2, fileTotalParts: 3, bytes: bytesOf(KIB) });
      await link.invoke({ _: 'upload.saveBigFilePart', fileId: big, filePart: 0, fileTotalParts: 3, bytes: bytesOf(4 * KIB) });
      await expectRpcError(link.invoke({ _: 'upload.saveBigFilePart', fileId: big, filePart: 1, fileTotalParts: 3, bytes: bytesOf(2 * KIB) }), 400, 'FILE_PART_SIZE_CHANGED');
    });

    it('a missing part: FILE_PART_X_MISSING; an unknown file_id: FILE_PART_0_MISSING; a wrong md5: MD5_CHECKSUM_INVALID', async () => {
      const bytes = bytesOf(5 * KIB);
      const file = (await upload(link, bytes, { partSize: KIB, order: () => [0, 1, 3, 4] })) as tl.InputFile;
      await expectRpcError(uploadMedia(link, file), 400, 'FILE_PART_2_MISSING');
      await expectRpcError(uploadMedia(link, { ...file, id: randomId() }), 400, 'FILE_PART_0_MISSING');
      const whole = (await upload(link, bytes, { partSize: KIB })) as tl.InputFile;
      await expectRpcError(uploadMedia(link, { ...whole, md5Checksum: md5hex(bytesOf(5)) }), 400, 'MD5_CHECKSUM_INVALID');
      await expectRpcError(uploadMedia(link, { ...whole, parts: 4 }), 400, 'FILE_PARTS_INVALID');
    });

    it('parts belong to the account that sent them', async () => {
      const other = await botLink(emulator, links, `files_other_${n}`);
      const file = await upload(link, bytesOf(2 * KIB), { partSize: KIB });
      await expectRpcError(uploadMedia(other.link, file), 400, 'FILE_PART_0_MISSING');
    });
  });

  describe('upload.getFile', () => {
    let doc: tl.Document;
    let bytes: Uint8Array;
    before(() => {
      bytes = bytesOf(2 * MIB + 100 * KIB);
    });
    beforeEach(() => {
      doc = emulator.files.put(me, bytes, { name: 'data.bin', mimeType: 'application/zip', dcId: 1 }) as tl.Document;
    });
    const get = (offset: number, limit: number, precise?: boolean) => link.invoke({ _: 'upload.getFile', precise, location: documentLocation(doc), offset: BigInt(offset), limit });

    it('answers ranges; a piece is storage.filePartial, past the end is empty', async () => {
      const first = await get(0, 4 * KIB);
      expect(first).to.deep.include({ _: 'upload.file', type: { _: 'storage.filePartial' }, mtime: doc.date });
      expect((first as tl.upload.File).bytes).to.deep.equal(bytes.subarray(0, 4 * KIB));
      const tail = (await get(2 * MIB, MIB)) as tl.upload.File;
      expect(tail.bytes).to.deep.equal(bytes.subarray(2 * MIB));
      expect(((await get(3 * MIB, MIB)) as tl.upload.File).bytes).to.have.length(0);
    });

    it('a whole file in one answer carries its own storage type', async () => {
      const zip = emulator.files.put(me, bytesOf(5000), { mimeType: 'application/pdf', dcId: 1 }) as tl.Document;
      const whole = await link.invoke({ _: 'upload.getFile', location: documentLocation(zip), offset: 0n, limit: 8 * KIB });
      expect(whole).to.deep.include({ type: { _: 'storage.filePdf' } });
    });

    it('offsets: multiples of 4 KiB (OFFSET_INVALID)', async () => {
      await expectRpcError(get(1000, 4 * KIB), 400, 'OFFSET_INVALID');
      await expectRpcError(get(KIB, 4 * KIB), 400, 'OFFSET_INVALID');
      await expectRpcError(get(-4096, 4 * KIB), 400, 'OFFSET_INVALID');
    });

    it('limits: multiples of 4 KiB, at most 1 MiB, dividing 1 MiB (LIMIT_INVALID)', async () => {
      await expectRpcError(get(0, 0), 400, 'LIMIT_INVALID');
      await expectRpcError(get(0, 1000), 400, 'LIMIT_INVALID');
      await expectRpcError(get(0, 2 * MIB), 400, 'LIMIT_INVALID');
      await expectRpcError(get(0, 12 * KIB), 400, 'LIMIT_INVALID');
      expect(((await get(0, MIB)) as tl.upload.File).bytes).to.have.length(MIB);
    });

    it('a range may not cross a 1 MiB boundary (LIMIT_INVALID)', async () => {
      await expectRpcError(get(MIB - 4 * KIB, 8 * KIB), 400, 'LIMIT_INVALID');
      await expectRpcError(get(512 * KIB + 4 * KIB, 512 * KIB), 400, 'LIMIT_INVALID');
      expect(((await get(MIB - 8 * KIB, 8 * KIB)) as tl.upload.File).bytes).to.deep.equal(bytes.subarray(MIB - 8 * KIB, MIB));
    });

    it('precise: 1 KiB steps and any limit up to 1 MiB, still inside one 1 MiB fragment', async () => {
      const part = (await get(KIB, 3 * KIB, true)) as tl.upload.File;
      expect(part.bytes).to.deep.equal(bytes.subarray(KIB, 4 * KIB));
      await expectRpcError(get(512, KIB, true), 400, 'OFFSET_INVALID');
      await expectRpcError(get(MIB - KIB, 2 * KIB, true), 400, 'LIMIT_INVALID');
    });

    it('an unknown id or a wrong access_hash: FILE_ID_INVALID; a thumb a document lacks: LOCATION_INVALID', async () => {
      const loc = documentLocation(doc);
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: { ...loc, id: randomId() }, offset: 0n, limit: 4096 }), 400, 'FILE_ID_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: { ...loc, accessHash: loc.accessHash + 1n }, offset: 0n, limit: 4096 }), 400, 'FILE_ID_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: { ...loc, thumbSize: 'm' }, offset: 0n, limit: 4096 }), 400, 'LOCATION_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: { _: 'inputPhotoFileLocation', id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: 'x' }, offset: 0n, limit: 4096 }), 400, 'FILE_ID_INVALID');
    });

    it('file references: empty, garbage, another file’s', async () => {
      const loc = documentLocation(doc);
      const other = emulator.files.put(me, bytesOf(10), { dcId: 1 }) as tl.Document;
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: { ...loc, fileReference: new Uint8Array(0) }, offset: 0n, limit: 4096 }), 400, 'FILE_REFERENCE_EMPTY');
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: { ...loc, fileReference: bytesOf(21) }, offset: 0n, limit: 4096 }), 400, 'FILE_REFERENCE_INVALID');
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: { ...loc, fileReference: other.fileReference }, offset: 0n, limit: 4096 }), 400, 'FILE_REFERENCE_INVALID');
    });

    it('a file on another DC answers 303 FILE_MIGRATE_X; there, with an imported authorization, it downloads', async () => {
      const far = emulator.files.put(me, bytesOf(9 * KIB), { dcId: 2 }) as tl.Document;
      expect(far.dcId).to.equal(2);
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: documentLocation(far), offset: 0n, limit: 4096 }), 303, 'FILE_MIGRATE_2');
      const dc2 = await linkOn(links, link, 2);
      expect(await download(dc2, documentLocation(far), 9 * KIB, 4 * KIB)).to.deep.equal(emulator.files.stored(far.id));
    });

    it('photos: each size by thumb_size, the smaller ones prefixes of the largest', async () => {
      const jpeg = bytesOf(64 * KIB);
      const photo = emulator.files.put(me, jpeg, { kind: 'photo', dcId: 1 }) as tl.Photo;
      expect(photo._).to.equal('photo');
      const sizes = photo.sizes as tl.PhotoSize[];
      expect(sizes.map((s) => [s.type, s.size])).to.deep.equal([['s', 4 * KIB], ['m', 16 * KIB], ['x', 64 * KIB]]);
      for (const s of sizes) expect(await download(link, photoLocation(photo, s.type), s.size, 4 * KIB)).to.deep.equal(jpeg.subarray(0, s.size));
      const whole = await link.invoke({ _: 'upload.getFile', location: photoLocation(photo, 'x'), offset: 0n, limit: 128 * KIB });
      expect(whole).to.deep.include({ type: { _: 'storage.fileJpeg' } });
      await expectRpcError(link.invoke({ _: 'upload.getFile', location: photoLocation(photo, 'w'), offset: 0n, limit: 4096 }), 400, 'LOCATION_INVALID');
    });

    it('upload.getFileHashes: SHA-256 of 128 KiB pieces', async () => {
      const hashes = (await link.invoke({ _: 'upload.getFileHashes', location: documentLocation(doc), offset: BigInt(MIB) })) as tl.FileHash[];
      expect(hashes).to.have.length(8);
      expect(hashes[0]).to.include({ offset: BigInt(MIB), limit: 128 * KIB });
      expect(Buffer.from(hashes[0].hash).toString('hex')).to.equal(sha256hex(bytes.subarray(MIB, MIB + 128 * KIB)));
    });
  });
});
