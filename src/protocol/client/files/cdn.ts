/**
 * Downloading from a CDN DC after upload.fileCdnRedirect: upload.getCdnFile
 * on the CDN DC (no authorization there), upload.reuploadCdnFile at the
 * master DC when the CDN lost the file, AES-256-CTR decryption, and every
 * 128 KiB block checked against its sha256 before a byte is delivered.
 */
import type { tl } from '../../../schema/index.js';
import { RpcError } from '../../mtproto/errors.js';
import { abortable } from '../abort.js';
import { CdnHashes, cdnDecrypt } from './cdn-crypto.js';
import type { FileHost } from './host.js';
import { CDN_BLOCK, type ByteRange } from './parts.js';

/** The CDN refused the token: download from the master DC instead, as Telegram's docs say. */
export const CDN_FALLBACK = Symbol('cdn-fallback');

const FALLBACK_ERRORS = new Set(['FILE_TOKEN_INVALID', 'REQUEST_TOKEN_INVALID', 'CDN_METHOD_INVALID']);
const MAX_REUPLOADS = 3;

export class CdnFile {
  private readonly hashes = new CdnHashes();

  constructor(
    private readonly host: FileHost,
    private readonly redirect: tl.upload.FileCdnRedirect,
    /** The DC that sent the redirect: reuploadCdnFile and getCdnFileHashes go there. */
    private readonly masterDc: number | undefined,
  ) {
    this.hashes.add(redirect.fileHashes);
  }

  /** The plain bytes of `range` (whole 128 KiB blocks are fetched and checked, then cut to the range). */
  async fetch(range: ByteRange, signal: AbortSignal): Promise<Uint8Array | typeof CDN_FALLBACK> {
    // The planner's ranges are aligned to their own limit: from 128 KiB on they are whole blocks; below, inside one block.
    const start = range.offset - (range.offset % CDN_BLOCK);
    const limit = Math.max(range.limit, CDN_BLOCK);
    const { fileToken, encryptionKey, encryptionIv } = this.redirect;
    for (let reuploads = 0; ; reuploads++) {
      let answer: tl.upload.TypeCdnFile;
      try {
        const link = await abortable(this.host.transfers.cdnLink(this.redirect.dcId), signal);
        answer = (await abortable(link.invoke({ _: 'upload.getCdnFile', fileToken, offset: BigInt(start), limit }), signal)) as tl.upload.TypeCdnFile;
      } catch (e) {
        if (e instanceof RpcError && FALLBACK_ERRORS.has(e.errorMessage)) return CDN_FALLBACK;
        throw e;
      }
      if (answer._ === 'upload.cdnFileReuploadNeeded') {
        if (reuploads >= MAX_REUPLOADS) throw new Error(`the CDN DC still lacks the file after ${MAX_REUPLOADS} upload.reuploadCdnFile calls`);
        try {
          this.hashes.add(await this.host.invoke({ _: 'upload.reuploadCdnFile', fileToken, requestToken: answer.requestToken }, { dcId: this.masterDc, signal }));
        } catch (e) {
          if (e instanceof RpcError && FALLBACK_ERRORS.has(e.errorMessage)) return CDN_FALLBACK;
          throw e;
        }
        continue;
      }
      const plain = cdnDecrypt(answer.bytes, encryptionKey, encryptionIv, start);
      await this.ensureHashes(start, plain.length, signal);
      this.hashes.verify(plain, start);
      return plain.subarray(range.offset - start, range.offset - start + range.limit);
    }
  }

  /** Asks the master DC for the hashes of blocks not covered yet (each answer covers a run of blocks from an offset). */
  private async ensureHashes(start: number, length: number, signal: AbortSignal): Promise<void> {
    for (const offset of this.hashes.missing(start, length, CDN_BLOCK)) {
      if (this.hashes.get(offset)) continue;
      this.hashes.add(await this.host.invoke({ _: 'upload.getCdnFileHashes', fileToken: this.redirect.fileToken, offset: BigInt(offset) }, { dcId: this.masterDc, signal }));
    }
  }
}
