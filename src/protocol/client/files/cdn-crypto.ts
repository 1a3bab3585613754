/**
 * CDN file bytes: AES-256-CTR with the key and IV from upload.fileCdnRedirect,
 * the IV's last 4 bytes replaced by offset / 16 (big-endian) for a part at
 * `offset`; then each 128 KiB block checked against the sha256 the master DC
 * gives (upload.fileCdnRedirect, getCdnFileHashes, reuploadCdnFile).
 */
import { AesCtr } from '../../crypto/ctr.js';
import { sha256 } from '../../crypto/hash.js';
import type { tl } from '../../../schema/index.js';
import { CdnHashMismatchError, FileInputError } from './errors.js';

/** Decrypts (or encrypts: CTR is symmetric) the bytes of a CDN file that start at `offset` (a multiple of 16). */
export function cdnDecrypt(bytes: Uint8Array, key: Uint8Array, iv: Uint8Array, offset: number): Uint8Array {
  if (offset % 16 !== 0) throw new FileInputError(`a CDN part starts at a multiple of 16 bytes, got offset ${offset}`);
  const counter = Uint8Array.from(iv);
  new DataView(counter.buffer).setUint32(12, offset / 16, false);
  return new AesCtr(key, counter).update(bytes);
}

/** The hashes of a CDN file, by block offset, as the master DC hands them out. */
export class CdnHashes {
  private readonly byOffset = new Map<number, tl.FileHash>();

  add(hashes: readonly tl.TypeFileHash[]): void {
    for (const h of hashes) this.byOffset.set(Number(h.offset), h);
  }

  get(offset: number): tl.FileHash | undefined {
    return this.byOffset.get(offset);
  }

  /** Offsets of the blocks in [start, start + length) that have no hash yet. */
  missing(start: number, length: number, block: number): number[] {
    const out: number[] = [];
    for (let at = start; at < start + length; at += block) if (!this.byOffset.has(at)) out.push(at);
    return out;
  }

  /**
   * Checks the decrypted bytes that start at `start` against the hashes of
   * the blocks they cover; the first mismatch throws CdnHashMismatchError.
   */
  verify(bytes: Uint8Array, start: number): void {
    let at = 0;
    while (at < bytes.length) {
      const h = this.byOffset.get(start + at);
      if (!h) throw new FileInputError(`no CDN hash for the block at offset ${start + at}`);
      const block = bytes.subarray(at, at + h.limit);
      const got = sha256(block);
      if (block.length !== h.limit || !equalBytes(got, h.hash)) throw new CdnHashMismatchError(start + at, h.limit, got, h.hash);
      at += h.limit;
    }
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
