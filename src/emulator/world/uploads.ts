/**
 * File parts as upload.saveFilePart / saveBigFilePart leave them, per
 * (account, DC, file_id), checked by Telegram's rules
 * (core.telegram.org/api/files): every part but the last has the same size,
 * which is a multiple of 1 KiB dividing 512 KiB; at most 4000 parts. Parts
 * may arrive in any order, so a size is judged once it is known which part is
 * the last: the highest part number (or file_total_parts - 1).
 */
import { createHash } from 'node:crypto';
import type { tl } from '../../schema/index.js';
import { ChunkedBytes } from './chunked-bytes.js';
import { fileError } from './file-error.js';

export const MAX_PART_SIZE = 512 * 1024;
/** upload_max_fileparts_default: 4000 parts of 512 KiB is Telegram's 2000 MiB. */
export const MAX_PARTS = 4000;
/** Files above this must be uploaded with saveBigFilePart. */
export const SMALL_FILE_MAX = 10 * 1024 * 1024;

interface Upload {
  big: boolean;
  /** saveBigFilePart's file_total_parts. */
  totalParts?: number;
  parts: Map<number, Uint8Array>;
}

/** What a kept part may hold of its frame besides itself: the MTProto header and padding, and the request's own fields. */
const FRAME_SLACK = 2048;

export const validPartSize = (size: number) => size > 0 && size % 1024 === 0 && MAX_PART_SIZE % size === 0;

export class Uploads {
  private readonly uploads = new Map<string, Upload>();

  /** Keeps one part; throws FileError for a part Telegram would refuse (and keeps nothing then). */
  save(owner: bigint, dcId: number, fileId: bigint, part: number, bytes: Uint8Array, totalParts?: number): void {
    const big = totalParts !== undefined;
    if (big && (!Number.isInteger(totalParts) || totalParts < 1 || totalParts > MAX_PARTS)) throw fileError('FILE_PARTS_INVALID');
    if (!Number.isInteger(part) || part < 0 || part >= (totalParts ?? MAX_PARTS)) throw fileError('FILE_PART_INVALID');
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw fileError('FILE_PART_EMPTY');
    if (bytes.length > MAX_PART_SIZE) throw fileError('FILE_PART_TOO_BIG');
    const key = `${owner}:${dcId}:${fileId}`;
    const upload = this.uploads.get(key) ?? { big, totalParts, parts: new Map() };
    // One file_id is either a small or a big upload, with one part count.
    if (upload.big !== big || upload.totalParts !== totalParts) throw fileError('FILE_PARTS_INVALID');
    const before = upload.parts.get(part);
    upload.parts.set(part, bytes);
    const broken = shapeError(upload, part);
    if (broken) {
      if (before) upload.parts.set(part, before);
      else upload.parts.delete(part);
      throw fileError(broken);
    }
    // A view of a much bigger buffer (a frame holding more than this part) is copied, so that keeping a part
    // never keeps much else; a part that is nearly all of its frame, as a big part is, is kept as it is.
    upload.parts.set(part, bytes.buffer.byteLength - bytes.byteLength <= FRAME_SLACK ? bytes : bytes.slice());
    this.uploads.set(key, upload);
  }

  /**
   * The bytes an inputFile / inputFileBig names, checked as sendMedia checks
   * them: all its parts there, the kind it was uploaded as, the md5 if given.
   */
  take(owner: bigint, dcId: number, input: tl.TypeInputFile): ChunkedBytes {
    if (input._ !== 'inputFile' && input._ !== 'inputFileBig') throw fileError('FILE_PARTS_INVALID');
    const parts = input.parts;
    if (!Number.isInteger(parts) || parts < 1 || parts > MAX_PARTS) throw fileError('FILE_PARTS_INVALID');
    const upload = this.uploads.get(`${owner}:${dcId}:${input.id}`);
    if (!upload) throw fileError('FILE_PART_0_MISSING');
    const big = input._ === 'inputFileBig';
    if (upload.big !== big || (big && upload.totalParts !== parts)) throw fileError('FILE_PARTS_INVALID');
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < parts; i++) {
      const chunk = upload.parts.get(i);
      if (!chunk) throw fileError(`FILE_PART_${i}_MISSING`);
      chunks.push(chunk);
    }
    for (const i of upload.parts.keys()) if (i >= parts) throw fileError('FILE_PARTS_INVALID');
    const content = new ChunkedBytes(chunks, chunks[0].length);
    if (!big && content.size > SMALL_FILE_MAX) throw fileError('FILE_PARTS_INVALID');
    if (input._ === 'inputFile' && input.md5Checksum) {
      const md5 = createHash('md5');
      for (const c of chunks) md5.update(c);
      if (md5.digest('hex') !== input.md5Checksum.toLowerCase()) throw fileError('MD5_CHECKSUM_INVALID');
    }
    return content;
  }
}

/**
 * What is wrong with the parts after `part` arrived, if anything: every part
 * but the last must have the largest size seen, and that size must be a
 * valid part size once some part other than the last has it.
 */
function shapeError(upload: Upload, part: number): string | undefined {
  let last = -1;
  let largest = 0;
  for (const [i, b] of upload.parts) {
    if (i > last) last = i;
    if (b.length > largest) largest = b.length;
  }
  if (upload.totalParts !== undefined) last = upload.totalParts - 1;
  const size = upload.parts.get(part)!.length;
  let sizeUsed = false;
  for (const [i, b] of upload.parts) {
    if (i === last) {
      if (b.length > largest) return 'FILE_PART_SIZE_CHANGED';
      continue;
    }
    if (b.length !== largest) return validPartSize(size) || part === last ? 'FILE_PART_SIZE_CHANGED' : 'FILE_PART_SIZE_INVALID';
    sizeUsed = true;
  }
  if (sizeUsed && !validPartSize(largest)) return 'FILE_PART_SIZE_INVALID';
  return undefined;
}
