import { expect } from 'chai';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { cdnDecrypt, downloadRanges, FileInputError, isValidDownloadRange, uploadPlan, BIG_FILE_FROM, CDN_BLOCK } from '../../../../src/protocol/client/files/index.js';
import { CdnHashes } from '../../../../src/protocol/client/files/cdn-crypto.js';
import { ProgressMeter, type TransferProgress } from '../../../../src/protocol/client/files/progress.js';
import { CdnHashMismatchError } from '../../../../src/protocol/client/files/errors.js';
import { exactParts } from '../../../../src/protocol/client/files/sources.js';

const KIB = 1024;
const MIB = 1024 * KIB;

describe('client files: pure pieces', () => {
  describe('upload plan', () => {
    it('parts divide 512 KiB, small below 10 MB, big from 10 MB, at most 8000 parts', () => {
      for (const size of [1, 1000, 512 * KIB, BIG_FILE_FROM - 1, BIG_FILE_FROM, 25 * MIB, 1500 * MIB]) {
        const plan = uploadPlan(size);
        expect((512 * KIB) % plan.partSize, `${size}`).to.equal(0);
        expect(plan.partSize).to.be.within(KIB, 512 * KIB);
        expect(plan.big).to.equal(size >= BIG_FILE_FROM);
        expect(plan.parts).to.equal(Math.ceil(size / plan.partSize));
      }
      expect(uploadPlan(BIG_FILE_FROM).partSize).to.equal(512 * KIB);
      expect(() => uploadPlan(5000 * MIB)).to.throw(FileInputError);
      expect(() => uploadPlan(100, 3000)).to.throw(FileInputError);
      expect(() => uploadPlan(-1)).to.throw(FileInputError);
    });
  });

  describe('download ranges', () => {
    it('every request obeys Telegram\'s rules, and together they cover the file exactly once', () => {
      for (const [from, end, part] of [
        [0, 25 * MIB + 3, MIB],
        [1_234_567, 5 * MIB, MIB],
        [4096 * 3, 3 * MIB, 512 * KIB],
        [0, 1, 64 * KIB],
        [MIB - 4096, 2 * MIB + 1, MIB],
      ] as const) {
        let at = from - (from % 4096);
        for (const r of downloadRanges(from, end, part)) {
          expect(isValidDownloadRange(r), JSON.stringify(r)).to.equal(true);
          expect(r.offset).to.equal(at);
          at += r.limit;
        }
        expect(at).to.be.at.least(end);
        expect(at - end).to.be.below(part);
      }
      expect(isValidDownloadRange({ offset: 512 * KIB, limit: MIB })).to.equal(false);
      expect(isValidDownloadRange({ offset: 100, limit: 4096 })).to.equal(false);
      expect(() => downloadRanges(0, 10, 3000).next()).to.throw(FileInputError);
    });
  });

  describe('CDN bytes', () => {
    it('AES-256-CTR with the IV\'s last 4 bytes = offset / 16, big-endian: matches node\'s CTR over the whole file', () => {
      const key = randomBytes(32);
      const iv = randomBytes(16);
      iv.writeUInt32BE(0, 12);
      const plain = randomBytes(3 * CDN_BLOCK);
      const cipher = createCipheriv('aes-256-ctr', key, iv).update(plain);
      for (const offset of [0, CDN_BLOCK, 2 * CDN_BLOCK]) {
        const part = cdnDecrypt(cipher.subarray(offset, offset + CDN_BLOCK), key, iv, offset);
        expect(Buffer.from(part).equals(plain.subarray(offset, offset + CDN_BLOCK))).to.equal(true);
      }
      expect(() => cdnDecrypt(cipher, key, iv, 8)).to.throw(FileInputError);
    });

    it('hash checks: right bytes pass, a flipped byte is a CdnHashMismatchError naming the block', () => {
      const plain = randomBytes(2 * CDN_BLOCK + 100);
      const hashes = new CdnHashes();
      for (let at = 0; at < plain.length; at += CDN_BLOCK) {
        const block = plain.subarray(at, at + CDN_BLOCK);
        hashes.add([{ _: 'fileHash', offset: BigInt(at), limit: block.length, hash: createHash('sha256').update(block).digest() }]);
      }
      hashes.verify(plain, 0);
      hashes.verify(plain.subarray(CDN_BLOCK), CDN_BLOCK);
      const bad = Buffer.from(plain);
      bad[CDN_BLOCK + 7] ^= 1;
      const e = (() => {
        try {
          hashes.verify(bad, 0);
        } catch (x) {
          return x;
        }
      })() as CdnHashMismatchError;
      expect(e).to.be.instanceOf(CdnHashMismatchError);
      expect(e.offset).to.equal(CDN_BLOCK);
      expect(hashes.missing(0, 4 * CDN_BLOCK, CDN_BLOCK)).to.deep.equal([3 * CDN_BLOCK]);
    });
  });

  describe('progress', () => {
    it('bytes add up, the rate is over the last second, and an unknown total is filled in at the end', () => {
      let now = 0;
      const seen: TransferProgress[] = [];
      const meter = new ProgressMeter(undefined, () => now).listen((p) => seen.push(p));
      for (let i = 0; i < 4; i++) {
        now += 500;
        meter.add(1000);
      }
      expect(seen.map((p) => p.bytes)).to.deep.equal([1000, 2000, 3000, 4000]);
      expect(seen.at(-1)!.rate).to.equal(2000);
      now += 2000;
      expect(meter.rate()).to.equal(0);
      meter.finish();
      expect(seen.at(-1)).to.include({ bytes: 4000, total: 4000 });
    });
  });

  describe('exact parts', () => {
    it('re-cuts any chunking into parts of exactly partSize (the last shorter), the same bytes in order', async () => {
      const bytes = randomBytes(10_000);
      async function* chunks() {
        for (let at = 0; at < bytes.length; ) {
          const n = 1 + ((at * 7) % 3000);
          yield bytes.subarray(at, at + n);
          at += n;
        }
      }
      const parts: Uint8Array[] = [];
      for await (const p of exactParts(chunks(), 4096, bytes.length)) parts.push(Uint8Array.from(p));
      expect(parts.map((p) => p.length)).to.deep.equal([4096, 4096, 10_000 - 8192]);
      expect(Buffer.concat(parts).equals(bytes)).to.equal(true);
    });
  });
});
